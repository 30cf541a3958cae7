using System.Globalization;
using System.Text.Json.Nodes;

namespace PluginBridge.Engine.Json;

/// <summary>JSON.JSONPatch.ApplyPatch / FromDiff: RFC 6902 JSON Patch. Applying is atomic (on a copy: any failing
/// operation leaves the document unchanged), as MBS documents.</summary>
static class JsonPatchFunctions
{
    public static void Register(Registry r)
    {
        JsonFunctions.Add(r, "JSON.JSONPatch.ApplyPatch", "json1; jsonPatch", Apply);
        JsonFunctions.Add(r, "JSON.JSONPatch.FromDiff", "json1; json2 { ; KeyToCopy }", FromDiff);
    }

    static Value Apply(Args a)
    {
        var doc = JsonRefs.Read(a, 0).Node?.DeepClone();
        if (JsonRefs.Read(a, 1).Node is not JsonArray patch)
            throw new MbsException(
                "The JSON Patch must be an array of operations, e.g. [{\"op\":\"add\",\"path\":\"/a\",\"value\":1}].");
        foreach (var op in patch)
            doc = ApplyOne(doc,
                op as JsonObject ?? throw new MbsException("Each JSON Patch operation must be an object."));
        return Value.FromText(JsonText.Print(doc));
    }

    static string Member(JsonObject op, string name) =>
        op.TryGetPropertyValue(name, out var v) && JsonValues.Kind(v) == System.Text.Json.JsonValueKind.String
            ? v!.GetValue<string>()
                : throw new MbsException($"JSON Patch operation without \"{name}\": {JsonText.Compact(op)}");

    static JsonNode? ApplyOne(JsonNode? doc, JsonObject op)
    {
        var kind = Member(op, "op");
        var path = Member(op, "path");
        JsonNode? Value() => op.TryGetPropertyValue("value", out var v) ? v?.DeepClone()
            : throw new MbsException($"JSON Patch \"{kind}\" needs a value.");
        switch (kind)
        {
            case "add": return Add(doc, path, Value());
            case "remove": Remove(doc, path); return doc;
            case "replace": return Replace(doc, path, Value());
            case "move": { var from = Member(op, "from"); var v =
                Get(doc, from)?.DeepClone(); Remove(doc, from); return Add(doc, path, v); }
            case "copy": return Add(doc, path, Get(doc, Member(op, "from"))?.DeepClone());
            case "test":
                if (!JsonValues.Equal(Get(doc, path), Value(), false))
                    throw new MbsException($"JSON Patch test failed at \"{path}\"; the document is unchanged.");
                return doc;
            default: throw new MbsException(
                $"Unknown JSON Patch operation \"{kind}\". Use add, remove, replace, move, copy or test.");
        }
    }

    static List<string> Pointer(string path)
    {
        if (path.Length == 0) return [];
        if (path[0] != '/') throw new MbsException($"\"{path}\" is not a JSON Pointer; it must start with /.");
        return path[1..].Split('/').Select(s => s.Replace("~1", "/").Replace("~0", "~")).ToList();
    }

    static JsonNode? Get(JsonNode? doc, string path)
    {
        var node = doc;
        foreach (var step in Pointer(path))
            if (!JsonValues.TryChild(node, step, out node))
                throw new MbsException($"JSON Patch path \"{path}\" not found; the document is unchanged.");
        return node;
    }

    static (JsonNode? Parent, string Last) Parent(JsonNode? doc, string path)
    {
        var steps = Pointer(path);
        var parentPath =
            string.Concat(steps.Take(steps.Count - 1).Select(s => "/" + s.Replace("~", "~0").Replace("/", "~1")));
        return (Get(doc, parentPath), steps[^1]);
    }

    static JsonNode? Add(JsonNode? doc, string path, JsonNode? value)
    {
        if (path.Length == 0) return value;
        var (parent, last) = Parent(doc, path);
        switch (parent)
        {
            case JsonObject o: o[last] = value; break;
            case JsonArray arr when last == "-": arr.Add(value); break;
            case JsonArray arr when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                && i <= arr.Count: arr.Insert(i, value); break;
            default: throw new MbsException($"JSON Patch cannot add at \"{path}\"; the document is unchanged.");
        }
        return doc;
    }

    // In place, so an object member keeps its position.
    static JsonNode? Replace(JsonNode? doc, string path, JsonNode? value)
    {
        if (path.Length == 0) return value;
        var (parent, last) = Parent(doc, path);
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last): o[last] = value; break;
            case JsonArray arr when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                && i < arr.Count: arr[i] = value; break;
            default: throw new MbsException($"JSON Patch path \"{path}\" not found; the document is unchanged.");
        }
        return doc;
    }

    static void Remove(JsonNode? doc, string path)
    {
        var (parent, last) = Parent(doc, path);
        var removed = parent switch
        {
            JsonObject o => o.Remove(last),
            JsonArray arr when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                && i < arr.Count => Do(() => arr.RemoveAt(i)),
            _ => false,
        };
        if (!removed) throw new MbsException($"JSON Patch path \"{path}\" not found; the document is unchanged.");
    }

    static bool Do(Action action) { action(); return true; }

    static Value FromDiff(Args a)
    {
        var ops = new JsonArray();
        Diff(JsonRefs.Read(a, 0).Node, JsonRefs.Read(a, 1).Node, "", a.Text(2, ""), null, ops);
        return Value.FromText(JsonText.Print(ops));
    }

    // Objects: changed members first (recursively), then removed, in json1's order; added members last, in json2's
    // order.
    // Arrays: item by item, then removals from the end, then additions.
    static void Diff(JsonNode? from, JsonNode? to, string path, string keyToCopy, JsonNode? key, JsonArray ops)
    {
        if (from is JsonObject f && to is JsonObject t)
        {
            var ownKey = keyToCopy.Length > 0 && f.TryGetPropertyValue(keyToCopy, out var k) ? k : key;
            foreach (var (name, value) in f)
            {
                var p = path + "/" + name.Replace("~", "~0").Replace("/", "~1");
                if (!t.TryGetPropertyValue(name, out var other))
                    ops.Add(Op("remove", p, null, false, keyToCopy, ownKey));
                else Diff(value, other, p, keyToCopy, ownKey, ops);
            }
            foreach (var (name, value) in t)
                if (!f.ContainsKey(name)) ops.Add(
                    Op("add", path + "/" + name.Replace("~", "~0").Replace("/", "~1"), value, true, keyToCopy, ownKey));
            return;
        }
        if (from is JsonArray fa && to is JsonArray ta)
        {
            var common = Math.Min(fa.Count, ta.Count);
            for (var i = 0; i < common; i++) Diff(fa[i], ta[i], path + "/" + i, keyToCopy, key, ops);
            for (var i = fa.Count - 1; i >= common; i--)
                ops.Add(Op("remove", path + "/" + i, null, false, keyToCopy, key));
            for (var i = common; i < ta.Count; i++) ops.Add(Op("add", path + "/" + i, ta[i], true, keyToCopy, key));
            return;
        }
        if (!JsonValues.Equal(from, to, false)) ops.Add(Op("replace", path, to, true, keyToCopy, key));
    }

    static JsonNode Op(string kind, string path, JsonNode? value, bool withValue, string keyToCopy, JsonNode? key)
    {
        var op = new JsonObject { ["op"] = kind, ["path"] = path };
        if (withValue) op["value"] = value?.DeepClone();
        if (keyToCopy.Length > 0 && key is not null) op[keyToCopy] = key.DeepClone();
        return op;
    }
}

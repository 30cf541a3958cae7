using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace PluginBridge.Engine.Json;

/// <summary>Functions that change or reshape JSON: Delete/Replace items, SetPathItem, ArraySlice, Merge, merge
/// patches, Flatten/Unflatten, and the text forms Format and Compact.</summary>
static class JsonEditFunctions
{
    public static void Register(Registry r)
    {
        JsonFunctions.Add(r, "JSON.Format", "JSON", a => Value.FromText(JsonText.Format(JsonRefs.Read(a, 0).Node)));
        JsonFunctions.Add(r, "JSON.Compact", "JSON", a => Value.FromText(JsonText.Compact(JsonRefs.Read(a, 0).Node)));
        JsonFunctions.Add(r, "JSON.SetFormatOptions", "{ ; tabIndention; tabAfterObjectKey }", SetFormatOptions);
        JsonFunctions.Add(r, "JSON.DeleteItemFromArray", "JSON; Index", DeleteItemFromArray);
        JsonFunctions.Add(r, "JSON.DeleteItemFromObject", "JSON; Name", DeleteItemFromObject);
        JsonFunctions.Add(r, "JSON.ReplaceItemInArray", "JSON; Index; json2", ReplaceItemInArray);
        JsonFunctions.Add(r, "JSON.ReplaceItemInObject", "JSON; Name; json2", ReplaceItemInObject);
        JsonFunctions.Add(r, "JSON.SetPathItem", "JSON; Path; Value", SetPathItem);
        JsonFunctions.Add(r, "JSON.ArraySlice", "JSON { ; Start; end; AsReference }", ArraySlice);
        JsonFunctions.Add(r, "JSON.Merge", "json1; json2...", Merge);
        JsonFunctions.Add(r, "JSON.MergePatch.ApplyPatch", "JSON; jsonPatch",
            a => Value.FromText(JsonText.Print(
                ApplyMergePatch(JsonRefs.Detached(JsonRefs.Read(a, 0))?.DeepClone(), JsonRefs.Read(a, 1).Node))));
        JsonFunctions.Add(r, "JSON.MergePatch.FromDiff", "json1; json2",
            a => Value.FromText(JsonText.Print(MergeDiff(JsonRefs.Read(a, 0).Node, JsonRefs.Read(a, 1).Node))));
        JsonFunctions.Add(r, "JSON.Sort", "JSON", Sort);
        JsonFunctions.Add(r, "JSON.Flatten", "JSON", Flatten);
        JsonFunctions.Add(r, "JSON.Unflatten", "JSON", Unflatten);
    }

    static Value SetFormatOptions(Args a)
    {
        JsonText.SetFormatOptions(a.Count > 0 ? a.Text(0) : null, a.Count > 1 ? a.Text(1) : null);
        return Value.Ok;
    }

    static int CheckedIndex(Args a, JsonArray array)
    {
        var index = a.Int(1);
        if (index < 0 || index >= array.Count)
            throw new MbsException(
                $"Array index {index} is out of range; the array has {array.Count} items (indexes start at 0).");
        return index;
    }

    static Value DeleteItemFromArray(Args a)
    {
        var input = JsonRefs.Read(a, 0);
        var array = JsonRefs.ArrayOf(input, a.Function);
        array.RemoveAt(CheckedIndex(a, array));
        return JsonRefs.Result(input, array);
    }

    static Value DeleteItemFromObject(Args a)
    {
        var input = JsonRefs.Read(a, 0);
        var obj = JsonRefs.ObjectOf(input, a.Function);
        obj.Remove(a.Text(1));
        return JsonRefs.Result(input, obj);
    }

    static Value ReplaceItemInArray(Args a)
    {
        var input = JsonRefs.Read(a, 0);
        var array = JsonRefs.ArrayOf(input, a.Function);
        array[CheckedIndex(a, array)] = JsonRefs.Detached(JsonRefs.Read(a, 2));
        return JsonRefs.Result(input, array);
    }

    static Value ReplaceItemInObject(Args a)
    {
        var input = JsonRefs.Read(a, 0);
        var obj = JsonRefs.ObjectOf(input, a.Function);
        if (!obj.ContainsKey(a.Text(1)))
            throw new MbsException(
                $"The object has no member \"{a.Text(1)}\" to replace. Use JSON.AddItemToObject to add one.");
        obj[a.Text(1)] = JsonRefs.Detached(JsonRefs.Read(a, 2));
        return JsonRefs.Result(input, obj);
    }

    static Value SetPathItem(Args a)
    {
        var input = JsonRefs.Read(a, 0);
        var valueText = a.Text(2);
        var value = JsonRefs.TryParse(valueText, out var parsed) ? parsed : JsonValues.String(valueText);
        if (JsonRefs.Table.TryGet(ParseRef(valueText), out var doc)) value = doc.Root?.DeepClone();
        return JsonRefs.Result(input, JsonPath.Set(input.Node, JsonPath.Parse(a.Text(1)), value));
    }

    static long ParseRef(string s) =>
        long.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1;

    static Value ArraySlice(Args a)
    {
        var array = JsonRefs.ArrayOf(JsonRefs.Read(a, 0), a.Function);
        var n = array.Count;
        static int Clamp(long pos, int n) => (int)(pos < 0 ? Math.Max(0, n + pos) : Math.Min(n, pos));
        var start = Clamp(a.Long(1, 0), n);
        var end = Clamp(a.Long(2, n), n);
        var result = new JsonArray();
        for (var i = start; i < end; i++) result.Add(array[i]?.DeepClone());
        return a.Bool(3) ? JsonRefs.NewRef(result) : Value.FromText(JsonText.Print(result));
    }

    static Value Merge(Args a)
    {
        var target = JsonRefs.Read(a, 0).Node?.DeepClone();
        for (var i = 1; i < a.Count; i++)
            target = MergeInto(target, JsonRefs.Read(a, i).Node);
        return Value.FromText(JsonText.Print(target));
    }

    static JsonNode? MergeInto(JsonNode? target, JsonNode? source)
    {
        if (target is JsonObject to && source is JsonObject so)
        {
            foreach (var (key, value) in so)
                to[key] = to.TryGetPropertyValue(key, out var existing) && existing is JsonObject or JsonArray
                    ? MergeInto(existing!.DeepClone(), value) : value?.DeepClone();
            return to;
        }
        if (target is JsonArray ta && source is JsonArray sa)
        {
            foreach (var item in sa)
                if (!ta.Any(t => JsonValues.Equal(t, item, false))) ta.Add(item?.DeepClone());
            return ta;
        }
        return source?.DeepClone();
    }

    static JsonNode? ApplyMergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject p) return patch?.DeepClone();
        var t = target as JsonObject ?? new JsonObject();
        foreach (var (key, value) in p)
        {
            if (value is null) t.Remove(key);
            else t[key] =
                ApplyMergePatch(t.TryGetPropertyValue(key, out var existing) ? existing?.DeepClone() : null, value);
        }
        return t;
    }

    static JsonNode? MergeDiff(JsonNode? from, JsonNode? to)
    {
        if (from is not JsonObject f || to is not JsonObject t) return to?.DeepClone();
        var patch = new JsonObject();
        foreach (var (key, value) in f)
        {
            if (!t.TryGetPropertyValue(key, out var other)) patch[key] = null;
            else if (!JsonValues.Equal(value, other, false)) patch[key] = MergeDiff(value, other);
        }
        foreach (var (key, value) in t)
            if (!f.ContainsKey(key)) patch[key] = value?.DeepClone();
        return patch;
    }

    static Value Sort(Args a)
    {
        var node = JsonRefs.Read(a, 0).Node?.DeepClone();
        switch (node)
        {
            case JsonArray arr:
                var items = arr.ToArray();
                arr.Clear();
                foreach (var item in items.OrderBy(i => JsonValues.Kind(i) == System.Text.Json.JsonValueKind.Number ? 0
                    : 1)
                             .ThenBy(i => JsonValues.ToDouble(i))
                                 .ThenBy(i => JsonText.AsValue(i), StringComparer.Ordinal))
                    arr.Add(item);
                break;
            case JsonObject obj:
                var members = obj.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
                obj.Clear();
                foreach (var (key, value) in members) obj[key] = value;
                break;
        }
        return Value.FromText(JsonText.Print(node));
    }

    static Value Flatten(Args a)
    {
        var result = new JsonObject();
        void Walk(JsonNode? node, string path)
        {
            switch (node)
            {
                case JsonObject o when o.Count > 0:
                    foreach (var (key, value) in o)
                        Walk(value, path + "['" + key.Replace("\\", "\\\\").Replace("'", "\\'") + "']");
                    break;
                case JsonArray arr when arr.Count > 0:
                    for (var i = 0; i < arr.Count; i++)
                        Walk(arr[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]");
                    break;
                default:
                    result[path] = node?.DeepClone();
                    break;
            }
        }
        Walk(JsonRefs.Read(a, 0).Node, "$");
        return Value.FromText(JsonText.Print(result));
    }

    static Value Unflatten(Args a)
    {
        var flat = JsonRefs.ObjectOf(JsonRefs.Read(a, 0), a.Function);
        JsonNode? root = null;
        foreach (var (key, value) in flat)
            root = JsonPath.Set(root, NormalizedPathSteps(key), value?.DeepClone());
        return Value.FromText(JsonText.Print(root));
    }

    // $['a'][0]['b'] → a, [0], b
    static List<JsonPath.Step> NormalizedPathSteps(string path)
    {
        if (!path.StartsWith('$')) throw new MbsException(
            $"\"{path}\" is not a normalized path like $['a'][0]. Pass the output of JSON.Flatten.");
        var steps = new List<JsonPath.Step>();
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] != '[') throw new MbsException($"\"{path}\" is not a normalized path like $['a'][0].");
            if (i + 1 < path.Length && path[i + 1] == '\'')
            {
                var sb = new StringBuilder();
                var j = i + 2;
                for (; j < path.Length && path[j] != '\''; j++)
                    sb.Append(path[j] == '\\' && j + 1 < path.Length ? path[++j] : path[j]);
                steps.Add(new JsonPath.Step(sb.ToString(), false));
                i = j + 2;
            }
            else
            {
                var close = path.IndexOf(']', i);
                steps.Add(new JsonPath.Step(path[(i + 1)..close], true));
                i = close + 1;
            }
        }
        return steps;
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PluginBridge.Engine.Json;

/// <summary>JSON.Get…, JSON.Find…, JSON.Equals and the other functions that read JSON without changing it.</summary>
static class JsonReadFunctions
{
    public static void Register(Registry r)
    {
        JsonFunctions.Add(r, "JSON.GetType", "JSON", a => Value.FromText(JsonText.TypeName(Node(a))));
        JsonFunctions.Add(r, "JSON.GetValue", "JSON", GetValue);
        JsonFunctions.Add(r, "JSON.GetStringValue", "JSON", a => Value.FromText(JsonText.AsValue(Node(a))));
        JsonFunctions.Add(r, "JSON.GetDoubleValue", "JSON", a => Value.FromNumber(JsonValues.ToDouble(Node(a))));
        JsonFunctions.Add(r, "JSON.GetIntegerValue", "JSON",
            a => Value.FromNumber((long)Math.Truncate(JsonValues.ToDouble(Node(a)))));
        JsonFunctions.Add(r, "JSON.GetBooleanValue", "JSON", a => Value.FromBool(IsTrue(Node(a))));
        JsonFunctions.Add(r, "JSON.IsValid", "JSON", a => Value.FromBool(JsonRefs.TryParse(a.Text(0), out _)));
        JsonFunctions.Add(r, "JSON.Equals", "json1; json2",
            a => Value.FromBool(JsonValues.Equal(Node(a), JsonRefs.Read(a, 1).Node, false)));
        JsonFunctions.Add(r, "JSON.EqualContent", "json1; json2",
            a => Value.FromBool(JsonValues.Equal(Node(a), JsonRefs.Read(a, 1).Node, true)));

        JsonFunctions.Add(r, "JSON.GetArraySize", "JSON", a => Value.FromNumber(Array(a).Count));
        JsonFunctions.Add(r, "JSON.GetArrayItem", "JSON; Index { ; Flags }", GetArrayItem);
        JsonFunctions.Add(r, "JSON.GetArrayItems", "JSON",
            a => Value.FromText(string.Join('\r', Array(a).Select(i => JsonRefs.NewRef(i?.DeepClone()).Text))));
        JsonFunctions.Add(r, "JSON.GetArrayItemsAsList", "JSON { ; ReturnValues }", GetArrayItemsAsList);
        JsonFunctions.Add(r, "JSON.GetArrayPathItems", "JSON; Path { ; AsValue }", GetArrayPathItems);
        JsonFunctions.Add(r, "JSON.GetObjectItem", "JSON; Name { ; AsReference }", GetObjectItem);
        JsonFunctions.Add(r, "JSON.GetObjectItemTree", "JSON; Names...", a => Value.FromText(JsonText.Print(Tree(a))));
        JsonFunctions.Add(r, "JSON.GetObjectItemTreeRef", "JSON; Names...", a => JsonRefs.NewRef(Tree(a)?.DeepClone()));
        JsonFunctions.Add(r, "JSON.GetObjectName", "JSON; Index", GetObjectName);
        JsonFunctions.Add(r, "JSON.GetObjectNameList", "JSON",
            a => Value.FromText(string.Join('\r', Object(a).Select(p => p.Key))));
        JsonFunctions.Add(r, "JSON.GetObjectSize", "JSON", a => Value.FromNumber(Object(a).Count));
        JsonFunctions.Add(r, "JSON.GetPathItem", "JSON; Path { ; Flags }", GetPathItem);

        JsonFunctions.Add(r, "JSON.FindValueInArray", "JSON; Find { ; Flags; StartIndex }", FindValueInArray);
        JsonFunctions.Add(r, "JSON.FindValueInObjectArray", "JSON; Label; Find { ; Flags; StartIndex }",
            FindValueInObjectArray);
        JsonFunctions.Add(r, "JSON.FilterObjectArray", "JSON; Label; Find { ; byContent }", FilterObjectArray);
    }

    static JsonNode? Node(Args a) => JsonRefs.Read(a, 0).Node;

    static JsonArray Array(Args a) =>
        Node(a) as JsonArray ?? throw new MbsException($"{a.Function} needs a JSON array.");

    static JsonObject Object(Args a) =>
        Node(a) as JsonObject ?? throw new MbsException($"{a.Function} needs a JSON object.");

    static Value GetValue(Args a)
    {
        var n = Node(a);
        var kind = JsonValues.Kind(n);
        return kind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
            ? Value.Arg(Core.ValueType.Number, JsonText.AsValue(n), null, null)
            : Value.FromText(JsonText.AsValue(n));
    }

    static bool IsTrue(JsonNode? n) => JsonValues.Kind(n) switch
    {
        JsonValueKind.True => true,
        JsonValueKind.Number => JsonValues.ToDouble(n) != 0,
        JsonValueKind.String => n!.GetValue<string>() is "1" or "true",
        _ => false,
    };

    // Flags 0: JSON text, 1: reference number, 2: value.
    static Value Emit(JsonNode? n, long flags) => flags switch
    {
        1 => JsonRefs.NewRef(n?.DeepClone()),
        2 => Value.FromText(JsonText.AsValue(n)),
        _ => Value.FromText(JsonText.Print(n)),
    };

    static Value GetArrayItem(Args a)
    {
        var array = Array(a);
        return Emit(array[Index(a, array.Count, "array", "items")], a.Long(2));
    }

    // Strings stay in quotes unless ReturnValues is 1; objects and arrays are given as compact JSON.
    static Value GetArrayItemsAsList(Args a)
    {
        var values = a.Bool(1);
        return Value.FromText(string.Join('\r', Array(a).Select(i => JsonValues.Kind(i) switch
        {
            JsonValueKind.Object or JsonValueKind.Array => JsonText.Compact(i),
            JsonValueKind.String when !values => JsonText.Compact(i),
            _ => JsonText.AsValue(i),
        })));
    }

    static Value GetArrayPathItems(Args a)
    {
        if (Node(a) is not JsonArray array) return Value.Empty;
        var path = a.Text(1);
        var steps = JsonPath.Parse(path);
        var asValue = a.Bool(2);
        var lines = new List<string>();
        foreach (var item in array)
            lines.Add(asValue ? JsonText.AsValue(JsonPath.Get(item, steps, path))
                : JsonText.Print(JsonPath.Get(item, steps, path)));
        return Value.FromText(string.Join('\r', lines));
    }

    static Value GetObjectItem(Args a)
    {
        if (!Object(a).TryGetPropertyValue(a.Text(1), out var item)) return Value.Empty;
        return a.Bool(2) ? JsonRefs.NewRef(item?.DeepClone()) : Value.FromText(JsonText.Print(item));
    }

    static JsonNode? Tree(Args a)
    {
        var node = Node(a);
        foreach (var v in a.From(1))
        {
            var name = v.AsText();
            if (!JsonValues.TryChild(node, name, out node))
                throw new MbsException($"{a.Function}: no item \"{name}\" in the JSON.");
        }
        return node;
    }

    static Value GetObjectName(Args a)
    {
        var obj = Object(a);
        return Value.FromText(obj.GetAt(Index(a, obj.Count, "object", "members")).Key);
    }

    /// <summary>The zero-based index in the second parameter, checked against the array's or object's size.</summary>
    static int Index(Args a, int count, string container, string items)
    {
        var index = a.Int(1);
        if (index < 0 || index >= count)
            throw new MbsException($"{char.ToUpperInvariant(container[0])}{container[1..]} index {index} is out of " +
                $"range; the {container} has {count} {items} (indexes start at 0).");
        return index;
    }

    static Value GetPathItem(Args a)
    {
        var flags = a.Long(2);
        var path = a.Text(1);
        JsonNode? found;
        try
        {
            found = JsonPath.Get(Node(a), JsonPath.Parse(path), path);
        }
        catch (MbsException) when ((flags & 2) != 0)
        {
            return Value.Empty;
        }
        return (flags & 1) != 0 ? Value.FromText(JsonText.AsValue(found)) : Value.FromText(JsonText.Print(found));
    }

    static bool Matches(JsonNode? item, JsonNode? find, long flags)
    {
        if ((flags & 4) != 0 && JsonValues.Kind(item) == JsonValueKind.String && JsonValues.Kind(find)
            == JsonValueKind.String)
            return item!.GetValue<string>().Contains(find!.GetValue<string>(), StringComparison.Ordinal);
        return JsonValues.Equal(item, find, (flags & 1) != 0);
    }

    static Value Find(Args a, JsonArray array, Func<JsonNode?, JsonNode?> select, JsonNode? find, long flags, int start)
    {
        var hits = new List<int>();
        for (var i = Math.Max(0, start); i < array.Count; i++)
        {
            if (!Matches(select(array[i]), find, flags)) continue;
            if ((flags & 2) == 0) return Value.FromNumber(i);
            hits.Add(i);
        }
        if ((flags & 2) != 0)
            return Value.FromText(string.Join('\r', hits.Select(h => h.ToString(CultureInfo.InvariantCulture))));
        return Value.FromNumber(-1);
    }

    static Value FindValueInArray(Args a) =>
        Find(a, Array(a), i => i, JsonRefs.Read(a, 1).Node, a.Long(2), a.Int(3));

    static JsonNode? Member(JsonNode? item, string label) =>
        item is JsonObject o && o.TryGetPropertyValue(label, out var v) ? v : null;

    static Value FindValueInObjectArray(Args a)
    {
        var label = a.Text(1);
        return Find(a, Array(a), i => i is JsonObject o && o.ContainsKey(label) ? Member(i, label) : MissingMarker,
            JsonRefs.Read(a, 2).Node, a.Long(3), a.Int(4));
    }

    // An object without the label never matches, not even a Find of null.
    static readonly JsonNode MissingMarker = new JsonObject { ["\u0000missing"] = true };

    static Value FilterObjectArray(Args a)
    {
        var label = a.Text(1);
        var find = JsonRefs.Read(a, 2).Node;
        var byContent = a.Bool(3);
        var result = new JsonArray();
        foreach (var item in Array(a))
            if (item is JsonObject o && o.TryGetPropertyValue(label, out var v) && JsonValues.Equal(v, find, byContent))
                result.Add(item.DeepClone());
        return Value.FromText(JsonText.Print(result));
    }
}

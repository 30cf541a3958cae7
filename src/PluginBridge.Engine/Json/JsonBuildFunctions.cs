using System.Text.Json.Nodes;

namespace PluginBridge.Engine.Json;

/// <summary>JSON.Create…, JSON.Add…, JSON.Parse and the reference book-keeping (Release, ReleaseAll, List,
/// Clone).</summary>
static class JsonBuildFunctions
{
    public static void Register(Registry r)
    {
        JsonFunctions.Add(r, "JSON.Parse", "JSON", a => JsonRefs.NewRef(JsonRefs.Parse(a.Text(0))));
        JsonFunctions.Add(r, "JSON.CreateObjectRef", "", _ => JsonRefs.NewRef(new JsonObject()));
        JsonFunctions.Add(r, "JSON.CreateArrayRef", "", _ => JsonRefs.NewRef(new JsonArray()));
        JsonFunctions.Add(r, "JSON.Clone", "JSON", a => JsonRefs.NewRef(JsonRefs.Read(a, 0).Node?.DeepClone()));
        JsonFunctions.Add(r, "JSON.Release", "JSONRef", Release);
        JsonFunctions.Add(r, "JSON.ReleaseAll", "", _ => { JsonRefs.Table.ReleaseAll(); return Value.Ok; });
        JsonFunctions.Add(r, "JSON.List", "", JsonRefs.Table.ListFunction);

        JsonFunctions.Add(r, "JSON.CreateObject", "", _ => Value.FromText("{}"));
        JsonFunctions.Add(r, "JSON.CreateArray", "", _ => Value.FromText("[]"));
        JsonFunctions.Add(r, "JSON.CreateNull", "", _ => Value.FromText("null"));
        JsonFunctions.Add(r, "JSON.CreateTrue", "", _ => Value.FromText("true"));
        JsonFunctions.Add(r, "JSON.CreateFalse", "", _ => Value.FromText("false"));
        JsonFunctions.Add(r, "JSON.CreateBoolean", "Value", a => Value.FromText(a.Bool(0) ? "true" : "false"));
        JsonFunctions.Add(r, "JSON.CreateNumber", "Value", a => Text(JsonValues.Number(a.Text(0))));
        JsonFunctions.Add(r, "JSON.CreateString", "Text", a => Value.FromText(JsonText.Quote(a.Text(0))));
        JsonFunctions.Add(r, "JSON.CreateValue", "Value", a => Text(JsonValues.FromValue(a[0])));
        JsonFunctions.Add(r, "JSON.CreateStringArray", "{ ; Value... }",
            a => Text(new JsonArray([.. a.From(0).Select(v => JsonValues.String(v.AsText()))])));
        JsonFunctions.Add(r, "JSON.CreateDoubleArray", "{ ; Value... }",
            a => Text(new JsonArray([.. a.From(0).Select(v => JsonValues.Number(v.AsText()))])));
        JsonFunctions.Add(r, "JSON.CreateIntegerArray", "{ ; Value... }",
            a => Text(new JsonArray([.. a.From(0).Select(v => JsonValues.Integer(v.AsText()))])));
        JsonFunctions.Add(r, "JSON.CreateStringArrayWithList", "valueList",
            a => Text(new JsonArray([.. SplitList(a.Text(0)).Select(JsonValues.String)])));

        JsonFunctions.Add(r, "JSON.AddItemToArray", "JSON; json2...", a => AddToArray(a, v => Item(v)));
        JsonFunctions.Add(r, "JSON.AddArrayToArray", "JSON; OtherJSON...", AddArrayToArray);
        JsonFunctions.Add(r, "JSON.AddStringToArray", "JSON; Value...",
            a => AddToArray(a, v => JsonValues.String(v.AsText())));
        JsonFunctions.Add(r, "JSON.AddNumberToArray", "JSON; Value...",
            a => AddToArray(a, v => JsonValues.Number(v.AsText())));
        JsonFunctions.Add(r, "JSON.AddValueToArray", "JSON; Value...", a => AddToArray(a, JsonValues.FromValue));
        JsonFunctions.Add(r, "JSON.AddItemToObject", "JSON; Name...; json2...", a => AddPairs(a, v => Item(v)));
        JsonFunctions.Add(r, "JSON.AddStringToObject", "JSON; Name...; Value...",
            a => AddPairs(a, v => JsonValues.String(v.AsText())));
        JsonFunctions.Add(r, "JSON.AddNumberToObject", "JSON; Name...; Value...",
            a => AddPairs(a, v => JsonValues.Number(v.AsText())));
        JsonFunctions.Add(r, "JSON.AddBooleanToObject", "JSON; Name...; Value...",
            a => AddPairs(a, v => JsonValues.Bool(IsTrue(v))));
        JsonFunctions.Add(r, "JSON.AddValueToObject", "JSON; Name...; Value...",
            a => AddPairs(a, JsonValues.FromValue));
        JsonFunctions.Add(r, "JSON.AddTrueToObject", "JSON; Name...", a => AddNames(a, () => JsonValues.Bool(true)));
        JsonFunctions.Add(r, "JSON.AddFalseToObject", "JSON; Name...", a => AddNames(a, () => JsonValues.Bool(false)));
        JsonFunctions.Add(r, "JSON.AddNullToObject", "JSON; Name...", a => AddNames(a, () => null));
    }

    static Value Text(JsonNode? node) => Value.FromText(JsonText.Print(node));

    static IEnumerable<string> SplitList(string list) =>
        list.Length == 0 ? [] : list.Split(["\r\n", "\r", "\n"], StringSplitOptions.None);

    static JsonNode? Item(Value v) => JsonRefs.Detached(JsonRefs.Read(v.AsText()));

    static bool IsTrue(Value v)
    {
        var s = v.AsText().Trim();
        if (s.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
        return double.TryParse(s, System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var d) && d != 0;
    }

    static Value Release(Args a)
    {
        foreach (var line in SplitList(a.Text(0).Trim()))
            if (line.Trim().Length > 0) JsonRefs.Table.Release(line);
        return Value.Ok;
    }

    static Value AddToArray(Args a, Func<Value, JsonNode?> make)
    {
        var input = JsonRefs.Read(a, 0);
        var array = JsonRefs.ArrayOf(input, a.Function);
        foreach (var v in a.From(1)) array.Add(make(v));
        return JsonRefs.Result(input, array);
    }

    static Value AddArrayToArray(Args a)
    {
        var input = JsonRefs.Read(a, 0);
        var array = JsonRefs.ArrayOf(input, a.Function);
        foreach (var v in a.From(1))
        {
            var other = Item(v);
            if (other is JsonArray items)
                foreach (var item in items.ToArray()) { items.Remove(item); array.Add(item); }
            else array.Add(other);
        }
        return JsonRefs.Result(input, array);
    }

    static Value AddPairs(Args a, Func<Value, JsonNode?> make)
    {
        if (a.Count % 2 == 0)
            throw new MbsException($"{a.Function} takes the JSON followed by name and value pairs; got {a.Count - 1} " +
                $"values after the JSON.");
        var input = JsonRefs.Read(a, 0);
        var obj = JsonRefs.ObjectOf(input, a.Function);
        for (var i = 1; i + 1 < a.Count; i += 2) obj[a.Text(i)] = make(a[i + 1]);
        return JsonRefs.Result(input, obj);
    }

    static Value AddNames(Args a, Func<JsonNode?> make)
    {
        var input = JsonRefs.Read(a, 0);
        var obj = JsonRefs.ObjectOf(input, a.Function);
        for (var i = 1; i < a.Count; i++) obj[a.Text(i)] = make();
        return JsonRefs.Result(input, obj);
    }
}

using System.Text.Json.Nodes;
using PluginBridge.Engine.Core;

namespace PluginBridge.Engine.Json;

/// <summary>JSON.Create…, JSON.Add…, JSON.Parse and the reference book-keeping (Release, ReleaseAll, List, Clone).</summary>
static class JsonBuildFunctions
{
    public static void Register(Registry r)
    {
        JsonFunctions.Add(r, "JSON.Parse", "JSON",
            "Parses JSON text into a new JSON reference number (release it with JSON.Release).",
            a => JsonRefs.NewRef(JsonRefs.Parse(a.Text(0))));
        JsonFunctions.Add(r, "JSON.CreateObjectRef", "",
            "A new empty object as a JSON reference number.",
            _ => JsonRefs.NewRef(new JsonObject()));
        JsonFunctions.Add(r, "JSON.CreateArrayRef", "",
            "A new empty array as a JSON reference number.",
            _ => JsonRefs.NewRef(new JsonArray()));
        JsonFunctions.Add(r, "JSON.Clone", "JSON",
            "A new reference number with a copy of the JSON.",
            a => JsonRefs.NewRef(JsonRefs.Read(a, 0).Node?.DeepClone()));
        JsonFunctions.Add(r, "JSON.Release", "JSONRef",
            "Frees a JSON reference number (or a ¶-list of them, as JSON.GetArrayItems returns). OK.",
            Release);
        JsonFunctions.Add(r, "JSON.ReleaseAll", "",
            "Frees every JSON reference number. OK.",
            _ => { JsonRefs.Table.ReleaseAll(); return Value.Ok; });
        JsonFunctions.Add(r, "JSON.List", "",
            "The live JSON reference numbers, ¶-separated.",
            _ => Value.FromText(JsonRefs.Table.List()));

        JsonFunctions.Add(r, "JSON.CreateObject", "", "{}", _ => Value.FromText("{}"));
        JsonFunctions.Add(r, "JSON.CreateArray", "", "[]", _ => Value.FromText("[]"));
        JsonFunctions.Add(r, "JSON.CreateNull", "", "null", _ => Value.FromText("null"));
        JsonFunctions.Add(r, "JSON.CreateTrue", "", "true", _ => Value.FromText("true"));
        JsonFunctions.Add(r, "JSON.CreateFalse", "", "false", _ => Value.FromText("false"));
        JsonFunctions.Add(r, "JSON.CreateBoolean", "Value",
            "true for a non-zero number, else false.",
            a => Value.FromText(a.Bool(0) ? "true" : "false"));
        JsonFunctions.Add(r, "JSON.CreateNumber", "Value",
            "A JSON number; keeps the digits as written (big integers too); empty gives null.",
            a => Text(JsonValues.Number(a.Text(0))));
        JsonFunctions.Add(r, "JSON.CreateString", "Text",
            "A JSON string with the text escaped.",
            a => Value.FromText(JsonText.Quote(a.Text(0))));
        JsonFunctions.Add(r, "JSON.CreateValue", "Value",
            "A JSON number for a FileMaker number, a JSON string for anything else.",
            a => Text(JsonValues.FromValue(a[0])));
        JsonFunctions.Add(r, "JSON.CreateStringArray", "{ ; Value... }",
            "An array of the given texts as strings.",
            a => Text(new JsonArray([.. a.From(0).Select(v => JsonValues.String(v.AsText()))])));
        JsonFunctions.Add(r, "JSON.CreateDoubleArray", "{ ; Value... }",
            "An array of the given numbers.",
            a => Text(new JsonArray([.. a.From(0).Select(v => JsonValues.Number(v.AsText()))])));
        JsonFunctions.Add(r, "JSON.CreateIntegerArray", "{ ; Value... }",
            "An array of the given numbers as integers.",
            a => Text(new JsonArray([.. a.From(0).Select(v => JsonValues.Integer(v.AsText()))])));
        JsonFunctions.Add(r, "JSON.CreateStringArrayWithList", "valueList",
            "An array of strings from a ¶-separated list.",
            a => Text(new JsonArray([.. SplitList(a.Text(0)).Select(JsonValues.String)])));

        JsonFunctions.Add(r, "JSON.AddItemToArray", "JSON; json2...",
            "Appends JSON values (text or references) to an array. Returns the new JSON, or the reference number " +
            "when given one.",
            a => AddToArray(a, v => Item(v)));
        JsonFunctions.Add(r, "JSON.AddArrayToArray", "JSON; OtherJSON...",
            "Appends the items of other arrays (or single values) to an array.",
            AddArrayToArray);
        JsonFunctions.Add(r, "JSON.AddStringToArray", "JSON; Value...",
            "Appends texts as strings to an array.",
            a => AddToArray(a, v => JsonValues.String(v.AsText())));
        JsonFunctions.Add(r, "JSON.AddNumberToArray", "JSON; Value...",
            "Appends numbers to an array.",
            a => AddToArray(a, v => JsonValues.Number(v.AsText())));
        JsonFunctions.Add(r, "JSON.AddValueToArray", "JSON; Value...",
            "Appends values: FileMaker numbers as numbers, anything else as strings.",
            a => AddToArray(a, JsonValues.FromValue));
        JsonFunctions.Add(r, "JSON.AddItemToObject", "JSON; Name...; json2...",
            "Sets name/JSON pairs in an object.",
            a => AddPairs(a, v => Item(v)));
        JsonFunctions.Add(r, "JSON.AddStringToObject", "JSON; Name...; Value...",
            "Sets name/text pairs in an object (as strings).",
            a => AddPairs(a, v => JsonValues.String(v.AsText())));
        JsonFunctions.Add(r, "JSON.AddNumberToObject", "JSON; Name...; Value...",
            "Sets name/number pairs in an object.",
            a => AddPairs(a, v => JsonValues.Number(v.AsText())));
        JsonFunctions.Add(r, "JSON.AddBooleanToObject", "JSON; Name...; Value...",
            "Sets name/boolean pairs in an object (non-zero is true).",
            a => AddPairs(a, v => JsonValues.Bool(IsTrue(v))));
        JsonFunctions.Add(r, "JSON.AddValueToObject", "JSON; Name...; Value...",
            "Sets name/value pairs: FileMaker numbers as numbers, anything else as strings.",
            a => AddPairs(a, JsonValues.FromValue));
        JsonFunctions.Add(r, "JSON.AddTrueToObject", "JSON; Name...",
            "Sets the names to true.",
            a => AddNames(a, () => JsonValues.Bool(true)));
        JsonFunctions.Add(r, "JSON.AddFalseToObject", "JSON; Name...",
            "Sets the names to false.",
            a => AddNames(a, () => JsonValues.Bool(false)));
        JsonFunctions.Add(r, "JSON.AddNullToObject", "JSON; Name...",
            "Sets the names to null.",
            a => AddNames(a, () => null));
    }

    static Value Text(JsonNode? node) => Value.FromText(JsonText.Print(node));

    static IEnumerable<string> SplitList(string list) =>
        list.Length == 0 ? [] : list.Split(["\r\n", "\r", "\n"], StringSplitOptions.None);

    static JsonNode? Item(Value v) => JsonRefs.Detached(JsonRefs.Read(v.AsText()));

    static bool IsTrue(Value v)
    {
        var s = v.AsText().Trim();
        if (s.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
        return double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && d != 0;
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
            throw new MbsException($"{a.Function} takes the JSON followed by name and value pairs; got {a.Count - 1} values after the JSON.");
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

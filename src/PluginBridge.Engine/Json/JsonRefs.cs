using System.Text.Json;
using System.Text.Json.Nodes;

namespace PluginBridge.Engine.Json;

/// <summary>A JSON value held under a reference number. <see cref="Root"/> null is JSON null.</summary>
sealed class JsonDoc(JsonNode? root) : IHandle
{
    public JsonNode? Root { get; set; } = root;
    public long Number { get; set; }
}

/// <summary>A JSON parameter: the parsed value, and the reference it came from (0 for JSON text).</summary>
readonly record struct JsonInput(JsonNode? Node, long RefId, JsonDoc? Doc)
{
    public bool IsRef => Doc is not null;
}

/// <summary>
/// JSON reference numbers (MBS: JSON.Parse, JSON.CreateObjectRef, …) and the rule every JSON function follows:
/// a parameter is a live reference number or JSON text.
/// </summary>
static class JsonRefs
{
    // MBS's own examples show JSON references around 51000 (JSON.Clone: "51005 -> 51006"). Declared by
    // JsonFunctions.Register (Plugin.ObjectCounts key "JSON", released by pb_shutdown).
    public static readonly HandleTable<JsonDoc> Table = new("JSON", 51000);

    static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 1000 };

    /// <summary>Parameter <paramref name="index"/> as a reference (used in place) or as JSON text (parsed).</summary>
    public static JsonInput Read(Args a, int index) => Read(a.Text(index));

    public static JsonInput Read(string text)
    {
        var s = text.Trim();
        if (s.Length is > 0 and < 20 && long.TryParse(s, System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var id)
            && Table.TryGet(id, out var doc))
            return new JsonInput(doc.Root, id, doc);
        return new JsonInput(Parse(text), 0, null);
    }

    /// <summary>JSON text to a node; JSON null gives null. Invalid text is an [MBS] error.</summary>
    public static JsonNode? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: ParseOptions);
        }
        catch (JsonException e)
        {
            throw new MbsException(
                $"Failed to parse JSON: {ShortReason(e)} Pass valid JSON text or a JSON reference number.");
        }
    }

    public static bool TryParse(string text, out JsonNode? node)
    {
        try { node = JsonNode.Parse(text, documentOptions: ParseOptions); return true; }
        catch (JsonException) { node = null; return false; }
    }

    /// <summary>A new reference for <paramref name="node"/>, counted in Plugin.ObjectCounts under "JSON".</summary>
    public static Value NewRef(JsonNode? node) => Value.FromNumber(Table.Add(new JsonDoc(node)));

    /// <summary>The result of a function that changes its JSON parameter: the same reference number when it came
    /// as one (changed in place), otherwise the new JSON text.</summary>
    public static Value Result(JsonInput input, JsonNode? changed)
    {
        if (input.Doc is null) return Value.FromText(JsonText.Print(changed));
        input.Doc.Root = changed;
        return Value.FromNumber(input.RefId);
    }

    /// <summary>A node to insert into another: values owned by a reference are copied, so both stay
    /// independent.</summary>
    public static JsonNode? Detached(JsonInput input) => input.IsRef ? input.Node?.DeepClone() : input.Node;

    public static JsonArray ArrayOf(JsonInput input, string function) =>
        input.Node as JsonArray
            ?? throw new MbsException($"{function} needs a JSON array, got {JsonText.TypeName(input.Node)}.");

    public static JsonObject ObjectOf(JsonInput input, string function) =>
        input.Node as JsonObject
            ?? throw new MbsException($"{function} needs a JSON object, got {JsonText.TypeName(input.Node)}.");

    static string ShortReason(JsonException e)
    {
        var m = e.Message;
        var cut = m.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? m[..cut] : m;
    }
}

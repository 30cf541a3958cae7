using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PluginBridge.Engine.Json;

/// <summary>JSON.ToCSV: an array of objects (columns from their keys, in order of first appearance) or an array of
/// arrays (rows as they are) to CSV text, as MBS's examples show.</summary>
static class JsonCsv
{
    const int QuoteAllText = 1, SkipColumnNames = 2;

    public static void Register(Registry r) =>
        JsonFunctions.Add(r, "JSON.ToCSV", "JSON { ; Flags; rowSeparator; colSeparator }", ToCsv);

    static Value ToCsv(Args a)
    {
        var input = JsonRefs.Read(a, 0).Node;
        var flags = a.Int(1);
        var rowSeparator = a.Text(2, "\r");
        var colSeparator = a.Text(3, ";");
        var rows = input switch
        {
            JsonArray arr => arr.ToList(),
            JsonObject o => [o],
            _ => throw new MbsException(
                $"JSON.ToCSV needs an array of objects or arrays, got {JsonText.TypeName(input)}."),
        };
        string Cell(JsonNode? v) => Quote(v, flags, rowSeparator, colSeparator);
        var lines = new List<string>();
        if (rows.All(x => x is JsonArray))
        {
            lines.AddRange(rows.Select(x => string.Join(colSeparator, ((JsonArray)x!).Select(Cell))));
        }
        else
        {
            var columns = new List<string>();
            foreach (var row in rows)
            {
                if (row is not JsonObject o)
                    throw new MbsException("JSON.ToCSV needs an array whose items are all objects or all arrays.");
                foreach (var (key, _) in o) if (!columns.Contains(key)) columns.Add(key);
            }
            if ((flags & SkipColumnNames) == 0)
                lines.Add(string.Join(colSeparator, columns.Select(c => Cell(JsonValues.String(c)))));
            foreach (JsonObject o in rows.Cast<JsonObject>())
                lines.Add(string.Join(colSeparator,
                    columns.Select(c => o.TryGetPropertyValue(c, out var v) ? Cell(v) : "")));
        }
        return Value.FromText(string.Join(rowSeparator, lines));
    }

    /// <summary>A value as a CSV cell: text as is, in quotes (quotes doubled) when it holds a separator, a quote or
    /// a line break, or always with flag 1; numbers as written; true/false; null empty; arrays and objects as
    /// compact JSON.</summary>
    static string Quote(JsonNode? v, int flags, string rowSeparator, string colSeparator)
    {
        var kind = JsonValues.Kind(v);
        var text = kind switch
        {
            JsonValueKind.String => v!.GetValue<string>(),
            JsonValueKind.Number => JsonText.NumberText((JsonValue)v!),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null => "",
            _ => JsonText.Compact(v),
        };
        var mustQuote = text.Contains(colSeparator, StringComparison.Ordinal)
            || text.Contains(rowSeparator, StringComparison.Ordinal)
            || text.IndexOfAny(['"', '\r', '\n']) >= 0 || ((flags & QuoteAllText) != 0 && kind == JsonValueKind.String);
        return mustQuote ? new StringBuilder("\"").Append(text.Replace("\"", "\"\"")).Append('"').ToString() : text;
    }
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PluginBridge.Engine.Json;

/// <summary>
/// JSON text as MBS prints it. MBS's JSON functions print like cJSON (the library behind them): objects one member
/// a line, tab-indented, a tab after the colon (<c>{\n\t"a":\t1\n}</c>), arrays on one line (<c>[1, 2, 3]</c>),
/// non-ASCII characters unescaped. JSON.Format uses the JSON.SetFormatOptions indent and a space after the colon;
/// JSON.Compact prints without any whitespace.
/// </summary>
static class JsonText
{
    static readonly object formatGate = new();
    static string formatIndent = "\t", formatAfterKey = " ";

    /// <summary>The text most JSON functions return.</summary>
    public static string Print(JsonNode? node) => Write(node, "\t", "\t", pretty: true);

    public static string Compact(JsonNode? node) => Write(node, "", "", pretty: false);

    public static string Format(JsonNode? node)
    {
        string indent, afterKey;
        lock (formatGate) { indent = formatIndent; afterKey = formatAfterKey; }
        return Write(node, indent, afterKey, pretty: true);
    }

    /// <summary>JSON.SetFormatOptions; no parameters restore the defaults (tab indent, space after the
    /// colon).</summary>
    public static void SetFormatOptions(string? indent, string? afterKey)
    {
        lock (formatGate) { formatIndent = indent ?? "\t"; formatAfterKey = afterKey ?? " "; }
    }

    /// <summary>The value as FileMaker text: strings unquoted, numbers as written, booleans 1/0, null empty,
    /// objects and arrays as JSON text.</summary>
    public static string AsValue(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number => NumberText(v),
            JsonValueKind.True => "1",
            JsonValueKind.False => "0",
            _ => "",
        },
        _ => Print(node),
    };

    /// <summary>MBS's names from JSON.GetType.</summary>
    public static string TypeName(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True => "true",
        _ => "false",
    };

    /// <summary>A number exactly as it was written or created (big integers keep all their digits).</summary>
    public static string NumberText(JsonValue v) =>
        v.TryGetValue<JsonElement>(out var e) ? e.GetRawText() : v.ToJsonString();

    static string Write(JsonNode? node, string indent, string afterKey, bool pretty)
    {
        var sb = new StringBuilder();
        Append(sb, node, 0, indent, afterKey, pretty);
        return sb.ToString();
    }

    // Depth counting as cJSON: containers raise the depth; members are indented by it, the closing brace by one less.
    static void Append(StringBuilder sb, JsonNode? node, int depth, string indent, string afterKey, bool pretty)
    {
        switch (node)
        {
            case null: sb.Append("null"); break;
            case JsonObject o:
                if (o.Count == 0) { sb.Append("{}"); break; }
                sb.Append('{');
                if (pretty) sb.Append('\n');
                var i = 0;
                foreach (var (key, value) in o)
                {
                    if (pretty) Repeat(sb, indent, depth + 1);
                    AppendString(sb, key);
                    sb.Append(':').Append(afterKey);
                    Append(sb, value, depth + 1, indent, afterKey, pretty);
                    if (++i < o.Count) sb.Append(',');
                    if (pretty) sb.Append('\n');
                }
                if (pretty) Repeat(sb, indent, depth);
                sb.Append('}');
                break;
            case JsonArray a:
                sb.Append('[');
                for (var j = 0; j < a.Count; j++)
                {
                    if (j > 0) sb.Append(pretty ? ", " : ",");
                    Append(sb, a[j], depth + 1, indent, afterKey, pretty);
                }
                sb.Append(']');
                break;
            case JsonValue v:
                switch (v.GetValueKind())
                {
                    case JsonValueKind.String: AppendString(sb, v.GetValue<string>()); break;
                    case JsonValueKind.Number: sb.Append(NumberText(v)); break;
                    case JsonValueKind.True: sb.Append("true"); break;
                    case JsonValueKind.False: sb.Append("false"); break;
                    default: sb.Append("null"); break;
                }
                break;
        }
    }

    static void Repeat(StringBuilder sb, string s, int count)
    {
        for (var i = 0; i < count; i++) sb.Append(s);
    }

    public static void AppendString(StringBuilder sb, string s) => Core.MbsJson.AppendQuoted(sb, s);

    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        AppendString(sb, s);
        return sb.ToString();
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PluginBridge.Engine.Json;

/// <summary>JSON.ToToon: JSON as TOON (Token-Oriented Object Notation, toon-format spec 1.3, the version current
/// when MBS added the function in 16.1): two-space indentation, comma delimiter, <c>key[N]: a,b</c> for arrays of
/// primitives, <c>key[N]{f1,f2}:</c> with one row per object for uniform arrays of flat objects, <c>- </c> list
/// items otherwise; strings quoted only where the spec requires it; lines joined by LF.</summary>
static partial class JsonToon
{
    [GeneratedRegex(@"^[A-Za-z_][\w.]*$")]
    private static partial Regex BareKey();

    [GeneratedRegex(@"^(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|0\d+)$", RegexOptions.IgnoreCase)]
    private static partial Regex NumericLike();

    public static void Register(Registry r) =>
        JsonFunctions.Add(r, "JSON.ToToon", "JSON", a => Value.FromText(Encode(JsonRefs.Read(a, 0).Node)));

    public static string Encode(JsonNode? root)
    {
        var lines = new List<string>();
        switch (root)
        {
            case JsonObject o: foreach (var (k, v) in o) Field(lines, 0, "", Key(k), v); break;
            case JsonArray a: Array(lines, 0, "", "", a); break;
            default: lines.Add(Primitive(root)); break;
        }
        return string.Join("\n", lines);
    }

    static string Indent(int depth) => new(' ', depth * 2);

    static bool IsPrimitive(JsonNode? n) => n is not JsonObject and not JsonArray;

    /// <summary>A member: <c>key: value</c>, <c>key:</c> with the object's fields one level deeper, or an array.
    /// <paramref name="prefix"/> is "- " when the member is the first field of a list item.</summary>
    static void Field(List<string> lines, int depth, string prefix, string key, JsonNode? value)
    {
        switch (value)
        {
            case JsonObject o:
                lines.Add($"{Indent(depth)}{prefix}{key}:");
                foreach (var (k, v) in o) Field(lines, depth + (prefix.Length > 0 ? 2 : 1), "", Key(k), v);
                break;
            case JsonArray a: Array(lines, depth, prefix, key, a); break;
            default: lines.Add($"{Indent(depth)}{prefix}{key}: {Primitive(value)}"); break;
        }
    }

    static void Array(List<string> lines, int depth, string prefix, string key, JsonArray a)
    {
        var head = $"{Indent(depth)}{prefix}{key}[{a.Count}]";
        if (a.Count == 0 || a.All(IsPrimitive))
        {
            lines.Add(a.Count == 0 ? head + ":" : $"{head}: {string.Join(",", a.Select(Primitive))}");
            return;
        }
        if (Fields(a) is { } fields)
        {
            lines.Add($"{head}{{{string.Join(",", fields.Select(Key))}}}:");
            foreach (JsonObject row in a.Cast<JsonObject>())
                lines.Add(Indent(depth + 1) + string.Join(",", fields.Select(f => Primitive(row[f]))));
            return;
        }
        lines.Add(head + ":");
        foreach (var item in a) ListItem(lines, depth + 1, item);
    }

    /// <summary>The columns when every item is a non-empty object with the same keys and only primitive values
    /// (the spec's tabular form), in the first object's order; otherwise null.</summary>
    static List<string>? Fields(JsonArray a)
    {
        if (a[0] is not JsonObject first || first.Count == 0) return null;
        var keys = first.Select(p => p.Key).ToList();
        foreach (var item in a)
            if (item is not JsonObject o || o.Count != keys.Count || keys.Any(k => !o.ContainsKey(k))
                || o.Any(p => !IsPrimitive(p.Value)))
                return null;
        return keys;
    }

    static void ListItem(List<string> lines, int depth, JsonNode? item)
    {
        switch (item)
        {
            case JsonArray inner: Array(lines, depth, "- ", "", inner); break;
            case JsonObject { Count: 0 }: lines.Add(Indent(depth) + "-"); break;
            case JsonObject o:
                var members = o.ToList();
                Field(lines, depth, "- ", Key(members[0].Key), members[0].Value);
                foreach (var (k, v) in members.Skip(1)) Field(lines, depth + 1, "", Key(k), v);
                break;
            default: lines.Add($"{Indent(depth)}- {Primitive(item)}"); break;
        }
    }

    static string Key(string key) => BareKey().IsMatch(key) ? key : Quote(key);

    static string Primitive(JsonNode? n) => JsonValues.Kind(n) switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => Number(JsonText.NumberText((JsonValue)n!)),
        _ => Text(n!.GetValue<string>()),
    };

    /// <summary>The spec's canonical number: no exponent, no trailing fraction zeros, -0 as 0.</summary>
    static string Number(string raw)
    {
        if (!decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            // Beyond decimal's range: digits as written, or a double spelled out when written with an exponent.
            var x = double.Parse(raw, CultureInfo.InvariantCulture);
            return (raw.Contains('e') || raw.Contains('E')) && double.IsFinite(x)
                ? x.ToString("0.#################", CultureInfo.InvariantCulture) : raw;
        }
        return d == 0 ? "0" : d.ToString("0.############################", CultureInfo.InvariantCulture);
    }

    static string Text(string s)
    {
        var quote = s.Length == 0 || char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1])
            || s is "true" or "false" or "null" || NumericLike().IsMatch(s) || s[0] == '-'
            || s.IndexOfAny([':', '"', '\\', '[', ']', '{', '}', '\n', '\r', '\t', ',']) >= 0;
        return quote ? Quote(s) : s;
    }

    static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
            sb.Append(c switch
            {
                '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", _ => c.ToString(),
            });
        return sb.Append('"').ToString();
    }
}

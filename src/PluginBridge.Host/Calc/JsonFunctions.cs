using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PluginBridge.Host.Calc;

/// <summary>
/// FileMaker's JSON functions. Results are compact JSON with object keys in sorted order; invalid input gives
/// FileMaker's "? " error text (e.g. "? * Line 1, Column 1 ..."); a missing key gives empty. Paths use dot and
/// bracket notation: "a.b[0]", "['a']['b']", "[+]" appends to an array, "[:]" is its last element.
/// </summary>
static class JsonFunctions
{
    // FileMaker's type constants for JSONSetElement.
    const int Raw = 0, String = 1, Number = 2, Object = 3, Array = 4, Boolean = 5, Null = 6;

    public static void Register()
    {
        Functions.AddConstant("JSONRaw", FmValue.Number(Raw));
        Functions.AddConstant("JSONString", FmValue.Number(String));
        Functions.AddConstant("JSONNumber", FmValue.Number(Number));
        Functions.AddConstant("JSONObject", FmValue.Number(Object));
        Functions.AddConstant("JSONArray", FmValue.Number(Array));
        Functions.AddConstant("JSONBoolean", FmValue.Number(Boolean));
        Functions.AddConstant("JSONNull", FmValue.Number(Null));

        Functions.Eager("JSONGetElement", 2, 2,
            v => Guard(() => ToFm(Find(ParseDocument(v[0].AsText()), ParsePath(v[1])))));
        Functions.Eager("JSONListKeys", 2, 2,
            v => Guard(() => ListKeys(Find(ParseDocument(v[0].AsText()), ParsePath(v[1])))));
        Functions.Eager("JSONListValues", 2, 2,
            v => Guard(() => ListValues(Find(ParseDocument(v[0].AsText()), ParsePath(v[1])))));
        Functions.Eager("JSONDeleteElement", 2, 2, v => Guard(() => Delete(v[0].AsText(), ParsePath(v[1]))));
        Functions.Eager("JSONFormatElements", 1, 1,
            v => Guard(() => FmValue.Text(Pretty(ParseDocument(v[0].AsText())))));
        Functions.Lazy("JSONSetElement", 2, -1, SetElement);
    }

    sealed class JsonError(string message) : Exception(message);

    static FmValue Guard(Func<FmValue> body)
    {
        try { return body(); }
        catch (JsonError e) { return FmValue.Text("? " + e.Message); }
    }

    static JsonNode? ParseDocument(string text)
    {
        try
        {
            // FileMaker text has CR line ends; as LF they count as lines in the error position (same JSON either way).
            return JsonNode.Parse(text.Replace('\r', '\n'),
                documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false })
                ?? (text.Trim() == "null" ? null : throw new JsonError(SyntaxError(1, 1)));
        }
        catch (JsonException e)
        {
            throw new JsonError(SyntaxError((e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1));
        }
    }

    static string SyntaxError(long line, long column) =>
        $"* Line {line}, Column {column}\r  Syntax error: value, object or array expected.\r";

    // ---- paths ----

    abstract record Segment;
    sealed record Key(string Name) : Segment;
    sealed record Index(int Value) : Segment;
    sealed record Append : Segment;
    sealed record Last : Segment;

    static List<Segment> ParsePath(FmValue key)
    {
        if (key.Kind == FmKind.Number) return [new Index((int)key.AsNumberOrZero())];
        var text = key.AsText();
        var path = new List<Segment>();
        var i = text.StartsWith('.') ? 1 : 0;
        while (i < text.Length)
        {
            if (text[i] == '[')
            {
                var end = text.IndexOf(']', i);
                if (end < 0) throw new JsonError($"* Bad path \"{text}\": ']' is missing.");
                var inner = text[(i + 1)..end].Trim();
                path.Add(inner switch
                {
                    "+" => new Append(),
                    ":" => new Last(),
                    _ when inner.Length >= 2 && inner[0] is '\'' or '"' => new Key(inner[1..^1]),
                    _ when int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var n) =>
                        new Index(n),
                    _ => new Key(inner),
                });
                i = end + 1;
                if (i < text.Length && text[i] == '.') i++;
                continue;
            }
            var stop = text.IndexOfAny(['.', '['], i);
            if (stop < 0) stop = text.Length;
            path.Add(new Key(text[i..stop]));
            i = stop < text.Length && text[stop] == '.' ? stop + 1 : stop;
        }
        return path;
    }

    /// <summary>Walks the path; null when some part is missing (FileMaker then returns empty).</summary>
    static JsonNode? Find(JsonNode? node, List<Segment> path)
    {
        foreach (var segment in path)
        {
            node = (node, segment) switch
            {
                (JsonObject o, Key k) => o[k.Name],
                (JsonArray a, Index x) => x.Value >= 0 && x.Value < a.Count ? a[x.Value] : null,
                (JsonArray a, Key k) when int.TryParse(k.Name, out var n) => n >= 0 && n < a.Count ? a[n] : null,
                (JsonArray a, Last) => a.Count > 0 ? a[^1] : null,
                _ => null,
            };
            if (node is null) return null;
        }
        return node;
    }

    // ---- conversions ----

    /// <summary>A JSON value as FileMaker returns it: strings as text, numbers as numbers, true/false as 1/0, null as
    /// empty.</summary>
    static FmValue ToFm(JsonNode? node)
    {
        if (node is JsonValue v)
            switch (v.GetValueKind())
            {
                case JsonValueKind.String: return FmValue.Text(v.GetValue<string>());
                case JsonValueKind.Number:
                    var raw = v.ToJsonString();
                    return decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                        ? FmValue.Number(d) : FmValue.Text(raw);
                case JsonValueKind.True: return FmValue.True;
                case JsonValueKind.False: return FmValue.False;
                default: return FmValue.Empty;
            }
        return node is null ? FmValue.Empty : FmValue.Text(Compact(node));
    }

    static FmValue ListKeys(JsonNode? node) => node switch
    {
        JsonObject o => FmValue.Text(string.Join('\r', o.Select(p => p.Key).Order(StringComparer.Ordinal))),
        JsonArray a => FmValue.Text(string.Join('\r', Enumerable.Range(0, a.Count))),
        _ => FmValue.Empty,
    };

    static FmValue ListValues(JsonNode? node)
    {
        IEnumerable<JsonNode?> items = node switch
        {
            JsonObject o => o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        return FmValue.Text(string.Join('\r', items.Select(n => ToFm(n).AsText())));
    }

    // ---- changes ----

    /// <summary>JSONSetElement ( json ; key ; value ; type ) or ( json ; [ key ; value ; type ] ; [ ... ] ).</summary>
    static FmValue SetElement(CallEnv env, IReadOnlyList<Node> a)
    {
        var groups = new List<(FmValue Key, FmValue Value, int Type)>();
        if (a.Count == 4 && a[1] is not BracketList)
            groups.Add((env.Eval(a[1]), env.Eval(a[2]), (int)env.Eval(a[3]).AsNumberOrZero()));
        else
            foreach (var node in a.Skip(1))
            {
                if (node is not BracketList { Items.Count: 3 } g)
                    throw new CalcException("JSONSetElement takes json ; key ; value ; type, or json followed by [ " +
                        "key ; value ; type ] groups.", node.Position);
                groups.Add((env.Eval(g.Items[0]), env.Eval(g.Items[1]), (int)env.Eval(g.Items[2]).AsNumberOrZero()));
            }
        var json = env.Eval(a[0]).AsText();
        return Guard(() =>
        {
            JsonNode? root = json.Trim().Length == 0 ? null : ParseDocument(json);
            foreach (var (key, value, type) in groups)
            {
                var path = ParsePath(key);
                var newValue = MakeValue(value, type);
                if (path.Count == 0) { root = newValue; continue; }
                root ??= path[0] is Key ? new JsonObject() : new JsonArray();
                var parent = root;
                for (var i = 0; i < path.Count - 1; i++)
                    parent = Child(parent, path[i],
                        create: path[i + 1] is Key ? () => new JsonObject() : () => new JsonArray());
                Assign(parent, path[^1], newValue);
            }
            return FmValue.Text(root is null ? "null" : Compact(root));
        });
    }

    static JsonNode? MakeValue(FmValue value, int type)
    {
        var text = value.AsText();
        switch (type)
        {
            case String: return JsonValue.Create(text);
            case Number:
                var n = value.IsNumeric ? value.AsNumberOrZero() : FmNumber.TryParseExact(text, out var d) ? d
                    : value.AsNumber();
                return n is { } number ? JsonValue.Create(number)
                    : throw new JsonError($"* \"{text}\" is not a number.");
            case Object:
                var o = text.Trim().Length == 0 ? new JsonObject() : ParseDocument(text);
                return o is JsonObject ? o : throw new JsonError("* Value is not a JSON object.");
            case Array:
                var arr = text.Trim().Length == 0 ? new JsonArray() : ParseDocument(text);
                return arr is JsonArray ? arr : throw new JsonError("* Value is not a JSON array.");
            case Boolean:
                return JsonValue.Create(text.Equals("true", StringComparison.OrdinalIgnoreCase)
                    || (!text.Equals("false", StringComparison.OrdinalIgnoreCase) && value.AsBool()));
            case Null: return null;
            default:
                try { return ParseDocument(text); }
                catch (JsonError) { return JsonValue.Create(text); }
        }
    }

    static JsonNode Child(JsonNode parent, Segment segment, Func<JsonNode> create)
    {
        var existing = Find(parent, [segment]);
        if (existing is JsonObject or JsonArray) return existing;
        var made = create();
        Assign(parent, segment, made);
        return made;
    }

    static void Assign(JsonNode parent, Segment segment, JsonNode? value)
    {
        switch (parent, segment)
        {
            case (JsonObject o, Key k): o[k.Name] = value; break;
            case (JsonArray a, Append): a.Add(value); break;
            case (JsonArray a, Last) when a.Count > 0: a[^1] = value; break;
            case (JsonArray a, Index x): SetIndex(a, x.Value, value); break;
            case (JsonArray a, Key k) when int.TryParse(k.Name, out var n): SetIndex(a, n, value); break;
            default: throw new JsonError(
                "* The path does not fit the JSON: an object key on an array, or an index on an object.");
        }
    }

    static void SetIndex(JsonArray a, int index, JsonNode? value)
    {
        if (index < 0) throw new JsonError($"* Array index {index} is negative.");
        while (a.Count <= index) a.Add(null);
        a[index] = value;
    }

    static FmValue Delete(string json, List<Segment> path)
    {
        var root = ParseDocument(json);
        if (path.Count == 0) return FmValue.Empty;
        var parent = Find(root, path[..^1]);
        switch (parent, path[^1])
        {
            case (JsonObject o, Key k): o.Remove(k.Name); break;
            case (JsonArray a, Index x) when x.Value >= 0 && x.Value < a.Count: a.RemoveAt(x.Value); break;
            case (JsonArray a, Last) when a.Count > 0: a.RemoveAt(a.Count - 1); break;
        }
        return FmValue.Text(root is null ? "null" : Compact(root));
    }

    // ---- writing ----

    /// <summary>Compact JSON with sorted keys, numbers in plain form (1.50 → 1.5).</summary>
    public static string Compact(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(sb, node);
        return sb.ToString();
    }

    /// <summary>
    /// JSONFormatElements: the layout of JsonCpp's StyledStreamWriter, which Claris's example shows — tab indentation,
    /// "key" : value, a nested object or array on its own line, short arrays of plain values on one line
    /// ("[ 1, 2 ]"); CR line endings as FileMaker text has them.
    /// </summary>
    static string Pretty(JsonNode? node) => new StyledWriter().Write(node);

    internal static void Write(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null: sb.Append("null"); break;
            case JsonObject o:
                if (o.Count == 0) { sb.Append("{}"); break; }
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first) sb.Append(',');
                    first = false;
                    WriteString(sb, key);
                    sb.Append(':');
                    Write(sb, value);
                }
                sb.Append('}');
                break;
            case JsonArray a:
                if (a.Count == 0) { sb.Append("[]"); break; }
                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    Write(sb, a[i]);
                }
                sb.Append(']');
                break;
            case JsonValue v:
                switch (v.GetValueKind())
                {
                    case JsonValueKind.String: WriteString(sb, v.GetValue<string>()); break;
                    case JsonValueKind.Number:
                        var raw = v.ToJsonString();
                        sb.Append(decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                            ? FmNumber.Invariant(d) : raw);
                        break;
                    default: sb.Append(v.ToJsonString()); break;
                }
                break;
        }
    }

    internal static void WriteString(StringBuilder sb, string s) => Shared.JsonString.Append(sb, s);
}

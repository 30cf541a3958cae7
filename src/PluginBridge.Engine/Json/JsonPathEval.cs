using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PluginBridge.Engine.Json;

/// <summary>A node a JSONPath query reached: its value, where it sits (so JSON.Replace can set it) and its
/// normalized path (<c>$['store']['book'][0]</c>, as jsoncons prints paths). A null <see cref="Parent"/> with
/// <see cref="Detached"/> false is the root.</summary>
readonly record struct JpMatch(JsonNode? Node, JsonNode? Parent, string? Key, int Index, object[] Steps, bool Detached)
{
    public string Path
    {
        get
        {
            var sb = new StringBuilder("$");
            foreach (var step in Steps)
                sb.Append(step is int n
                    ? $"[{n.ToString(CultureInfo.InvariantCulture)}]"
                    : $"['{((string)step).Replace("'", "\\'")}']");
            return sb.ToString();
        }
    }
}

/// <summary>A filter value: a JSON value, or nothing (a path that matched no node).</summary>
readonly record struct JpValue(JsonNode? Node, bool Exists)
{
    public static readonly JpValue Missing = new(null, false);
    public static JpValue Of(JsonNode? node) => new(node, true);
    public JsonValueKind Kind => Exists ? JsonValues.Kind(Node) : JsonValueKind.Undefined;
}

/// <summary>Runs a <see cref="JpQuery"/> over a JSON tree, with jsoncons's rules: filters apply to the members of
/// objects as well as the items of arrays; empty, false and null values are false.</summary>
static class JsonPathEval
{
    public static List<JpMatch> Run(JpQuery query, JsonNode? root) => Run(query, Root(root), Root(root));

    static JpMatch Root(JsonNode? root) => new(root, null, null, -1, [], false);

    static List<JpMatch> Run(JpQuery query, JpMatch root, JpMatch current)
    {
        List<JpMatch> nodes = query.Start is { } start
            ? [new JpMatch(Eval(start, root, current).Node, null, null, -1, [], true)]
            : [query.FromCurrent ? current : root];
        foreach (var step in query.Steps)
        {
            var next = new List<JpMatch>();
            foreach (var node in nodes)
            {
                if (!step.Recursive) Select(step.Selector, node, root, next);
                else foreach (var d in SelfAndDescendants(node)) Select(step.Selector, d, root, next);
            }
            nodes = next;
        }
        return nodes;
    }

    static IEnumerable<JpMatch> Children(JpMatch m)
    {
        if (m.Node is JsonObject o)
            foreach (var (key, value) in o.ToList())
                yield return new JpMatch(value, o, key, -1, [.. m.Steps, key], m.Detached);
        else if (m.Node is JsonArray a)
            for (var i = 0; i < a.Count; i++) yield return new JpMatch(a[i], a, null, i, [.. m.Steps, i], m.Detached);
    }

    static IEnumerable<JpMatch> SelfAndDescendants(JpMatch m)
    {
        yield return m;
        foreach (var child in Children(m))
            foreach (var d in SelfAndDescendants(child)) yield return d;
    }

    static void Select(JpSelector selector, JpMatch node, JpMatch root, List<JpMatch> into)
    {
        switch (selector)
        {
            case JpName n when node.Node is JsonObject o && o.TryGetPropertyValue(n.Name, out var v):
                into.Add(new JpMatch(v, o, n.Name, -1, [.. node.Steps, n.Name], node.Detached));
                break;
            case JpWildcard:
                into.AddRange(Children(node));
                break;
            case JpIndex x when node.Node is JsonArray a:
                var i = x.Index < 0 ? a.Count + x.Index : x.Index;
                if (i >= 0 && i < a.Count) into.Add(new JpMatch(a[i], a, null, i, [.. node.Steps, i], node.Detached));
                break;
            case JpSlice sl when node.Node is JsonArray a:
                foreach (var k in SliceIndexes(sl, a.Count))
                    into.Add(new JpMatch(a[k], a, null, k, [.. node.Steps, k], node.Detached));
                break;
            case JpFilter f:
                into.AddRange(Children(node).Where(c => Truthy(Eval(f.Test, root, c))));
                break;
            case JpSubQuery q:
                into.AddRange(Run(q.Query, root, node));
                break;
            case JpUnion u:
                foreach (var part in u.Parts) Select(part, node, root, into);
                break;
        }
    }

    static IEnumerable<int> SliceIndexes(JpSlice sl, int count)
    {
        int Norm(int v) =>
            v < 0 ? Math.Max(count + v, sl.Step < 0 ? -1 : 0) : Math.Min(v, sl.Step < 0 ? count - 1 : count);
        if (sl.Step > 0)
            for (int k = Norm(sl.Start ?? 0), end = Norm(sl.End ?? count); k < end; k += sl.Step) yield return k;
        else
            for (int k = Norm(sl.Start ?? count - 1), end = sl.End is { } e ? Norm(e) : -1; k > end; k += sl.Step)
                yield return k;
    }

    public static bool Truthy(JpValue v) => v.Kind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.False => false,
        JsonValueKind.String => v.Node!.GetValue<string>().Length > 0,
        JsonValueKind.Array => ((JsonArray)v.Node!).Count > 0,
        JsonValueKind.Object => ((JsonObject)v.Node!).Count > 0,
        _ => true,
    };

    static JpValue Eval(JpExpr e, JpMatch root, JpMatch current) => e switch
    {
        JpLiteral l => JpValue.Of(l.Value),
        JpPathExpr p => Collapse(Run(p.Query, root, current)),
        JpUnary { Op: "!" } u => JpValue.Of(JsonValues.Bool(!Truthy(Eval(u.Operand, root, current)))),
        JpUnary u => Arithmetic("-", JpValue.Of(JsonValue.Create(0)), Eval(u.Operand, root, current)),
        JpBinary b => Binary(b, root, current),
        JpCall c => JsonPathFunctions.Call(c.Name, c.Args.Select(a => Eval(a, root, current)).ToList()),
        _ => throw new MbsException("A regular expression can only follow =~ in a JSONPath filter."),
    };

    /// <summary>A path inside a filter: one match is its value, several are an array, none is nothing.</summary>
    static JpValue Collapse(List<JpMatch> matches) => matches.Count switch
    {
        0 => JpValue.Missing,
        1 => JpValue.Of(matches[0].Node),
        _ => JpValue.Of(new JsonArray(matches.Select(m => m.Node?.DeepClone()).ToArray())),
    };

    static JpValue Binary(JpBinary b, JpMatch root, JpMatch current)
    {
        var left = Eval(b.Left, root, current);
        switch (b.Op)
        {
            case "||": return JpValue.Of(JsonValues.Bool(Truthy(left) || Truthy(Eval(b.Right, root, current))));
            case "&&": return JpValue.Of(JsonValues.Bool(Truthy(left) && Truthy(Eval(b.Right, root, current))));
            case "=~":
                var regex = ((JpRegex)b.Right).Regex;
                return Bool(left.Kind == JsonValueKind.String && regex.IsMatch(left.Node!.GetValue<string>()));
        }
        var right = Eval(b.Right, root, current);
        return b.Op switch
        {
            "==" => Bool(left.Exists && right.Exists && JsonValues.Equal(left.Node, right.Node, false)),
            "!=" => Bool(!(left.Exists && right.Exists && JsonValues.Equal(left.Node, right.Node, false))),
            "<" or "<=" or ">" or ">=" => Compare(b.Op, left, right),
            _ => Arithmetic(b.Op, left, right),
        };
    }

    static JpValue Bool(bool b) => JpValue.Of(JsonValues.Bool(b));

    static JpValue Compare(string op, JpValue left, JpValue right)
    {
        int order;
        if (left.Kind == JsonValueKind.Number && right.Kind == JsonValueKind.Number)
            order = JsonValues.ToDouble(left.Node).CompareTo(JsonValues.ToDouble(right.Node));
        else if (left.Kind == JsonValueKind.String && right.Kind == JsonValueKind.String)
            order = string.CompareOrdinal(left.Node!.GetValue<string>(), right.Node!.GetValue<string>());
        else return Bool(false);
        return Bool(op switch { "<" => order < 0, "<=" => order <= 0, ">" => order > 0, _ => order >= 0 });
    }

    static JpValue Arithmetic(string op, JpValue left, JpValue right)
    {
        if (left.Kind != JsonValueKind.Number || right.Kind != JsonValueKind.Number) return JpValue.Missing;
        double x = JsonValues.ToDouble(left.Node), y = JsonValues.ToDouble(right.Node);
        var r = op switch { "+" => x + y, "-" => x - y, "*" => x * y, "/" => x / y, _ => x % y };
        return double.IsFinite(r) ? JpValue.Of(JsonPathFunctions.NumberNode(r)) : JpValue.Missing;
    }
}

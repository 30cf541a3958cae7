using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PluginBridge.Engine.Json;

/// <summary>
/// JSON.Search: a JMESPath query (jmespath.org specification, the language of the AWS and Azure CLIs), evaluated as
/// the specification's reference implementation (jmespath.py) does: projections skip null results, ordering
/// comparisons of two numbers or two strings (by code point), null otherwise; false values are null, false, "",
/// [] and {}. The result is JSON text.
/// </summary>
static class JsonSearch
{
    public static void Register(Registry r) => JsonFunctions.Add(r, "JSON.Search", "JSON; Path", Search);

    static Value Search(Args a)
    {
        var tree = JsonSearchParser.Parse(a.Text(1));
        return Value.FromText(JsonText.Print(Eval(tree, JsonRefs.Read(a, 0).Node)));
    }

    public static JsonNode? Eval(Jm node, JsonNode? value)
    {
        switch (node)
        {
            case JmCurrent: return value;
            case JmLiteral l: return l.Value?.DeepClone();
            case JmField f: return value is JsonObject o && o.TryGetPropertyValue(f.Name, out var v) ? v : null;
            case JmSub s: return Eval(s.Right, Eval(s.Left, value));
            case JmIndexExpr ie: return Eval(ie.Right, Eval(ie.Left, value));
            case JmIndex i:
                if (value is not JsonArray arr) return null;
                var at = i.Value < 0 ? arr.Count + i.Value : i.Value;
                return at >= 0 && at < arr.Count ? arr[at] : null;
            case JmSlice sl: return value is JsonArray list ? Slice(list, sl) : null;
            case JmProjection p:
                return Eval(p.Left, value) is JsonArray items ? Project(items, p.Right) : null;
            case JmValueProjection vp:
                return Eval(vp.Left, value) is JsonObject obj ? Project(obj.Select(m => m.Value), vp.Right) : null;
            case JmFilter fp:
                if (Eval(fp.Left, value) is not JsonArray candidates) return null;
                return Project(candidates.Where(c => IsTrue(Eval(fp.Condition, c))), fp.Right);
            case JmFlatten fl:
                if (Eval(fl.Child, value) is not JsonArray nested) return null;
                var flat = new JsonArray();
                foreach (var item in nested)
                    if (item is JsonArray inner) foreach (var x in inner) flat.Add(Own(x));
                    else flat.Add(Own(item));
                return flat;
            case JmMultiList ml:
                if (value is null) return null;
                return new JsonArray(ml.Items.Select(e => Own(Eval(e, value))).ToArray());
            case JmMultiHash mh:
                if (value is null) return null;
                var hash = new JsonObject();
                foreach (var (key, e) in mh.Pairs) hash[key] = Own(Eval(e, value));
                return hash;
            case JmCompare c: return Compare(c.Op, Eval(c.Left, value), Eval(c.Right, value));
            case JmOr or:
                var left = Eval(or.Left, value);
                return IsTrue(left) ? left : Eval(or.Right, value);
            case JmAnd and:
                var first = Eval(and.Left, value);
                return IsTrue(first) ? Eval(and.Right, value) : first;
            case JmNot not: return JsonValue.Create(!IsTrue(Eval(not.Child, value)));
            case JmPipe pipe: return Eval(pipe.Right, Eval(pipe.Left, value));
            case JmFunction fn: return JsonSearchFunctions.Call(fn, value);
            case JmExpRef: throw new MbsException("JSON.Search: an expression reference (&…) is only allowed as a " +
                "function argument, e.g. sort_by(people, &age).");
            default: throw new MbsException("JSON.Search: unsupported expression.");
        }
    }

    static JsonArray Project(IEnumerable<JsonNode?> items, Jm right)
    {
        var result = new JsonArray();
        foreach (var item in items)
            if (Eval(right, item) is { } r && JsonValues.Kind(r) != JsonValueKind.Null) result.Add(Own(r));
        return result;
    }

    /// <summary>A node to put into a new result: copied when it already belongs to a tree.</summary>
    public static JsonNode? Own(JsonNode? n) => n?.DeepClone();

    public static bool IsTrue(JsonNode? n) => n switch
    {
        null => false,
        JsonArray a => a.Count > 0,
        JsonObject o => o.Count > 0,
        _ => n.GetValueKind() switch
        {
            JsonValueKind.False or JsonValueKind.Null => false,
            JsonValueKind.String => n.GetValue<string>().Length > 0,
            _ => true,
        },
    };

    static JsonNode? Compare(string op, JsonNode? left, JsonNode? right)
    {
        if (op is "eq" or "ne")
        {
            var equal = JsonValues.Equal(left, right, false);
            return JsonValue.Create(op == "eq" ? equal : !equal);
        }
        int order;
        if (JsonValues.Kind(left) == JsonValueKind.Number && JsonValues.Kind(right) == JsonValueKind.Number)
            order = JsonValues.ToDouble(left).CompareTo(JsonValues.ToDouble(right));
        else if (JsonValues.Kind(left) == JsonValueKind.String && JsonValues.Kind(right) == JsonValueKind.String)
            order = string.CompareOrdinal(left!.GetValue<string>(), right!.GetValue<string>()); // as jmespath.py
        else return null;
        return JsonValue.Create(
            op switch { "lt" => order < 0, "lte" => order <= 0, "gt" => order > 0, _ => order >= 0 });
    }

    /// <summary>Python's slice semantics, which JMESPath specifies: negative positions from the end, a negative
    /// step walks backwards, bounds clamped.</summary>
    static JsonArray Slice(JsonArray list, JmSlice s)
    {
        var step = s.Step ?? 1;
        if (step == 0) throw new MbsException("JSON.Search: a slice step cannot be 0.");
        var n = list.Count;
        int Clamp(int? v, int fallback)
        {
            if (v is null) return fallback;
            var x = v.Value < 0 ? v.Value + n : v.Value;
            return step > 0 ? Math.Clamp(x, 0, n) : Math.Clamp(x, -1, n - 1);
        }
        var start = Clamp(s.Start, step > 0 ? 0 : n - 1);
        var stop = Clamp(s.Stop, step > 0 ? n : -1);
        var result = new JsonArray();
        for (var i = start; step > 0 ? i < stop : i > stop; i += step) result.Add(Own(list[i]));
        return result;
    }

    public static string NumberText(double d) =>
        d == Math.Floor(d) && Math.Abs(d) < 1e15 ? ((long)d).ToString(CultureInfo.InvariantCulture)
            : d.ToString("R", CultureInfo.InvariantCulture);
}

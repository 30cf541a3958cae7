using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PluginBridge.Engine.Json;

/// <summary>The functions a JSONPath filter (or the start of a query) may call, as jsoncons names them:
/// contains, starts_with, ends_with, length, keys, abs, ceil, floor, sum, avg, min, max, to_number.</summary>
static class JsonPathFunctions
{
    public static JpValue Call(string name, List<JpValue> args)
    {
        switch (name)
        {
            case "contains":
                Count(name, args, 2);
                if (args[0].Node is JsonArray items)
                    return Bool(args[1].Exists && items.Any(x => JsonValues.Equal(x, args[1].Node, false)));
                return Bool(args[0].Kind == JsonValueKind.String && args[1].Kind == JsonValueKind.String
                    && Text(args[0]).Contains(Text(args[1]), StringComparison.Ordinal));
            case "starts_with":
            case "ends_with":
                Count(name, args, 2);
                if (args[0].Kind != JsonValueKind.String || args[1].Kind != JsonValueKind.String) return Bool(false);
                return Bool(name == "starts_with"
                    ? Text(args[0]).StartsWith(Text(args[1]), StringComparison.Ordinal)
                    : Text(args[0]).EndsWith(Text(args[1]), StringComparison.Ordinal));
            case "length":
                Count(name, args, 1);
                return args[0].Node switch
                {
                    JsonArray a => Number(a.Count),
                    JsonObject o => Number(o.Count),
                    _ when args[0].Kind == JsonValueKind.String => Number(Text(args[0]).EnumerateRunes().Count()),
                    _ => JpValue.Missing,
                };
            case "keys":
                Count(name, args, 1);
                return args[0].Node is JsonObject obj
                    ? JpValue.Of(new JsonArray(obj.Select(p => (JsonNode?)JsonValues.String(p.Key)).ToArray()))
                    : JpValue.Missing;
            case "abs": return Math1(name, args, Math.Abs);
            case "ceil": return Math1(name, args, Math.Ceiling);
            case "floor": return Math1(name, args, Math.Floor);
            case "to_number":
                Count(name, args, 1);
                if (args[0].Kind == JsonValueKind.Number) return args[0];
                return args[0].Kind == JsonValueKind.String && double.TryParse(Text(args[0]), NumberStyles.Float,
                    CultureInfo.InvariantCulture, out var d) ? Number(d) : JpValue.Missing;
            case "sum": return Aggregate(name, args, xs => xs.Sum());
            case "avg": return Aggregate(name, args, xs => xs.Count == 0 ? double.NaN : xs.Average());
            case "min": return Aggregate(name, args, xs => xs.Count == 0 ? double.NaN : xs.Min());
            case "max": return Aggregate(name, args, xs => xs.Count == 0 ? double.NaN : xs.Max());
            default:
                throw new MbsException($"Unknown JSONPath function {name}(). Use contains, starts_with, ends_with, " +
                    "length, keys, abs, ceil, floor, sum, avg, min, max or to_number.");
        }
    }

    /// <summary>A computed number as JSON: whole numbers without a fraction, others as the shortest round
    /// trip.</summary>
    public static JsonNode NumberNode(double d) =>
        JsonNode.Parse(d == Math.Floor(d) && Math.Abs(d) < 1e15
            ? ((long)d).ToString(CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture))!;

    static JpValue Number(double d) => JpValue.Of(NumberNode(d));

    static JpValue Bool(bool b) => JpValue.Of(JsonValues.Bool(b));

    static string Text(JpValue v) => v.Node!.GetValue<string>();

    static void Count(string name, List<JpValue> args, int n)
    {
        if (args.Count != n)
            throw new MbsException($"The JSONPath function {name}() takes {n} argument(s), got {args.Count}.");
    }

    static JpValue Math1(string name, List<JpValue> args, Func<double, double> f)
    {
        Count(name, args, 1);
        return args[0].Kind == JsonValueKind.Number ? Number(f(JsonValues.ToDouble(args[0].Node))) : JpValue.Missing;
    }

    static JpValue Aggregate(string name, List<JpValue> args, Func<List<double>, double> f)
    {
        Count(name, args, 1);
        if (args[0].Node is not JsonArray a || a.Any(x => JsonValues.Kind(x) != JsonValueKind.Number))
            return JpValue.Missing;
        var r = f(a.Select(JsonValues.ToDouble).ToList());
        return double.IsFinite(r) ? Number(r) : JpValue.Missing;
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace PluginBridge.Engine.Json;

/// <summary>The JMESPath built-in functions (specification section "Built-in Functions"), with its argument
/// checks: a wrong type or count is an [MBS] error naming the function.</summary>
static class JsonSearchFunctions
{
    public static JsonNode? Call(JmFunction fn, JsonNode? current)
    {
        var name = fn.Name;
        JsonNode? Arg(int i) => JsonSearch.Eval(fn.Args[i], current);
        Jm Ref(int i) => fn.Args[i] is JmExpRef r ? r.Child
            : throw Invalid(name, $"argument {i + 1} must be an expression reference (&…)");
        void Count(int min, int max = -1)
        {
            var n = fn.Args.Count;
            if (n < min || (max >= 0 && n > max) || (max == -1 && n != min))
                throw Invalid(name, $"takes {(max == -1 ? min.ToString() : max == int.MaxValue ? $"at least {min}"
                    : $"{min} to {max}")} argument(s), got {n}");
        }
        switch (name)
        {
            case "abs": Count(1); return Num(Math.Abs(Number(name, Arg(0))));
            case "ceil": Count(1); return Num(Math.Ceiling(Number(name, Arg(0))));
            case "floor": Count(1); return Num(Math.Floor(Number(name, Arg(0))));
            case "avg":
                Count(1);
                var numbers = Numbers(name, Arg(0));
                return numbers.Count == 0 ? null : Num(numbers.Average());
            case "sum": Count(1); return Num(Numbers(name, Arg(0)).Sum());
            case "contains":
                Count(2);
                var subject = Arg(0);
                var search = Arg(1);
                return subject switch
                {
                    JsonArray arr => JsonValue.Create(arr.Any(x => JsonValues.Equal(x, search, false))),
                    _ when Kind(subject)
                        == JsonValueKind.String => JsonValue.Create(Kind(search) == JsonValueKind.String
                        && Str(subject).Contains(Str(search), StringComparison.Ordinal)),
                    _ => throw Invalid(name, "argument 1 must be an array or a string"),
                };
            case "starts_with" or "ends_with":
                Count(2);
                var (s, prefix) = (String(name, Arg(0)), String(name, Arg(1)));
                return JsonValue.Create(name == "starts_with" ? s.StartsWith(prefix, StringComparison.Ordinal)
                    : s.EndsWith(prefix, StringComparison.Ordinal));
            case "join":
                Count(2);
                var glue = String(name, Arg(0));
                return JsonValue.Create(string.Join(glue, Array(name, Arg(1)).Select(x => String(name, x))));
            case "keys": Count(1); return new JsonArray(Object(name, Arg(0)).Select(m => (JsonNode?)m.Key).ToArray());
            case "values":
                Count(1);
                return new JsonArray(Object(name, Arg(0)).Select(m => JsonSearch.Own(m.Value)).ToArray());
            case "length":
                Count(1);
                return Arg(0) switch
                {
                    JsonArray arr => JsonValue.Create(arr.Count),
                    JsonObject obj => JsonValue.Create(obj.Count),
                    var v when Kind(v) == JsonValueKind.String => JsonValue.Create(Str(v).EnumerateRunes().Count()),
                    _ => throw Invalid(name, "argument 1 must be a string, an array or an object"),
                };
            case "map":
                Count(2);
                var expr = Ref(0);
                return new JsonArray(Array(name, Arg(1)).Select(x => JsonSearch.Own(JsonSearch.Eval(expr, x)))
                    .ToArray());
            case "max" or "min":
                Count(1);
                var values = Array(name, Arg(0)).ToList();
                if (values.Count == 0) return null;
                return JsonSearch.Own(Sorted(name, values, x => x)[name == "min" ? 0 : values.Count - 1]);
            case "max_by" or "min_by":
                Count(2);
                var byItems = Array(name, Arg(0)).ToList();
                if (byItems.Count == 0) return null;
                var byExpr = Ref(1);
                var bySorted = Sorted(name, byItems, x => JsonSearch.Eval(byExpr, x));
                return JsonSearch.Own(bySorted[name == "min_by" ? 0 : bySorted.Count - 1]);
            case "sort": Count(1); return new JsonArray(Sorted(name, Array(name, Arg(0)).ToList(), x => x)
                .Select(JsonSearch.Own).ToArray());
            case "sort_by":
                Count(2);
                var keyExpr = Ref(1);
                return new JsonArray(Sorted(name, Array(name, Arg(0)).ToList(), x => JsonSearch.Eval(keyExpr, x))
                    .Select(JsonSearch.Own).ToArray());
            case "merge":
                Count(1, int.MaxValue);
                var merged = new JsonObject();
                for (var i = 0; i < fn.Args.Count; i++)
                    foreach (var (k, v) in Object(name, Arg(i))) merged[k] = JsonSearch.Own(v);
                return merged;
            case "not_null":
                Count(1, int.MaxValue);
                for (var i = 0; i < fn.Args.Count; i++)
                    if (Arg(i) is { } v && Kind(v) != JsonValueKind.Null) return v;
                return null;
            case "reverse":
                Count(1);
                return Arg(0) switch
                {
                    JsonArray arr => new JsonArray(arr.Reverse().Select(JsonSearch.Own).ToArray()),
                    var v when Kind(v) == JsonValueKind.String =>
                        JsonValue.Create(string.Concat(Str(v).EnumerateRunes().Reverse().Select(r => r.ToString()))),
                    _ => throw Invalid(name, "argument 1 must be a string or an array"),
                };
            case "to_array": Count(1); return Arg(0) is JsonArray a ? a : new JsonArray(JsonSearch.Own(Arg(0)));
            case "to_string":
                Count(1);
                var any = Arg(0);
                return Kind(any) == JsonValueKind.String ? any : JsonValue.Create(JsonText.Compact(any));
            case "to_number":
                Count(1);
                var t = Arg(0);
                if (Kind(t) == JsonValueKind.Number) return t;
                return Kind(t) == JsonValueKind.String && double.TryParse(Str(t),
                    System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture,
                    out var parsed) && double.IsFinite(parsed) ? Num(parsed) : null;
            case "type": Count(1); return JsonValue.Create(JsonText.TypeName(Arg(0)) is "true" or "false" ? "boolean"
                : JsonText.TypeName(Arg(0)));
            default:
                throw new MbsException($"JSON.Search: unknown function {name}(). JMESPath's functions are abs, avg, " +
                    "ceil, contains, ends_with, floor, join, keys, length, map, max, max_by, merge, min, min_by, " +
                    "not_null, reverse, sort, sort_by, starts_with, sum, to_array, to_number, to_string, type, " +
                        "values.");
        }
    }

    static JsonValueKind Kind(JsonNode? n) => JsonValues.Kind(n);
    static string Str(JsonNode? n) => n!.GetValue<string>();

    static JsonNode Num(double d) => d == Math.Floor(d) && Math.Abs(d) < 1e15
        ? JsonValue.Create((long)d) : JsonValue.Create(d);

    static MbsException Invalid(string name, string what) =>
        new($"JSON.Search: invalid call of {name}(): {what}.");

    static double Number(string name, JsonNode? n) => Kind(n) == JsonValueKind.Number ? JsonValues.ToDouble(n)
        : throw Invalid(name, $"expected a number, got {JsonText.TypeName(n)}");

    static string String(string name, JsonNode? n) => Kind(n) == JsonValueKind.String ? Str(n)
        : throw Invalid(name, $"expected a string, got {JsonText.TypeName(n)}");

    static JsonArray Array(string name, JsonNode? n) =>
        n as JsonArray ?? throw Invalid(name, $"expected an array, got {JsonText.TypeName(n)}");

    static JsonObject Object(string name, JsonNode? n) =>
        n as JsonObject ?? throw Invalid(name, $"expected an object, got {JsonText.TypeName(n)}");

    static List<double> Numbers(string name, JsonNode? n) => Array(name, n).Select(x => Number(name, x)).ToList();

    /// <summary>A stable sort by keys that must be all numbers or all strings (strings by code point).</summary>
    static List<JsonNode?> Sorted(string name, List<JsonNode?> items, Func<JsonNode?, JsonNode?> key)
    {
        var keyed = items.Select(x => (Item: x, Key: key(x))).ToList();
        if (keyed.Count == 0) return [];
        if (keyed.All(k => Kind(k.Key) == JsonValueKind.Number))
            return keyed.OrderBy(k => JsonValues.ToDouble(k.Key)).Select(k => k.Item).ToList();
        if (keyed.All(k => Kind(k.Key) == JsonValueKind.String))
            return keyed.OrderBy(k => Str(k.Key), StringComparer.Ordinal).Select(k => k.Item).ToList();
        throw Invalid(name, "the values to compare must be all numbers or all strings");
    }
}

using System.Text.Json.Nodes;
using PluginBridge.Engine.Core;

namespace PluginBridge.Engine.Json;

/// <summary>
/// The JSON functions that evaluate a FileMaker expression through the host (pb_host.evaluate, ExprEnv Evaluate):
/// JSON.ReplaceEvaluate with JSON.CurrentMatch / JSON.CurrentMatchPath answering inside its expression, and
/// JSON.SortWithEvaluate. They work on a private copy and hold the JSON lock only around reading and storing, so the
/// expression may call any JSON function again (re-entrant, on the same thread) without a deadlock.
/// </summary>
static class JsonEvaluateFunctions
{
    /// <summary>The matches being evaluated on this thread, innermost last (a ReplaceEvaluate inside the expression
    /// of another nests).</summary>
    [ThreadStatic] static Stack<(string Json, string Path)>? current;

    public static void Register(Registry r)
    {
        r.Add("JSON.ReplaceEvaluate", "JSON; Path; Expression", ReplaceEvaluate);
        r.Add("JSON.CurrentMatch", "", _ => Value.FromText(Current("JSON.CurrentMatch").Json));
        r.Add("JSON.CurrentMatchPath", "", _ => Value.FromText(Current("JSON.CurrentMatchPath").Path));
        r.Add("JSON.SortWithEvaluate", "JSON; Expression", SortWithEvaluate);
    }

    static (string Json, string Path) Current(string function) =>
        current is { Count: > 0 } c ? c.Peek()
            : throw new MbsException($"{function} answers only inside the expression of JSON.ReplaceEvaluate.");

    static Value ReplaceEvaluate(Args a)
    {
        var query = JsonPathParser.Parse(a.Text(1));
        var expression = a.Text(2);
        JsonInput input;
        JsonNode? root;
        List<JpMatch> matches;
        lock (JsonFunctions.Gate)
        {
            input = JsonRefs.Read(a, 0);
            root = input.Node?.DeepClone();
            matches = JsonPathEval.Run(query, root);
        }
        foreach (var m in matches)
        {
            if (m.Detached)
                throw new MbsException("JSON.ReplaceEvaluate needs a path into the JSON; a query that starts with a " +
                    "function has nothing to replace.");
            var stack = current ??= new Stack<(string, string)>();
            stack.Push((JsonText.Print(m.Node), m.Path));
            string result;
            try { result = Expressions.Evaluate("JSON.ReplaceEvaluate", expression); }
            finally { stack.Pop(); }
            if (result.Length == 0) continue; // MBS: empty text skips the match
            if (!JsonRefs.TryParse(result, out var value))
                throw new MbsException($"JSON.ReplaceEvaluate: the expression returned {MbsException.Echo(result)} " +
                    $"for {m.Path}, which is not JSON. Return JSON (a string in quotes), or empty text to skip.");
            switch (m.Parent)
            {
                case JsonObject o: o[m.Key!] = value; break;
                case JsonArray arr: arr[m.Index] = value; break;
                default: root = value; break;
            }
        }
        lock (JsonFunctions.Gate) return JsonRefs.Result(input, root);
    }

    static Value SortWithEvaluate(Args a)
    {
        JsonNode? node;
        lock (JsonFunctions.Gate) node = JsonRefs.Read(a, 0).Node?.DeepClone();
        var expression = a.Text(1);
        bool Less(JsonNode? left, JsonNode? right) => Expressions.IsTrue(Expressions.Evaluate("JSON.SortWithEvaluate",
            $"Let ( [ leftJSON = {Expressions.Quote(JsonText.Print(left))} ; " +
            $"rightJSON = {Expressions.Quote(JsonText.Print(right))} ] ; {expression} )"));
        switch (node)
        {
            case JsonArray arr:
                var items = arr.ToArray();
                arr.Clear();
                foreach (var item in MergeSort(items, Less)) arr.Add(item);
                break;
            case JsonObject obj:
                var members = obj.ToArray();
                obj.Clear();
                foreach (var (key, value) in MergeSort(members, (x, y) => Less(x.Value, y.Value))) obj[key] = value;
                break;
            default:
                throw new MbsException($"JSON.SortWithEvaluate needs a JSON array or object, got " +
                    $"{JsonText.TypeName(node)}.");
        }
        return Value.FromText(JsonText.Print(node));
    }

    /// <summary>Stable merge sort asking only "does right sort before left?": one evaluation per comparison, and an
    /// expression that is not a strict order still ends (List.Sort may throw on one). QuickList.SortWithEvaluate
    /// sorts with it too.</summary>
    internal static T[] MergeSort<T>(T[] items, Func<T, T, bool> less)
    {
        var from = (T[])items.Clone();
        var to = new T[items.Length];
        for (var width = 1; width < from.Length; width *= 2)
        {
            for (var start = 0; start < from.Length; start += 2 * width)
            {
                int i = start, mid = Math.Min(start + width, from.Length), j = mid;
                int end = Math.Min(start + 2 * width, from.Length), k = start;
                while (i < mid && j < end) to[k++] = less(from[j], from[i]) ? from[j++] : from[i++];
                while (i < mid) to[k++] = from[i++];
                while (j < end) to[k++] = from[j++];
            }
            (from, to) = (to, from);
        }
        return from;
    }
}

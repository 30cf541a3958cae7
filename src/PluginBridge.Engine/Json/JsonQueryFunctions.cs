using System.Text.Json.Nodes;

namespace PluginBridge.Engine.Json;

/// <summary>JSON.Query and JSON.Replace: JSONPath (jsoncons dialect, see JsonPathExpr) over JSON text or a
/// reference.</summary>
static class JsonQueryFunctions
{
    // jsoncons result_options as MBS passes them through: 1 no duplicates, 2 sort by path, 4 sort descending,
    // 8 paths instead of values.
    const int NoDuplicates = 1, Sort = 2, SortDescending = 4, Paths = 8;

    public static void Register(Registry r)
    {
        JsonFunctions.Add(r, "JSON.Query", "JSON; Query { ; Flags }", Query);
        JsonFunctions.Add(r, "JSON.Replace", "JSON; Path; ReplaceJSON", Replace);
    }

    static Value Query(Args a)
    {
        var input = JsonRefs.Read(a, 0);
        var flags = a.Int(2);
        var matches = JsonPathEval.Run(JsonPathParser.Parse(a.Text(1)), input.Node);
        if ((flags & (NoDuplicates | Sort | SortDescending)) != 0)
        {
            IEnumerable<JpMatch> m = matches;
            if ((flags & NoDuplicates) != 0) m = m.DistinctBy(x => x.Path);
            if ((flags & (Sort | SortDescending)) != 0)
            {
                m = m.Order(PathOrder.Instance);
                if ((flags & SortDescending) != 0) m = m.Reverse();
            }
            matches = m.ToList();
        }
        var result = new JsonArray(matches.Select(x => (flags & Paths) != 0
            ? JsonValues.String(x.Path) : x.Node?.DeepClone()).ToArray());
        return Value.FromText(JsonText.Print(result));
    }

    static Value Replace(Args a)
    {
        var input = JsonRefs.Read(a, 0);
        var replacement = JsonRefs.Read(a, 2).Node;
        var root = input.Node;
        foreach (var m in JsonPathEval.Run(JsonPathParser.Parse(a.Text(1)), root))
        {
            if (m.Detached)
                throw new MbsException("JSON.Replace needs a path into the JSON; a query that starts with a " +
                    "function has nothing to replace.");
            var value = replacement?.DeepClone();
            switch (m.Parent)
            {
                case JsonObject o: o[m.Key!] = value; break;
                case JsonArray arr: arr[m.Index] = value; break;
                default: root = value; break;
            }
        }
        return JsonRefs.Result(input, root);
    }

    /// <summary>jsoncons sorts by normalized path: step by step, indexes as numbers, names as text.</summary>
    sealed class PathOrder : IComparer<JpMatch>
    {
        public static readonly PathOrder Instance = new();

        public int Compare(JpMatch x, JpMatch y)
        {
            for (var i = 0; i < Math.Min(x.Steps.Length, y.Steps.Length); i++)
            {
                var c = (x.Steps[i], y.Steps[i]) switch
                {
                    (int p, int q) => p.CompareTo(q),
                    (string p, string q) => string.CompareOrdinal(p, q),
                    (int, _) => -1,
                    _ => 1,
                };
                if (c != 0) return c;
            }
            return x.Steps.Length.CompareTo(y.Steps.Length);
        }
    }
}

namespace PluginBridge.Engine.Lists;

/// <summary>
/// MBS List.*: operations on FileMaker value lists given as text. Results end with ¶ unless NoReturnEnding is 1
/// (MBS's default "to easily concat lists"). Text comparison is case-sensitive unless MBS documents otherwise
/// (the Matches… functions ignore case). The functions not registered yet are listed in README.md.
/// </summary>
static class ListFunctions
{
    public static void Register(Registry r)
    {
        r.Add("List.MatchesPrefix", "List; Text { ; NoReturnEnding }",
            a => Filter(a, s => s.StartsWith(a.Text(1), StringComparison.OrdinalIgnoreCase)));
        r.Add("List.MatchesPostfix", "List; Text { ; NoReturnEnding }",
            a => Filter(a, s => s.EndsWith(a.Text(1), StringComparison.OrdinalIgnoreCase)));
        r.Add("List.AddPrefix", "List; Prefix { ; NoReturnEnding }", a => Map(a, s => a.Text(1) + s));
        r.Add("List.AddPostfix", "List; Postfix { ; NoReturnEnding }", a => Map(a, s => s + a.Text(1)));
        r.Add("List.RemovePrefix", "List; Prefix { ; NoReturnEnding; CaseSensitive }", a => Map(a,
            s => s.StartsWith(a.Text(1), Case(a)) ? s[a.Text(1).Length..] : s));
        r.Add("List.RemovePostfix", "List; Postfix { ; NoReturnEnding; CaseSensitive }", a => Map(a,
            s => s.EndsWith(a.Text(1), Case(a)) ? s[..^a.Text(1).Length] : s));
        r.Add("List.Reverse", "List { ; NoReturnEnding }", a => Result(a, 1, Enumerable.Reverse(Items(a))));
        r.Add("List.RemoveEmptyItems", "List { ; NoReturnEnding }",
            a => Result(a, 1, Items(a).Where(s => s.Length > 0)));
        r.Add("List.RemoveDuplicateItems", "List { ; NoReturnEnding; RemoveAll; CaseInsensitive }", RemoveDuplicates);
        r.Add("List.And", "List1; List2 { ; NoReturnEnding }", a =>
        {
            var second = new HashSet<string>(ListText.Split(a.Text(1)), StringComparer.Ordinal);
            return Result(a, 2, Items(a).Where(second.Contains));
        });
        r.Add("List.Or", "List1; List2 { ; NoReturnEnding }", a =>
        {
            var first = Items(a);
            var seen = new HashSet<string>(first, StringComparer.Ordinal);
            return Result(a, 2, first.Concat(ListText.Split(a.Text(1)).Where(v => !seen.Contains(v))));
        });
        r.Add("List.FindEquals", "List1; List2 { ; NoReturnEnding }", a =>
        {
            var second = new HashSet<string>(ListText.Split(a.Text(1)), StringComparer.Ordinal);
            return Result(a, 2, Items(a).Where(second.Contains));
        });
        r.Add("List.FindUnequals", "List1; List2 { ; NoReturnEnding; NotFromSecondList }", FindUnequals);
        r.Add("List.Find", "List; Value { ; ignoreCase }",
            a => Value.FromNumber(Items(a).FindIndex(s => ListText.Comparer(a.Bool(2)).Equals(s, a.Text(1)))));
        r.Add("List.HasValue", "List; Value", a => Value.FromBool(Items(a).Contains(a.Text(1))));
        r.Add("List.GetValue", "List; Index", a =>
        {
            var items = Items(a);
            if (items.Count == 0)
                throw new MbsException($"{a.Function}: the list is empty, so there is no index to use.");
            return Value.FromText(items[(int)a.Long(1, 0, items.Count - 1)]);
        });
        r.Add("List.HasDuplicateItems", "List { ; CaseInsensitive }", a =>
        {
            var items = Items(a);
            return Value.FromBool(items.Distinct(ListText.Comparer(a.Bool(1))).Count() != items.Count);
        });
        r.Add("List.FindDuplicateItems", "List { ; NoReturnEnding; CaseInsensitive }", a => Result(a, 1,
            Items(a).GroupBy(s => s, ListText.Comparer(a.Bool(2))).Where(g => g.Count() > 1).Select(g => g.First())));
        r.Add("List.GetColumn", "List; Separator; Column { ; NoReturnEnding }",
            a => Map(a, s => ListText.Column(s, a.Text(1), a.Int(2)) ?? "", 3));
        r.Add("List.AndColumn", "List1; List2; Separator; Column { ; NoReturnEnding }", AndColumn);
        r.Add("List.Intersection", "List1; Lists...", Intersection);
        r.Add("List.MapEntries", "Keys; KeysSelected; Values { ; NoReturnEnding }", MapEntries);
        r.Add("List.CountValuesMatching", "List; Operator; Value { ; Mode }",
            a => Value.FromNumber(Items(a).Count(ListText.Matcher(a.Text(1), a.Text(2), a.Bool(3), a.Function))));
        r.Add("List.DeleteColumn", "List; Separator; Column { ; NoReturnEnding }",
            a => Map(a, s => ListText.DeleteColumn(s, a.Text(1), a.Int(2)), 3));
        r.Add("List.DeCombine", "List; ColumnDelimiter; StartColumn; EndColumn { ; NoReturnEnding }",
            a => Map(a, s => ListText.PickColumns(s, a.Text(1), a.Int(2), a.Int(3)), 4));
        // Flags: 1 no ¶ at the end, 2 pairs of equal index only.
        r.Add("List.CrossProduct", "List1; List2 { ; Prefix; Midfix; Postfix; Flags }",
            a => Value.FromText(ListText.Join(
            ListText.Cross(Items(a), ListText.Split(a.Text(1)), a.Text(2), a.Text(3), a.Text(4), (a.Long(5) & 2) != 0),
            (a.Long(5) & 1) != 0)));
        r.Add("List.Sort", "List { ; Flags; NoReturnEnding }", a =>
        {
            var items = Items(a);
            return Result(a, 2, ListText.SortOrder(items, a.Long(1)).Select(i => items[i]));
        });
        r.Add("List.SortWithEvaluate", "List; Expression { ; NoReturnEnding }",
            a => Result(a, 2, ListText.SortWithEvaluate(a.Function, Items(a), a.Text(1))));
        // Index: entries to skip; a negative Count takes all the rest.
        r.Add("List.SubList", "List; Index; Count { ; NoReturnEnding }", a =>
        {
            var count = a.Long(2, int.MinValue, int.MaxValue);
            return Result(a, 3, Items(a).Skip((int)a.Long(1, 0, int.MaxValue))
                .Take(count < 0 ? int.MaxValue : (int)count));
        });
        r.Add("List.IndexOfFirstValueMatching", "List; Operator; Value { ; Mode; StartRow }", a =>
        {
            var match = ListText.Matcher(a.Text(1), a.Text(2), a.Bool(3), a.Function);
            var items = Items(a);
            var start = (int)a.Long(4, 0, int.MaxValue);
            return Value.FromNumber(start >= items.Count ? -1 : items.FindIndex(start, s => match(s)));
        });
    }

    static List<string> Items(Args a) => ListText.Split(a.Text(0));

    static Value Result(Args a, int noReturnEndingIndex, IEnumerable<string> items) =>
        Value.FromText(ListText.Join(items, a.Bool(noReturnEndingIndex)));

    // MBS: case-insensitive unless CaseSensitive is 1.
    static StringComparison Case(Args a) => a.Bool(3) ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    static Value Filter(Args a, Func<string, bool> keep) => Result(a, 2, Items(a).Where(keep));

    static Value Map(Args a, Func<string, string> map, int noReturnEndingIndex = 2) =>
        Result(a, noReturnEndingIndex, Items(a).Select(map));

    static Value RemoveDuplicates(Args a)
    {
        var comparer = ListText.Comparer(a.Bool(3));
        var items = Items(a);
        if (!a.Bool(2)) return Result(a, 1, items.Distinct(comparer));
        var counts = items.GroupBy(s => s, comparer).ToDictionary(g => g.Key, g => g.Count(), comparer);
        return Result(a, 1, items.Where(s => counts[s] == 1));
    }

    // MBS: the values of the second list whose column is also found in that column of the first list.
    static Value AndColumn(Args a)
    {
        var separator = a.Text(2);
        var column = a.Int(3);
        var first = new HashSet<string>(Items(a).Select(s => ListText.Column(s, separator, column))
            .OfType<string>(), StringComparer.Ordinal);
        return Result(a, 4, ListText.Split(a.Text(1))
            .Where(s => ListText.Column(s, separator, column) is { } c && first.Contains(c)));
    }

    // Values in only one of the lists (NotFromSecondList 1: the first list's values not in the second).
    static Value FindUnequals(Args a)
    {
        var first = Items(a);
        var second = ListText.Split(a.Text(1));
        HashSet<string> in1 = new(first, StringComparer.Ordinal), in2 = new(second, StringComparer.Ordinal);
        var result = first.Where(v => !in2.Contains(v));
        if (!a.Bool(3)) result = result.Concat(second.Where(v => !in1.Contains(v)));
        return Result(a, 2, result);
    }

    // Values of the first list found in every other list; the result ends with ¶ (MBS documents so).
    static Value Intersection(Args a)
    {
        IEnumerable<string> result = Items(a);
        foreach (var other in a.From(1))
        {
            var set = new HashSet<string>(ListText.Split(other.AsText()), StringComparer.Ordinal);
            result = result.Where(set.Contains).ToList();
        }
        return Value.FromText(ListText.Join(result));
    }

    // For each selected key, the value at the position of that key in the key list (keys may repeat: each
    // occurrence gives its value).
    static Value MapEntries(Args a)
    {
        var keys = Items(a);
        var selected = new HashSet<string>(ListText.Split(a.Text(1)), StringComparer.Ordinal);
        var values = ListText.Split(a.Text(2));
        var picked = keys.Select((k, i) => (k, i)).Where(p => selected.Contains(p.k) && p.i < values.Count)
            .Select(p => values[p.i]);
        return Result(a, 3, picked);
    }
}

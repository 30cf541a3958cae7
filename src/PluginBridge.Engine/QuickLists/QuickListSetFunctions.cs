using PluginBridge.Engine.Lists;
using static PluginBridge.Engine.QuickLists.QuickListFunctions;

namespace PluginBridge.Engine.QuickLists;

/// <summary>QuickList functions on whole lists: set operations, matching, duplicates, columns, sorting. Where MBS
/// offers ReturnNewList, 1 gives the result as a new QuickList (its number is returned) and 0, the default, puts it
/// in the first list and returns OK.</summary>
static class QuickListSetFunctions
{
    public static void Register(Registry r)
    {
        r.Add("QuickList.And", "List1; List2 { ; ReturnNewList }", a => Combine(a, And));
        r.Add("QuickList.Or", "List1; List2 { ; ReturnNewList }", a => Combine(a, Or));
        r.Add("QuickList.Not", "List1; List2 { ; ReturnNewList }", a => Combine(a, Not));
        r.Add("QuickList.XOr", "List1; List2 { ; ReturnNewList }", a => Combine(a, XOr));
        r.Add("QuickList.FindEquals", "List1; List2 { ; ReturnNewList }", a => Combine(a, And));
        r.Add("QuickList.FindUnequals", "List1; List2 { ; ReturnNewList; NotFromSecondList }",
            a => Combine(a, a.Bool(3) ? Not : XOr));

        r.Add("QuickList.MatchesPrefix", "ListRef; Text { ; Flags }",
            a => Matches(a, (s, t) => s.StartsWith(t, StringComparison.OrdinalIgnoreCase)));
        r.Add("QuickList.MatchesPostfix", "ListRef; Text { ; Flags }",
            a => Matches(a, (s, t) => s.EndsWith(t, StringComparison.OrdinalIgnoreCase)));
        r.Add("QuickList.MatchesSubString", "ListRef; Text { ; Flags }",
            a => Matches(a, (s, t) => s.Contains(t, StringComparison.OrdinalIgnoreCase)));
        r.Add("QuickList.Find", "ListRef; Value { ; ignoreCase }",
            a => Read(a, 0,
                l => Value.FromNumber(l.FindIndex(s => ListText.Comparer(a.Bool(2)).Equals(s, a.Text(1))))));
        r.Add("QuickList.ValueIndex", "ListRef; Value", a => Read(a, 0, l =>
        {
            var i = l.FindIndex(s => string.Equals(s, a.Text(1), StringComparison.OrdinalIgnoreCase));
            return i < 0 ? Value.Empty : Value.FromNumber(i);
        }));
        r.Add("QuickList.HasValue", "ListRef; Value", a => Read(a, 0, l => Value.FromBool(l.Contains(a.Text(1)))));
        r.Add("QuickList.HasValues", "ListRef; Values", a =>
        {
            var have = new HashSet<string>(Snapshot(a, 0), StringComparer.Ordinal);
            return Value.FromText(ListText.Join(ListText.Split(a.Text(1)).Where(have.Contains)));
        });
        r.Add("QuickList.CountValuesMatching", "ListRef; Operator; Value { ; Mode }", a =>
        {
            var match = ListText.Matcher(a.Text(1), a.Text(2), a.Bool(3), a.Function);
            return Read(a, 0, l => Value.FromNumber(l.Count(match)));
        });
        r.Add("QuickList.IndexOfFirstValueMatching", "ListRef; Operator; Value { ; Mode; StartRow }", a =>
        {
            var match = ListText.Matcher(a.Text(1), a.Text(2), a.Bool(3), a.Function);
            var start = (int)a.Long(4, 0, int.MaxValue);
            return Read(a, 0, l => Value.FromNumber(start >= l.Count ? -1 : l.FindIndex(start, s => match(s))));
        });

        r.Add("QuickList.HasDuplicateItems", "ListRef { ; CaseInsensitive }", a =>
        {
            var items = Snapshot(a, 0);
            return Value.FromBool(items.Distinct(ListText.Comparer(a.Bool(1))).Count() != items.Count);
        });
        r.Add("QuickList.FindDuplicateItems", "ListRef { ; ReturnNewList; CaseInsensitive }",
            a => Replace(a, 1, l => l.GroupBy(s => s, ListText.Comparer(a.Bool(2))).Where(g => g.Count() > 1)
                .Select(g => g.First())));
        r.Add("QuickList.RemoveDuplicateItems", "ListRef { ; RemoveAll; ReturnNewList; CaseInsensitive }",
            a => Replace(a, 2, l => RemoveDuplicates(l, a.Bool(1), ListText.Comparer(a.Bool(3)))));
        r.Add("QuickList.RemoveEmptyItems", "ListRef", a => Edit(a, 0, l => l.RemoveAll(s => s.Length == 0)));
        r.Add("QuickList.Trim", "ListRef", a => Edit(a, 0, l =>
        {
            for (int i = 0; i < l.Count; i++) l[i] = l[i].Trim();
        }));
        r.Add("QuickList.Reverse", "ListRef", a => Edit(a, 0, l => l.Reverse()));
        r.Add("QuickList.Shuffle", "List { ; ReturnNewList }",
            a => Replace(a, 1, l => l.OrderBy(_ => Random.Shared.Next())));

        r.Add("QuickList.AddPrefix", "ListRef { ; Prefix; ReturnNewList }",
            a => Replace(a, 2, l => l.Select(s => a.Text(1) + s)));
        r.Add("QuickList.AddPostfix", "ListRef { ; Postfix; ReturnNewList }",
            a => Replace(a, 2, l => l.Select(s => s + a.Text(1))));
        r.Add("QuickList.RemovePrefix", "ListRef { ; Prefix; ReturnNewList; CaseSensitive }", a => Replace(a, 2,
            l => l.Select(s => s.StartsWith(a.Text(1), Case(a)) ? s[a.Text(1).Length..] : s)));
        r.Add("QuickList.RemovePostfix", "ListRef { ; Postfix; ReturnNewList; CaseSensitive }", a => Replace(a, 2,
            l => l.Select(s => s.EndsWith(a.Text(1), Case(a)) ? s[..^a.Text(1).Length] : s)));

        r.Add("QuickList.GetColumn", "List; Separator; Column { ; ReturnNewList }", a => Replace(a, 3,
            l => l.Select(s => ListText.Column(s, a.Text(1), a.Int(2)) ?? "")));
        r.Add("QuickList.DeleteColumn", "List; Separator; Column { ; ReturnNewList }", a => Replace(a, 3,
            l => l.Select(s => ListText.DeleteColumn(s, a.Text(1), a.Int(2)))));
        r.Add("QuickList.DeCombine",
            "ListRef; ColumnDelimiter; StartColumn; EndColumn { ; ReturnNewList; NoReturnEnding }",
            DeCombine);
        r.Add("QuickList.CrossProduct", "List1; List2 { ; Prefix; Midfix; Postfix; Flags }", CrossProduct);
        r.Add("QuickList.Sort", "ListRef { ; Flags }", a => Edit(a, 0, l =>
        {
            var order = ListText.SortOrder(l, a.Long(1));
            var sorted = order.Select(i => l[i]).ToList();
            l.Clear();
            l.AddRange(sorted);
        }));
        r.Add("QuickList.SortWith", "ListRef; Flags; List1 { ; List2... }", SortWith);
        r.Add("QuickList.SortWithEvaluate", "ListRef; Expression", SortWithEvaluate);
    }

    static StringComparison Case(Args a) => a.Bool(3) ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    static HashSet<string> Set(List<string> l) => new(l, StringComparer.Ordinal);

    static IEnumerable<string> And(List<string> x, List<string> y)
    {
        var in2 = Set(y);
        return x.Where(in2.Contains);
    }

    static IEnumerable<string> Not(List<string> x, List<string> y)
    {
        var in2 = Set(y);
        return x.Where(v => !in2.Contains(v));
    }

    // Values of both lists: the first list, then what the second adds.
    static IEnumerable<string> Or(List<string> x, List<string> y)
    {
        var in1 = Set(x);
        return x.Concat(y.Where(v => !in1.Contains(v)));
    }

    static IEnumerable<string> XOr(List<string> x, List<string> y)
    {
        HashSet<string> in1 = Set(x), in2 = Set(y);
        return x.Where(v => !in2.Contains(v)).Concat(y.Where(v => !in1.Contains(v)));
    }

    /// <summary>The result of a function of both lists, as a new list or in the first one.</summary>
    static Value Combine(Args a, Func<List<string>, List<string>, IEnumerable<string>> op)
    {
        var second = Snapshot(a, 1);
        return Replace(a, 2, l => op(l, second));
    }

    /// <summary>The list's values mapped by <paramref name="op"/>: a new QuickList when parameter
    /// <paramref name="newListIndex"/> is 1, else put back into the list (OK).</summary>
    static Value Replace(Args a, int newListIndex, Func<List<string>, IEnumerable<string>> op) =>
        Replace(a, a.Bool(newListIndex), op);

    static Value Replace(Args a, bool toNew, Func<List<string>, IEnumerable<string>> op)
    {
        var list = Table.Get(a, 0);
        List<string> result;
        lock (list)
        {
            result = [.. op(list.Items)];
            if (!toNew) list.Items = result;
        }
        return toNew ? Table.Add(new QuickList(result)) : Value.Ok;
    }

    // Flags: 1 new list, 2 (with 1) move the matches out and keep the others, 4 the entries not matching.
    static Value Matches(Args a, Func<string, string, bool> test)
    {
        var flags = a.Long(2);
        var text = a.Text(1);
        var not = (flags & 4) != 0;
        var list = Table.Get(a, 0);
        List<string> hits;
        lock (list)
        {
            hits = list.Items.Where(s => test(s, text) != not).ToList();
            if ((flags & 1) == 0) list.Items = hits;
            else if ((flags & 2) != 0) list.Items = list.Items.Where(s => test(s, text) == not).ToList();
        }
        return (flags & 1) != 0 ? Table.Add(new QuickList(hits)) : Value.Ok;
    }

    static IEnumerable<string> RemoveDuplicates(List<string> l, bool removeAll, StringComparer comparer)
    {
        if (!removeAll) return l.Distinct(comparer);
        var counts = l.GroupBy(s => s, comparer).ToDictionary(g => g.Key, g => g.Count(), comparer);
        return l.Where(s => counts[s] == 1);
    }

    // Columns StartColumn..EndColumn (0-based) of each line, joined with the delimiter again.
    static Value DeCombine(Args a)
    {
        var picked = Snapshot(a, 0).Select(line => ListText.PickColumns(line, a.Text(1), a.Int(2), a.Int(3))).ToList();
        return a.Bool(4) ? Table.Add(new QuickList(picked)) : Value.FromText(ListText.Join(picked, a.Bool(5)));
    }

    // Flags: 1 new list, 2 diagonal (item i with item i). Empty when either list is empty.
    static Value CrossProduct(Args a)
    {
        var second = Snapshot(a, 1);
        var flags = a.Long(5);
        return Replace(a, (flags & 1) != 0,
            l => ListText.Cross(l, second, a.Text(2), a.Text(3), a.Text(4), (flags & 2) != 0));
    }

    // The first list's sort order applied to every list (MBS: "move all items in other lists as well").
    static Value SortWith(Args a)
    {
        var lists = Enumerable.Range(0, a.Count).Where(i => i != 1).Select(i => Table.Get(a, i)).Distinct().ToList();
        var keys = lists[0];
        List<int> order;
        lock (keys) order = ListText.SortOrder(keys.Items, a.Long(1));
        foreach (var list in lists)
            lock (list)
            {
                if (list.Items.Count != order.Count)
                    throw new MbsException($"{a.Function}: all lists must have {order.Count} values, one has " +
                        $"{list.Items.Count}.");
                list.Items = order.Select(i => list.Items[i]).ToList();
            }
        return Value.Ok;
    }

    // Evaluated with no lock held (the expression may call QuickList functions), on a copy put back at the end.
    static Value SortWithEvaluate(Args a)
    {
        var expression = a.Text(1);
        bool Less(string left, string right) => Expressions.IsTrue(Expressions.Evaluate(a.Function,
            $"Let ( [ leftValue = {Expressions.Quote(left)} ; rightValue = {Expressions.Quote(right)} ] ; " +
                $"{expression} )"));
        var sorted = Json.JsonEvaluateFunctions.MergeSort([.. Snapshot(a, 0)], Less);
        var list = Table.Get(a, 0);
        lock (list) list.Items = [.. sorted];
        return Value.Ok;
    }
}

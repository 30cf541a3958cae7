using System.Text.Json.Nodes;
using PluginBridge.Engine.Json;
using PluginBridge.Engine.Lists;

namespace PluginBridge.Engine.QuickLists;

/// <summary>
/// MBS QuickList.*: a list of text values held in memory under a reference number (12000 on), changed in place.
/// Here: creating, reading and editing values; QuickListSetFunctions has the functions working on whole lists.
/// Indexes are 0-based, as MBS documents them. See README.md for the functions left out.
/// </summary>
static class QuickListFunctions
{
    public static readonly QuickListTable Table = new();

    public static void Register(Registry r)
    {
        r.AddTable(Table);
        r.Add("QuickList.New", "{ ; Text; Separator; RefNum }", New);
        r.Add("QuickList.Release", "ListRef", a => { Table.Release(a, 0); return Value.Ok; });
        r.Add("QuickList.List", "", _ => Value.FromText(Table.List()));
        r.Add("QuickList.Clone", "List", a => Table.Add(new QuickList(Snapshot(a, 0))));
        r.Add("QuickList.Clear", "ListRef", a => Edit(a, 0, l => l.Clear()));
        r.Add("QuickList.Count", "ListRef", a => Read(a, 0, l => Value.FromNumber(l.Count)));
        r.Add("QuickList.Reserve", "ListRef; Size",
            a => Edit(a, 0, l => l.EnsureCapacity((int)a.Long(1, 0, 100_000_000))));

        r.Add("QuickList.AddValue", "ListRef; Text", a => Edit(a, 0, l => l.Add(a.Text(1))));
        r.Add("QuickList.Push", "ListRef; Text", a => Edit(a, 0, l => l.Add(a.Text(1))));
        r.Add("QuickList.AddMultiValue", "ListRef; Text; Count { ; Separator }", AddMultiValue);
        r.Add("QuickList.AddList", "List1; List2 { ; Separator }",
            a => Edit(a, 0, l => l.AddRange(ListText.Split(a.Text(1), ListText.Separator(a, 2)))));
        r.Add("QuickList.AddQuickList", "ListRef; ListRef2", a =>
        {
            var other = Snapshot(a, 1);
            return Edit(a, 0, l => l.AddRange(other));
        });
        r.Add("QuickList.SetList", "ListRef; Text { ; Separator }", a => Edit(a, 0, l =>
        {
            l.Clear();
            l.AddRange(ListText.Split(a.Text(1), ListText.Separator(a, 2)));
        }));
        r.Add("QuickList.GetValue", "ListRef; Index", a => Read(a, 0, l => Value.FromText(l[Index(a, 1, l.Count)])));
        r.Add("QuickList.SetValue", "ListRef; Index; Text", a => Edit(a, 0, l =>
        {
            var i = Index(a, 1, l.Count + 1); // MBS: an index equal to the count appends
            if (i == l.Count) l.Add(a.Text(2)); else l[i] = a.Text(2);
        }));
        r.Add("QuickList.InsertValue", "ListRef; Index; Text",
            a => Edit(a, 0, l => l.Insert(Index(a, 1, l.Count + 1), a.Text(2))));
        r.Add("QuickList.Remove", "ListRef; Index", a => Edit(a, 0, l => l.RemoveAt(Index(a, 1, l.Count))));
        r.Add("QuickList.RemoveValue", "ListRef; Value { ; All }", RemoveValue);
        r.Add("QuickList.RemoveValues", "ListRef; ValuesRef", a =>
        {
            var values = Snapshot(a, 1);
            return Edit(a, 0, l => { foreach (var v in values) l.Remove(v); });
        });
        r.Add("QuickList.Pop", "ListRef", a => Read(a, 0, l => Take(l, l.Count - 1)));
        r.Add("QuickList.PopFirst", "ListRef", a => Read(a, 0, l => Take(l, 0)));

        r.Add("QuickList.GetList", "ListRef { ; NoReturnEnding; Delimiter }", GetList);
        r.Add("QuickList.SubList", "ListRef; Index; Count { ; ReturnNewList; NoReturnEnding }", SubList);
        r.Add("QuickList.JoinJSON", "List", JoinJson);
        r.Add("QuickList.JSONArray", "ListRef",
            a => Value.FromText(JsonText.Compact(new JsonArray([.. Snapshot(a, 0).Select(s => (JsonNode)s)]))));
        QuickListSetFunctions.Register(r);
    }

    static Value New(Args a)
    {
        var items = a.Has(0) ? ListText.Split(a.Text(0), ListText.Separator(a, 1)) : [];
        return Table.Add(new QuickList(items), a.Text(2).Trim());
    }

    /// <summary>Runs <paramref name="read"/> on the list under its lock.</summary>
    public static Value Read(Args a, int index, Func<List<string>, Value> read)
    {
        var list = Table.Get(a, index);
        lock (list) return read(list.Items);
    }

    /// <summary>Changes the list under its lock; OK.</summary>
    public static Value Edit(Args a, int index, Action<List<string>> edit)
    {
        var list = Table.Get(a, index);
        lock (list) edit(list.Items);
        return Value.Ok;
    }

    /// <summary>A copy of the values of list parameter <paramref name="index"/>.</summary>
    public static List<string> Snapshot(Args a, int index)
    {
        var list = Table.Get(a, index);
        lock (list) return [.. list.Items];
    }

    /// <summary>A 0-based index parameter from 0 to <paramref name="count"/> - 1.</summary>
    public static int Index(Args a, int index, int count)
    {
        if (count == 0) throw new MbsException($"{a.Function}: the list is empty, so there is no index to use.");
        return (int)a.Long(index, 0, count - 1);
    }

    static Value Take(List<string> l, int i)
    {
        if (l.Count == 0) return Value.Empty;
        var v = l[i];
        l.RemoveAt(i);
        return Value.FromText(v);
    }

    static Value AddMultiValue(Args a)
    {
        var items = ListText.Split(a.Text(1), ListText.Separator(a, 3));
        if (items.Count == 0) items.Add("");
        var times = a.Long(2, 0, 10_000_000);
        return Edit(a, 0, l => { for (long i = 0; i < times; i++) l.AddRange(items); });
    }

    static Value RemoveValue(Args a)
    {
        var value = a.Text(1);
        var all = a.Bool(2);
        return Edit(a, 0, l =>
        {
            if (all) l.RemoveAll(s => s == value); else l.Remove(value);
        });
    }

    static Value GetList(Args a)
    {
        // An empty Delimiter means none (MBS: "Can be empty to have no delimiter"), so passing it counts here.
        var delimiter = a.Count > 2 ? a.Text(2) : "\r";
        return Read(a, 0, l => Value.FromText(ListText.Join(l, a.Bool(1), delimiter)));
    }

    // Index: entries to skip; a negative Count takes all the rest.
    static Value SubList(Args a)
    {
        var items = Snapshot(a, 0);
        var start = (int)a.Long(1, 0, int.MaxValue);
        var count = a.Long(2, int.MinValue, int.MaxValue);
        var part = items.Skip(start).Take(count < 0 ? int.MaxValue : (int)count).ToList();
        return a.Bool(3) ? Table.Add(new QuickList(part)) : Value.FromText(ListText.Join(part, a.Bool(4)));
    }

    // Values must be JSON themselves (MBS: "Values in the QuickList must be valid JSON").
    static Value JoinJson(Args a)
    {
        var array = new JsonArray();
        foreach (var item in Snapshot(a, 0)) array.Add(JsonRefs.Parse(item));
        return Value.FromText(JsonText.Compact(array));
    }
}

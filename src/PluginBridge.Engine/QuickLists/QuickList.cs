using System.Collections.Concurrent;

namespace PluginBridge.Engine.QuickLists;

/// <summary>One QuickList: values in memory, changed in place by the QuickList functions. Each list has its own
/// lock, since a number may be used from several threads (server scripts).</summary>
sealed class QuickList(IEnumerable<string>? items = null) : IHandle
{
    public List<string> Items { get; set; } = items is null ? [] : [.. items];
    public long Number { get; set; }
    /// <summary>The name given as QuickList.New's RefNum, or null for a numbered list.</summary>
    public string? Name { get; init; }
}

/// <summary>
/// QuickList numbers (MBS: "reference numbers are starting at 12000 and counting up for each new list") and the
/// names a script may choose instead (QuickList.New's RefNum, e.g. "IDs"). Both kinds count as "QuickList" in
/// Plugin.ObjectCounts and are released by pb_shutdown.
/// </summary>
sealed class QuickListTable : IHandleTable
{
    readonly HandleTable<QuickList> numbered = new("QuickList", 12000);
    readonly ConcurrentDictionary<string, QuickList> named = new(StringComparer.Ordinal);

    public string Kind => "QuickList";
    public int Count => numbered.Count + named.Count;

    /// <summary>Adds a list under the next number, or under <paramref name="name"/>; returns its reference.</summary>
    public Value Add(QuickList list, string name = "")
    {
        if (name.Length == 0) return Value.FromNumber(numbered.Add(list));
        var keyed = new QuickList(list.Items) { Name = name };
        if (!named.TryAdd(name, keyed))
            throw new MbsException($"A QuickList named {MbsException.Echo(name, 40)} exists already: release it first "
                + "or pass another RefNum.");
        return Value.FromText(name);
    }

    /// <summary>The list parameter <paramref name="index"/> refers to: a number or a chosen name.</summary>
    public QuickList Get(Args a, int index)
    {
        var text = a.Text(index);
        if (named.TryGetValue(text.Trim(), out var list)) return list;
        return numbered.Get(text);
    }

    public void Release(Args a, int index)
    {
        var text = a.Text(index).Trim();
        if (named.TryRemove(text, out _)) return;
        numbered.Release(text);
    }

    /// <summary>Numbers in creation order, then names, ¶-separated (QuickList.List).</summary>
    public string List()
    {
        var numbers = numbered.List();
        var names = string.Join('\r', named.Keys.Order(StringComparer.Ordinal));
        return numbers.Length == 0 ? names : names.Length == 0 ? numbers : numbers + "\r" + names;
    }

    public void ReleaseAll()
    {
        numbered.ReleaseAll();
        named.Clear();
    }
}

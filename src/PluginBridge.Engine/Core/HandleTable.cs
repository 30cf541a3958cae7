using System.Collections.Concurrent;
using System.Globalization;

namespace PluginBridge.Engine.Core;

/// <summary>An object a script holds by number (CURL.New, SendMail.CreateEmail, …), knowing its number.</summary>
public interface IHandle
{
    /// <summary>Set once by <see cref="HandleTable{T}.Add"/>, before anyone else can see the object.</summary>
    long Number { get; set; }
}

/// <summary>Common view of every handle table, for Plugin.ObjectCounts and shutdown (see <see
/// cref="Registry.AddTable"/>).</summary>
public interface IHandleTable
{
    /// <summary>Name used in Plugin.ObjectCounts and in "Invalid … reference number", e.g. "CURL", "Email".</summary>
    string Kind { get; }
    int Count { get; }
    void ReleaseAll();
}

/// <summary>
/// Thread-safe table of the live objects of one family. Numbers come from <see cref="HandleNumbers"/>: counting up
/// from the family's MBS first number (CURL 16000, SendMail 14000), never shared with another family and never
/// reused while the process lives, so a released number stays invalid. <see cref="IDisposable"/> objects are
/// disposed on release.
/// </summary>
/// <param name="family">The family's name in error texts, e.g. "SendMail".</param>
/// <param name="firstNumber">MBS's first number for the family.</param>
/// <param name="kind">The Plugin.ObjectCounts key when it differs from the family name ("Email").</param>
public sealed class HandleTable<T>(string family, long firstNumber, string? kind = null) : IHandleTable
    where T : class, IHandle
{
    readonly ConcurrentDictionary<long, T> items = new();

    public string Family { get; } = family;
    public string Kind { get; } = kind ?? family;
    public int Count => items.Count;

    public long Add(T item)
    {
        var id = HandleNumbers.Next(Family, firstNumber);
        item.Number = id;
        items[id] = item;
        return id;
    }

    /// <summary>The live object for parameter <paramref name="index"/>, or an <see cref="MbsException"/>.</summary>
    public T Get(Args args, int index) => Get(args.Text(index));

    public T Get(string text)
    {
        if (TryParse(text, out var id) && items.TryGetValue(id, out var item)) return item;
        throw NotOurs(text);
    }

    public bool TryGet(long id, out T item) => items.TryGetValue(id, out item!);

    /// <summary>Removes and disposes; an unknown number, or another family's, is an <see
    /// cref="MbsException"/>.</summary>
    public void Release(Args args, int index) => Release(args.Text(index));

    public void Release(string text)
    {
        if (!TryParse(text, out var id) || !items.TryRemove(id, out var item)) throw NotOurs(text);
        (item as IDisposable)?.Dispose();
    }

    /// <summary>Removes and disposes every object; one that fails to dispose does not keep the others alive.</summary>
    public void ReleaseAll()
    {
        foreach (var id in items.Keys)
        {
            if (!items.TryRemove(id, out var item)) continue;
            try { (item as IDisposable)?.Dispose(); }
            catch { /* it is out of the table; the rest must still be released (pb_shutdown relies on it) */ }
        }
    }

    /// <summary>Live numbers in creation order, ¶-separated as MBS's …List functions return them.</summary>
    public string List() => string.Join('\r', items.Keys.Order());

    /// <summary>The family's …Release function, where releasing needs no more than that: the handle given first is
    /// released; OK.</summary>
    public Value ReleaseFunction(Args args)
    {
        Release(args, 0);
        return Value.Ok;
    }

    /// <summary>The family's …List function.</summary>
    public Value ListFunction(Args _) => Value.FromText(List());

    public IEnumerable<KeyValuePair<long, T>> Snapshot() =>
        items.ToArray().OrderBy(p => p.Key).ToArray(); // the dictionary's own ToArray: a count that moves cannot throw

    MbsException NotOurs(string text)
    {
        var given = text.Trim();
        if (TryParse(text, out var id) && HandleNumbers.Owner(id) is { } owner && owner != Family)
            return new MbsException($"{id} is a {owner} reference number, not a {Family} one.");
        return new InvalidHandleException(Kind, given.Length == 0 ? "(empty)" : given);
    }

    static bool TryParse(string text, out long id)
    {
        var s = text.Trim();
        if (s.EndsWith(".0", StringComparison.Ordinal)) s = s[..^2];
        return long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }
}

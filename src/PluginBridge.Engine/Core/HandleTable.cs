using System.Collections.Concurrent;

namespace PluginBridge.Engine.Core;

/// <summary>Common view of every handle table, for Plugin.ObjectCounts and shutdown.</summary>
public interface IHandleTable
{
    /// <summary>Name used in Plugin.ObjectCounts, e.g. "CURL", "Email", "WebHook".</summary>
    string Kind { get; }
    int Count { get; }
    void ReleaseAll();
}

/// <summary>
/// Thread-safe table of live objects of one type. Numbers count up from a per-type base (MBS: CURL 16000,
/// SendMail 14000) and are never reused while the process lives, so a released number stays invalid.
/// Objects that are <see cref="IDisposable"/> are disposed on release.
/// </summary>
public sealed class HandleTable<T> : IHandleTable where T : class
{
    readonly ConcurrentDictionary<long, T> items = new();
    long next;

    public HandleTable(string kind, long numberBase)
    {
        Kind = kind;
        next = numberBase - 1;
        HandleTables.Register(this);
    }

    public string Kind { get; }
    public int Count => items.Count;

    public long Add(T item)
    {
        var id = Interlocked.Increment(ref next);
        items[id] = item;
        return id;
    }

    /// <summary>The live object for parameter <paramref name="index"/>, or an InvalidHandleException.</summary>
    public T Get(Args args, int index) => Get(args.Text(index));

    public T Get(string text)
    {
        if (TryParse(text, out var id) && items.TryGetValue(id, out var item)) return item;
        throw new InvalidHandleException(Kind, text.Trim().Length == 0 ? "(empty)" : text.Trim());
    }

    public bool TryGet(long id, out T item) => items.TryGetValue(id, out item!);

    public long IdOf(T item) => items.FirstOrDefault(p => ReferenceEquals(p.Value, item)).Key;

    /// <summary>Removes and disposes; an unknown number is an InvalidHandleException.</summary>
    public void Release(Args args, int index) => Release(args.Text(index));

    public void Release(string text)
    {
        if (!TryParse(text, out var id) || !items.TryRemove(id, out var item))
            throw new InvalidHandleException(Kind, text.Trim().Length == 0 ? "(empty)" : text.Trim());
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

    public IEnumerable<KeyValuePair<long, T>> Snapshot() => items.OrderBy(p => p.Key).ToArray();

    static bool TryParse(string text, out long id)
    {
        var s = text.Trim();
        if (s.EndsWith(".0", StringComparison.Ordinal)) s = s[..^2];
        return long.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id);
    }
}

/// <summary>Every handle table created so far.</summary>
public static class HandleTables
{
    static readonly List<IHandleTable> tables = [];

    internal static void Register(IHandleTable table) { lock (tables) tables.Add(table); }

    public static IHandleTable[] All { get { lock (tables) return [.. tables]; } }

    public static void ReleaseAll()
    {
        foreach (var t in All)
        {
            try { t.ReleaseAll(); } catch { /* shutdown must go on for the other tables */ }
        }
    }
}

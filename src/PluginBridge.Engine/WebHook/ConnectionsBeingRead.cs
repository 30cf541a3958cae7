using System.Collections.Concurrent;

namespace PluginBridge.Engine.WebHook;

/// <summary>
/// The connections a hook is reading (not handed to a script): the per-hook cap, and one timer for all their
/// deadlines. At the cap a new connection evicts the one that has waited longest for a request head (as nginx
/// reuses its idle keep-alive connections), else a stalled request: idle or slow clients cannot lock out a real one.
/// </summary>
sealed class ConnectionsBeingRead : IDisposable
{
    const int SweepMilliseconds = 250;

    readonly ConcurrentDictionary<ClientConnection, byte> set = new();
    readonly Timer sweeper;
    int count; // ConcurrentDictionary.Count takes every lock
    long evicted;

    public ConnectionsBeingRead() => sweeper = new Timer(_ => Sweep());

    /// <summary>Starts watching deadlines (when the hook starts listening).</summary>
    public void Start() => sweeper.Change(SweepMilliseconds, SweepMilliseconds);

    public int Count => Volatile.Read(ref count);

    /// <summary>Connections closed to make room for newer ones, since the hook was created.</summary>
    public long Evicted => Interlocked.Read(ref evicted);

    /// <summary>Adds a connection; at the cap first evicts one (see EvictOldestWaiting). False when none can
    /// go.</summary>
    public bool Add(ClientConnection conn)
    {
        // Several accept loops add at once: a slot is taken by compare-and-swap, so the cap holds exactly.
        while (true)
        {
            var now = Volatile.Read(ref count);
            if (now >= WebHookLimits.MaxOpenConnections)
            {
                if (!EvictOldestWaiting()) return false;
                continue;
            }
            if (Interlocked.CompareExchange(ref count, now + 1, now) == now) break;
        }
        set.TryAdd(conn, 0);
        return true;
    }

    public void Remove(ClientConnection conn) => TryRemove(conn);

    bool TryRemove(ClientConnection conn)
    {
        if (!set.TryRemove(conn, out _)) return false;
        Interlocked.Decrement(ref count);
        return true;
    }

    /// <summary>
    /// Closes the connection that has waited longest for its request head; if none waits for one, the request that
    /// has been stalled longest (no bytes for <see cref="StalledMilliseconds"/>): a slow body cannot hold the cap
    /// either.
    /// </summary>
    bool EvictOldestWaiting()
    {
        ClientConnection? waiting = null, stalled = null;
        long waitingSince = long.MaxValue, stalledSince = Environment.TickCount64 - StalledMilliseconds;
        foreach (var (conn, _) in set)
        {
            var since = conn.WaitingForHeadSince;
            if (since < waitingSince) (waiting, waitingSince) = (conn, since);
            else if (since == long.MaxValue && conn.LastProgress < stalledSince)
                (stalled, stalledSince) = (conn, conn.LastProgress);
        }
        var victim = waiting ?? stalled;
        if (victim is null) return false; // every connection is busy with a request that is making progress
        if (TryRemove(victim)) Interlocked.Increment(ref evicted); // else another accept loop took it: look again
        victim.Close();
        return true;
    }

    /// <summary>A request under way with no bytes for this long may be evicted at the cap.</summary>
    public const int StalledMilliseconds = 1000;

    void Sweep()
    {
        var now = Environment.TickCount64;
        try
        {
            foreach (var (conn, _) in set)
                if (conn.IsPastDeadline(now)) conn.Close(); // its reader ends and removes it
        }
        catch (Exception) { /* a timer callback that throws ends the host process; the next sweep tries again */ }
    }

    public void CloseAll()
    {
        foreach (var (conn, _) in set) conn.Close();
    }

    public void Dispose() => sweeper.Dispose();
}

using System.Collections.Concurrent;

namespace PluginBridge.Engine.WebHook;

/// <summary>
/// The connections a hook is reading (not handed to a script): the per-hook cap, and one timer for all their
/// deadlines. At the cap a new connection evicts the one that has waited longest for a request head, as nginx
/// reuses its idle keep-alive connections: idle or slow clients cannot lock out a real request.
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

    /// <summary>Adds a connection; at the cap first evicts the oldest one waiting for its head. False when none can go.</summary>
    public bool Add(ClientConnection conn)
    {
        if (Count >= WebHookLimits.MaxOpenConnections && !EvictOldestWaiting()) return false;
        if (set.TryAdd(conn, 0)) Interlocked.Increment(ref count);
        return true;
    }

    public void Remove(ClientConnection conn)
    {
        if (set.TryRemove(conn, out _)) Interlocked.Decrement(ref count);
    }

    bool EvictOldestWaiting()
    {
        ClientConnection? oldest = null;
        var since = long.MaxValue;
        foreach (var (conn, _) in set)
        {
            var waiting = conn.WaitingForHeadSince;
            if (waiting < since) (oldest, since) = (conn, waiting);
        }
        if (oldest is null) return false; // every connection is in the middle of a request
        Remove(oldest);
        oldest.Close();
        Interlocked.Increment(ref evicted);
        return true;
    }

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

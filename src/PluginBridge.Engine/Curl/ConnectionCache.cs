using System.Diagnostics;
using System.Net.Sockets;

namespace PluginBridge.Engine.Curl;

/// <summary>A connection a CURL handle keeps open between Performs (SMTP session, IMAP session, HTTP
/// handler).</summary>
abstract class KeptConnection : IDisposable
{
    /// <summary>Scheme, host, port, TLS settings and credentials: a later transfer reuses it only when all
    /// match.</summary>
    public abstract string Key { get; }

    /// <summary>The host, for curl's "Re-using existing connection #0 with host …" and "left intact" lines.</summary>
    public abstract string Host { get; }

    /// <summary>False when the peer closed it or sent something unasked (a 421 or BYE before closing).</summary>
    public abstract bool IsAlive { get; }

    public long LastUsed = Stopwatch.GetTimestamp();

    /// <summary>The certificates the server sent when this connection was opened (CURLINFO_CERTINFO on
    /// reuse).</summary>
    public IReadOnlyList<byte[]> PeerCertificates = [];

    /// <summary>Closes it, politely (QUIT / LOGOUT) when the peer still listens; never throws.</summary>
    public abstract void Dispose();

    /// <summary>A later transfer takes it over: its log, headers and cancellation from now on.</summary>
    public virtual void UseFor(Transfer t) { }

    /// <summary>True when <paramref name="e"/> shows the kept connection had died before this transfer got any
    /// answer on it: nothing was done, so the transfer may run once more on a fresh connection.</summary>
    public virtual bool DiedUnanswered(Exception e) => false;

    /// <summary>The losses a line protocol sees when the peer hung up: reset, end of stream, curl's 56.</summary>
    public static bool IsConnectionLoss(Exception e) =>
        e is IOException or SocketException || e is CurlException { Code: CurlException.RecvError };

    /// <summary>An idle socket that has become readable was closed by the peer or carries an unsolicited reply
    /// (421 timeout, * BYE): either way not reusable. libcurl checks its connections the same way.</summary>
    public static bool SocketIsIdle(Socket? socket)
    {
        try { return socket is { Connected: true } && !socket.Poll(0, SelectMode.SelectRead); }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { return false; }
    }
}

/// <summary>
/// The connection cache of one CURL handle (libcurl's easy handle keeps one too): at most one kept connection.
/// Take hands it to the next transfer when its key matches, it is alive and younger than curl's
/// CURLOPT_MAXAGE_CONN default (118 s idle); otherwise it is closed and the transfer connects afresh.
/// </summary>
sealed class ConnectionCache : IDisposable
{
    /// <summary>libcurl's default maximum idle age of a connection it reuses.</summary>
    public static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(118);

    readonly object gate = new();
    KeptConnection? kept;
    bool closed;

    /// <summary>The kept connection when it fits this transfer, else null (the old one is closed).</summary>
    public T? Take<T>(string key, Transfer t) where T : KeptConnection
    {
        KeptConnection? old;
        lock (gate) { old = kept; kept = null; }
        if (old is null) return null;
        if (old is T match && match.Key == key && !t.Options.FreshConnect)
        {
            if (Stopwatch.GetElapsedTime(old.LastUsed) > MaxIdle)
                t.Log.Info($"Connection #0 to host {old.Host} is too old, closing it");
            else if (!old.IsAlive) t.Log.Info($"Connection #0 to host {old.Host} seems to be dead, closing it");
            else
            {
                if (t.Tls.PeerCertificates.Count == 0) t.Tls.PeerCertificates = match.PeerCertificates;
                return match;
            }
        }
        old.Dispose();
        return null;
    }

    /// <summary>
    /// Runs a transfer the way libcurl does on a handle's connection: on the kept connection when it fits
    /// ("Re-using existing connection #0 with host …"); if that one turns out dead before it answered anything,
    /// closed and the transfer runs once more on a fresh connection. A fresh connection is opened, then logged in,
    /// then runs the transfer. A failed transfer closes its connection; a successful one keeps it.
    /// </summary>
    public async Task RunAsync<T>(string key, Transfer t, Func<Task<T>> open, Func<T, Task> login, Func<T, Task> run)
        where T : KeptConnection
    {
        if (Take<T>(key, t) is { } kept)
        {
            t.Log.Info($"Re-using existing connection #0 with host {kept.Host}");
            kept.UseFor(t);
            try
            {
                await run(kept);
                Keep(kept, t);
                return;
            }
            catch (Exception e) when (kept.DiedUnanswered(e))
            {
                kept.Dispose();
                t.Log.Info("Connection died, retrying a fresh connect (retry count: 1)");
            }
            catch
            {
                kept.Dispose();
                throw;
            }
        }
        var connection = await open();
        try
        {
            await login(connection);
            await run(connection);
        }
        catch
        {
            connection.Dispose(); // as curl: a failed transfer closes its connection
            throw;
        }
        Keep(connection, t);
    }

    /// <summary>Keeps the connection for the next transfer, unless ForbidReuse is set or the handle is gone.</summary>
    public void Keep(KeptConnection connection, Transfer t)
    {
        if (t.Options.ForbidReuse)
        {
            t.Log.Info($"Closing connection #0 (CURL.SetOptionForbidReuse)");
            connection.Dispose();
            return;
        }
        connection.LastUsed = Stopwatch.GetTimestamp();
        if (t.Tls.PeerCertificates.Count > 0) connection.PeerCertificates = t.Tls.PeerCertificates;
        KeptConnection? old;
        lock (gate)
        {
            if (closed) { old = connection; }
            else { old = kept; kept = connection; }
        }
        old?.Dispose();
        if (!ReferenceEquals(old, connection)) t.Log.Info($"Connection #0 to host {connection.Host} left intact");
    }

    /// <summary>CURL.Release / pb_shutdown: closes the kept connection; later Keeps close theirs at once.</summary>
    public void Dispose()
    {
        KeptConnection? old;
        lock (gate) { closed = true; old = kept; kept = null; }
        old?.Dispose();
    }

    /// <summary>The kept connection when it is a T, left in place (CURL.SendText uses the connect-only one).</summary>
    public T? Peek<T>() where T : KeptConnection { lock (gate) return kept as T; }

    /// <summary>Closes the kept connection but stays usable (CURL.Reset).</summary>
    public void Clear()
    {
        KeptConnection? old;
        lock (gate) { old = kept; kept = null; }
        old?.Dispose();
    }
}

using System.Net;
using System.Net.Sockets;

namespace PluginBridge.Engine.WebHook;

/// <summary>
/// One accepted client socket and its stream (plain or TLS). Close is idempotent and safe from any thread.
/// While the listener reads it, its deadline is watched by the hook's <see cref="ConnectionsBeingRead"/> (no timer of
/// its own). After the request it can stay open for WebRequest.Send (mode 1): then writes from scripts are serialised
/// and bounded, a drain loop notices the client hanging up and collects further raw bytes, and an idle timer closes it.
/// </summary>
sealed class ClientConnection : IDisposable
{
    readonly Socket socket;
    readonly Stream plainStream;
    readonly PlainSocket? plain; // Linux: reads and writes of the listener without the stream (see PlainSocket)
    SemaphoreSlim? writeGate; // only once shared with scripts (mode 1): the listener alone writes one answer at a time
    Timer? idleTimer;
    int closed;
    long deadline = long.MaxValue;          // Environment.TickCount64 after which the watcher closes the connection
    long waitingForHeadSince = long.MaxValue; // when it began waiting for a request head; MaxValue once the head is in
    IPEndPoint? remote, local;

    public ClientConnection(Socket socket, ReadinessLoop? loop)
    {
        this.socket = socket;
        socket.NoDelay = true;
        Stream = plainStream = new NetworkStream(socket, ownsSocket: false);
        if (loop is not null) plain = new PlainSocket(socket, loop);
    }

    /// <summary>The listener's reads: through the hook's readiness loop while the connection is plain, else the
    /// stream (TLS).</summary>
    public ValueTask<int> ReadAsync(Memory<byte> buffer) => plain is not null && ReferenceEquals(Stream, plainStream)
        ? plain.ReceiveAsync(buffer) : Stream.ReadAsync(buffer);

    public Stream Stream { get; set; }
    public IPEndPoint Remote => remote ??= Normalize(() => socket.RemoteEndPoint);
    public IPEndPoint Local => local ??= Normalize(() => socket.LocalEndPoint);
    public bool IsOpen => Volatile.Read(ref closed) == 0;

    /// <summary>Bytes the socket has received that nobody has read yet (encrypted bytes under TLS).</summary>
    public int Available { get { try { return IsOpen ? socket.Available
        : 0; } catch (ObjectDisposedException) { return 0; } catch (SocketException) { return 0; } } }

    /// <summary>Closes the connection after this many milliseconds from now (while the listener watches it).</summary>
    public void SetDeadline(long milliseconds) => Volatile.Write(ref deadline, Environment.TickCount64 + milliseconds);

    /// <summary>Closes the connection at this Environment.TickCount64 (while the listener watches it).</summary>
    public void SetDeadlineAt(long tick) => Volatile.Write(ref deadline, tick);

    public bool IsPastDeadline(long now) => now > Volatile.Read(ref deadline);

    /// <summary>Waiting for a request head (a fresh connection, or a kept-alive one between requests):
    /// evictable.</summary>
    public void WaitForHead() => Volatile.Write(ref waitingForHeadSince, Environment.TickCount64);

    public void HeadArrived() => Volatile.Write(ref waitingForHeadSince, long.MaxValue);

    /// <summary>Since when it waits for a request head; long.MaxValue while a request is under way.</summary>
    public long WaitingForHeadSince => Volatile.Read(ref waitingForHeadSince);

    /// <summary>The listener received bytes on it just now (a request under way is making progress).</summary>
    public void Progressed() => Volatile.Write(ref lastProgress, Environment.TickCount64);

    /// <summary>When the listener last received bytes on it (or accepted it).</summary>
    public long LastProgress => Volatile.Read(ref lastProgress);
    long lastProgress = Environment.TickCount64;

    /// <summary>From now on scripts may write too (WebRequest.Send, mode 1): writes are serialised and
    /// bounded.</summary>
    public void ShareWithScripts()
    {
        writeGate ??= new SemaphoreSlim(1, 1);
        try { socket.SendTimeout = WebHookLimits.WriteTimeoutMilliseconds; }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
    }

    /// <summary>Writes all bytes from a script's thread; false if the connection is closed or the write
    /// failed.</summary>
    public bool Write(byte[] data)
    {
        if (!IsOpen) return false;
        writeGate?.Wait();
        try
        {
            Stream.Write(data);
            Stream.Flush();
            RestartIdleTimer();
            return true;
        }
        catch (Exception e)
            when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Close();
            return false;
        }
        finally { writeGate?.Release(); }
    }

    /// <summary>
    /// The listener's writes (100 Continue, the auto-answer, error answers): bounded by the deadline, which is moved
    /// to now + the write timeout, so a client that stops reading is closed by the watcher.
    /// </summary>
    public async ValueTask<bool> WriteAsync(ReadOnlyMemory<byte> data)
    {
        if (!IsOpen) return false;
        SetDeadline(WebHookLimits.WriteTimeoutMilliseconds);
        var gate = writeGate;
        if (gate is not null) await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            // A plain connection's answer usually fits in the send buffer: one send, no await; the rest waits.
            if (gate is null && plain is not null && ReferenceEquals(Stream, plainStream))
                data = data[plain.TrySend(data.Span)..];
            if (data.Length > 0) await Stream.WriteAsync(data).ConfigureAwait(false);
            await Stream.FlushAsync().ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException
            or OperationCanceledException or InvalidOperationException)
        {
            Close();
            return false;
        }
        finally { gate?.Release(); }
    }

    /// <summary>
    /// Keeps the connection open after the request: reads until the client hangs up (handing any bytes to
    /// <paramref name="received"/>) and closes after <paramref name="idleSeconds"/> without traffic.
    /// </summary>
    public void KeepOpen(int idleSeconds, Action<byte[], int> received)
    {
        idleMilliseconds = checked(idleSeconds * 1000);
        idleTimer = new Timer(_ => Close(), null, idleMilliseconds, Timeout.Infinite);
        if (!IsOpen) { idleTimer.Dispose(); return; }
        _ = Task.Run(() => DrainAsync(received));
    }

    int idleMilliseconds;

    void RestartIdleTimer()
    {
        try { idleTimer?.Change(idleMilliseconds, Timeout.Infinite); } catch (ObjectDisposedException) { }
    }

    async Task DrainAsync(Action<byte[], int> received)
    {
        var buffer = new byte[WebHookLimits.ReadChunkBytes];
        try
        {
            while (IsOpen)
            {
                var n = await Stream.ReadAsync(buffer).ConfigureAwait(false);
                if (n == 0) break;
                RestartIdleTimer();
                received(buffer, n);
            }
        }
        catch (Exception e)
            when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException) { }
        Close();
    }

    /// <summary>
    /// After an error answer: stop sending, then read and discard what the client still sends (bounded in bytes, and
    /// in time by the deadline) before closing, so that closing with unread data does not reset the connection before
    /// the client has read the answer (the "lingering close" of HTTP servers).
    /// </summary>
    public async Task LingerAsync()
    {
        Volatile.Write(ref lingering, true);
        SetDeadline(LingerMilliseconds);
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            var buffer = new byte[4096];
            var total = 0;
            while (total < LingerMaxBytes)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                if (n == 0) break;
                total += n;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
        Close();
    }

    bool lingering;
    const int LingerMilliseconds = 2000;
    const int LingerMaxBytes = 2 * 1024 * 1024;

    /// <summary>Sends what is queued, then closes. Safe to call more than once and from any thread.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref closed, 1) != 0) return;
        idleTimer?.Dispose();
        plain?.Cancel();
        // A read of the stream may be pending (a held-open connection, a lingering close, TLS): shut down first so
        // it ends and the client sees a FIN, not a reset. Otherwise closing alone sends the FIN after the answer.
        if (plain is null || writeGate is not null || Volatile.Read(ref lingering))
            try { socket.Shutdown(SocketShutdown.Both); }
                catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        try { Stream.Dispose(); } catch (Exception e)
            when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException) { }
        socket.Dispose();
    }

    public void Dispose() => Close();

    // Dual-stack sockets report IPv4 clients as ::ffff:a.b.c.d; scripts expect 127.0.0.1. A closed socket has none.
    static IPEndPoint Normalize(Func<EndPoint?> read)
    {
        IPEndPoint? ep;
        try { ep = read() as IPEndPoint; }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { ep = null; }
        return ep is null ? new IPEndPoint(IPAddress.None, 0) :
            ep.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(ep.Address.MapToIPv4(), ep.Port) : ep;
    }
}

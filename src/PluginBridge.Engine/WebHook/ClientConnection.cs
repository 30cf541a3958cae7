using System.Net;
using System.Net.Sockets;

namespace PluginBridge.Engine.WebHook;

/// <summary>
/// One accepted client socket and its stream (plain or TLS). Writes are serialised and bounded in time; Close is
/// idempotent and safe from any thread. After the request is read it can stay open for WebRequest.Send (mode 1):
/// then a drain loop notices the client hanging up, collects further raw bytes, and an idle timer closes it.
/// </summary>
sealed class ClientConnection : IDisposable
{
    readonly Socket socket;
    readonly SemaphoreSlim writeGate = new(1, 1);
    Timer? idleTimer;
    int closed;

    public ClientConnection(Socket socket)
    {
        this.socket = socket;
        socket.NoDelay = true;
        socket.SendTimeout = WebHookLimits.WriteTimeoutMilliseconds;
        Stream = new NetworkStream(socket, ownsSocket: false);
        Remote = Normalize(socket.RemoteEndPoint as IPEndPoint);
        Local = Normalize(socket.LocalEndPoint as IPEndPoint);
    }

    public Stream Stream { get; set; }
    public IPEndPoint Remote { get; }
    public IPEndPoint Local { get; }
    public bool IsOpen => Volatile.Read(ref closed) == 0;

    /// <summary>Bytes the socket has received that nobody has read yet (encrypted bytes under TLS).</summary>
    public int Available { get { try { return IsOpen ? socket.Available : 0; } catch (ObjectDisposedException) { return 0; } catch (SocketException) { return 0; } } }

    /// <summary>Writes all bytes from a script's thread; false if the connection is closed or the write failed.</summary>
    public bool Write(byte[] data)
    {
        if (!IsOpen) return false;
        writeGate.Wait();
        try
        {
            Stream.Write(data);
            Stream.Flush();
            RestartIdleTimer();
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Close();
            return false;
        }
        finally { writeGate.Release(); }
    }

    public async Task<bool> WriteAsync(byte[] data, CancellationToken token)
    {
        if (!IsOpen) return false;
        await writeGate.WaitAsync(token).ConfigureAwait(false);
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(token);
            cts.CancelAfter(WebHookLimits.WriteTimeoutMilliseconds);
            await Stream.WriteAsync(data, cts.Token).ConfigureAwait(false);
            await Stream.FlushAsync(cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            Close();
            return false;
        }
        finally { writeGate.Release(); }
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
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException) { }
        Close();
    }

    /// <summary>
    /// After an error answer: stop sending, then read and discard what the client still sends (bounded in bytes and
    /// time) before closing, so that closing with unread data does not reset the connection before the client has
    /// read the answer (the "lingering close" of HTTP servers).
    /// </summary>
    public async Task LingerAsync()
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            using var cts = new CancellationTokenSource(LingerMilliseconds);
            var buffer = new byte[WebHookLimits.ReadChunkBytes];
            var total = 0;
            while (total < LingerMaxBytes)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token).ConfigureAwait(false);
                if (n == 0) break;
                total += n;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
        Close();
    }

    const int LingerMilliseconds = 2000;
    const int LingerMaxBytes = 2 * 1024 * 1024;

    /// <summary>Sends what is queued, then closes. Safe to call more than once and from any thread.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref closed, 1) != 0) return;
        idleTimer?.Dispose();
        try { socket.Shutdown(SocketShutdown.Both); } catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        try { Stream.Dispose(); } catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException) { }
        socket.Dispose();
    }

    public void Dispose() => Close();

    // Dual-stack sockets report IPv4 clients as ::ffff:a.b.c.d; scripts expect 127.0.0.1.
    static IPEndPoint Normalize(IPEndPoint? ep) =>
        ep is null ? new IPEndPoint(IPAddress.None, 0) :
        ep.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(ep.Address.MapToIPv4(), ep.Port) : ep;
}

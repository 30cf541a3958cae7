using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace PluginBridge.Engine.WebHook;

/// <summary>
/// One WebHook: its settings, its listening sockets and the connections being read. A connection becomes a
/// WebRequest (handle) once its request has arrived completely; then the auto-answer goes out and the hook's
/// script is queued. Disposing stops listening and closes every connection still being read.
/// </summary>
sealed class Hook : IHandle, IDisposable
{
    public const string DefaultAutoAnswer =
        "HTTP/1.1 200 OK\r\nServer: MBS Plugin\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";

    readonly object gate = new();
    readonly List<Socket> listeners = [];
    readonly CancellationTokenSource stop = new();
    readonly ConnectionsBeingRead reading = new();
    ReadinessLoop? loop; // Linux: completes the reads of plain connections (see ReadinessLoop)
    bool disposed;
    long connectionCounter, webRequestCounter;
    int liveRequests;
    readonly MemoryBudget budget = new();

    public long Number { get; set; }

    // Settings, read by the listener threads at each connection.
    volatile AutoAnswer autoAnswer = WebHook.AutoAnswer.From(Encoding.UTF8.GetBytes(DefaultAutoAnswer));
    volatile int mode;
    volatile int timeoutSeconds = WebHookLimits.DefaultTimeoutSeconds;
    volatile int maxRequestSize;
    volatile SslStreamCertificateContext? certificate;
    volatile ScriptTarget? script;

    public byte[] AutoAnswer { get => autoAnswer.Bytes; set => autoAnswer = WebHook.AutoAnswer.From(value); }
    public int Mode { get => mode; set => mode = value; }
    public int TimeoutSeconds { get => timeoutSeconds; set => timeoutSeconds = value; }
    /// <summary>As the script set it; 0 = no own limit (our default cap applies).</summary>
    public int MaxRequestSize { get => maxRequestSize; set => maxRequestSize = value; }
    public ScriptTarget? Script { get => script; set => script = value; }
    public string Tag { get; set; } = "";
    public string CertificateFile { get; private set; } = "";
    public string PrivateKeyFile { get; private set; } = "";
    public bool Ssl => certificate is not null;
    public int Port { get; private set; }
    public long ConnectionCounter => Interlocked.Read(ref connectionCounter);
    public long WebRequestCounter => Interlocked.Read(ref webRequestCounter);
    public bool IsListening { get { lock (gate) return listeners.Count > 0 && !disposed; } }

    /// <summary>Connections accepted and still being read (for tests and diagnostics).</summary>
    public int ReadingConnections => reading.Count;

    /// <summary>Connections closed at the cap to make room for newer ones (for tests and diagnostics).</summary>
    public long EvictedConnections => reading.Evicted;

    /// <summary>For tests: called at named points of handling a request ("read", "publish", "answer"); may
    /// throw.</summary>
    internal Action<string>? InjectFault { get; set; }

    int EffectiveMaxRequest => maxRequestSize > 0 ? maxRequestSize : WebHookLimits.DefaultMaxRequestBytes;

    public void SetSsl(string certificateFile, string privateKeyFile, string password)
    {
        certificate = PemCertificate.Load(certificateFile, privateKeyFile, password);
        CertificateFile = certificateFile;
        PrivateKeyFile = privateKeyFile;
    }

    public void Listen(int port, int backlog, IPAddress[] addresses)
    {
        lock (gate)
        {
            if (disposed) throw new MbsException("This WebHook has been released.");
            if (listeners.Count > 0) throw new MbsException(
                $"This WebHook already listens on port {Port}. Create another WebHook for a second port.");
            // With port 0 the first address picks a free port; the second one can find it taken by someone else: retry.
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    Port = BindAll(port, backlog, addresses);
                    break;
                }
                catch (SocketException) when (port == 0 && attempt < 10) { CloseListeners(); }
                catch (SocketException e) { CloseListeners(); throw ListenError(e, port); }
            }
            reading.Start();
            loop = ReadinessLoop.TryStart();
            foreach (var l in listeners)
            {
                // Linux: the readiness loop accepts and serves on its one thread, as an nginx worker does.
                l.Blocking = false;
                if (loop is not null && loop.AddListener((int)l.SafeHandle.DangerousGetHandle(), () => AcceptOne(l)))
                    continue;
                l.Blocking = true;
                for (var i = 0; i < 2; i++) _ = AcceptLoopAsync(l, stop.Token);
            }
        }
    }

    int BindAll(int port, int backlog, IPAddress[] addresses)
    {
        var actual = port;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (address.AddressFamily == AddressFamily.InterNetworkV6)
                    socket.DualMode = ListenAddresses.IsDualStack(address);
                socket.Bind(new IPEndPoint(address, actual));
                socket.Listen(backlog);
            }
            catch (SocketException e) when (ListenAddresses.IsOptional(address, addresses) &&
                e.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported)
            {
                socket.Dispose();
                continue; // no IPv6 on this machine: IPv4 loopback alone
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            listeners.Add(socket);
            actual = ((IPEndPoint)socket.LocalEndPoint!).Port;
        }
        return actual;
    }

    static MbsException ListenError(SocketException e, int port) => e.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => new MbsException($"Port {port} is already in use. Pick another port, pass " +
            $"0 for any free port, or release the WebHook that listens there."),
        SocketError.AccessDenied =>
            new MbsException($"Not allowed to listen on port {port}. Use a port from 1024 to 65535."),
        SocketError.AddressNotAvailable =>
            new MbsException($"Cannot listen on port {port}: the interface address is not an address of this machine."),
        _ => new MbsException($"Cannot listen on port {port}: {e.Message}"),
    };

    void CloseListeners()
    {
        foreach (var l in listeners)
        {
            try { loop?.RemoveListener((int)l.SafeHandle.DangerousGetHandle()); } catch (ObjectDisposedException) { }
            l.Dispose();
        }
        listeners.Clear();
    }

    /// <summary>Without a readiness loop (not Linux): awaited accepts, two per socket, each connection served on the
    /// accepting thread until its first read waits.</summary>
    async Task AcceptLoopAsync(Socket listener, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            Socket client;
            try { client = await listener.AcceptAsync(token).ConfigureAwait(false); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException) { return; }
            catch (SocketException)
            {
                if (token.IsCancellationRequested) return;
                // Out of descriptors or a client that reset before accept: do not spin.
                try { await Task.Delay(50, token).ConfigureAwait(false); }
                    catch (OperationCanceledException) { return; }
                continue;
            }
            Accepted(client);
        }
    }

    /// <summary>On the readiness loop's thread: one connection is waiting on a non-blocking listener.</summary>
    void AcceptOne(Socket listener)
    {
        Socket client;
        try { client = listener.Accept(); }
        catch (ObjectDisposedException) { return; }
        catch (SocketException e)
        {
            // Nothing waiting after all (a client that reset); out of descriptors: do not spin on the report.
            if (e.SocketErrorCode != SocketError.WouldBlock && !stop.IsCancellationRequested) Thread.Sleep(50);
            return;
        }
        try { client.Blocking = true; } // inherited from the listener; the streams and scripts' writes need it
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            client.Dispose();
            return;
        }
        Accepted(client);
    }

    void Accepted(Socket client)
    {
        Interlocked.Increment(ref connectionCounter);
        // Served on this thread until its first read waits (usually the request is there already): no hand-off.
        // A TLS handshake is CPU work that would hold up the next accept: that one goes to the pool.
        if (certificate is null) _ = ServeAsync(client);
        else _ = Task.Run(() => ServeAsync(client), CancellationToken.None);
    }

    /// <summary>Reads requests from one connection and completes each; nothing thrown here escapes (see
    /// RecordFailure).</summary>
    async Task ServeAsync(Socket socket)
    {
        ClientConnection conn;
        try { conn = new ClientConnection(socket, certificate is null ? loop : null); }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { socket.Dispose(); return; }
        if (!reading.Add(conn)) { conn.Close(); return; } // every connection at the cap is mid-request
        if (Volatile.Read(ref disposed)) conn.Close(); // released while we were accepting
        var settings = new ConnectionSettings(mode, timeoutSeconds, EffectiveMaxRequest, certificate, InjectFault);
        var reader = new RequestReader(conn, settings, budget);
        var handedOver = false;
        ArrivedRequest? arrived = null;
        ReceivedRequest? published = null;
        var answered = false;
        try
        {
            for (var served = 1; ; served++)
            {
                (arrived, published, answered) = (null, null, false);
                arrived = await reader.ReadAsync().ConfigureAwait(false);
                if (arrived is null) break;
                settings.FaultPoint("publish");
                published = Publish(conn, settings, arrived, ReceivedRequest.StateProcessed, "", out var busy);
                if (published is null)
                {
                    if (busy) await ErrorAnswer.SendAsync(conn, settings.Raw, 503).ConfigureAwait(false);
                    break;
                }
                settings.FaultPoint("answer");
                var keepAlive = !settings.KeepOpen && !settings.Raw && served < WebHookLimits.MaxRequestsPerConnection
                    && autoAnswer.AllowsKeepAlive && arrived.Head!.WantsKeepAlive;
                var answer = settings.KeepOpen || keepAlive ? autoAnswer.Bytes : autoAnswer.Closing;
                answered = true;
                if (answer.Length > 0 && !await conn.WriteAsync(answer).ConfigureAwait(false)) break;
                if (settings.KeepOpen)
                {
                    reading.Remove(conn);
                    conn.KeepOpen(timeoutSeconds, published.Append);
                    handedOver = true;
                    break;
                }
                if (!keepAlive) break;
            }
        }
        catch (Exception e) when (IsConnectionEnd(e, conn))
        {
            // Timeout, reset, bad TLS, hook released: the connection just ends.
        }
        catch (Exception e)
        {
            await RecordFailureAsync(conn, settings, reader, arrived, published, answered, e).ConfigureAwait(false);
        }
        finally
        {
            reading.Remove(conn);
            reader.Dispose();
            if (!handedOver) conn.Close();
        }
    }

    /// <summary>What ends a connection normally: the client, the network, a deadline or the hook's release.</summary>
    static bool IsConnectionEnd(Exception e, ClientConnection conn) =>
        e is OperationCanceledException or IOException or SocketException or AuthenticationException
            or ObjectDisposedException
        || (e is InvalidOperationException && !conn.IsOpen);

    /// <summary>
    /// Makes the WebRequest and queues the hook's script for it. Null when the hook is being released, or when
    /// <paramref name="busy"/>: too many unreleased requests or the memory budget is spent (the client gets 503).
    /// </summary>
    ReceivedRequest? Publish(ClientConnection conn, ConnectionSettings settings, ArrivedRequest arrived, int state,
        string error, out bool busy)
    {
        long size = arrived.Raw.Length + arrived.Body.Length;
        busy = Interlocked.Increment(ref liveRequests) > WebHookLimits.MaxLiveRequests
            || !budget.TryHold(size, settings.MaxRequestBytes);
        if (busy)
        {
            Interlocked.Decrement(ref liveRequests);
            return null;
        }
        var hold = settings.KeepOpen && error.Length == 0; // a failed request's connection closes
        if (hold) conn.ShareWithScripts();
        lock (gate)
        {
            // Under the lock Dispose takes: a hook being released (WebHook.Release, pb_shutdown) makes no more
            // requests and queues no more starts, so nothing of it reaches a later host.
            if (disposed)
            {
                Interlocked.Decrement(ref liveRequests);
                budget.Return(size);
                return null;
            }
            var request = new ReceivedRequest(Number, settings.Mode, settings.Certificate is not null, arrived.Raw,
                arrived.Head, arrived.Body,
                conn.Remote, conn.Local, hold ? conn : null, settings.MaxRequestBytes,
                () => { Interlocked.Decrement(ref liveRequests); budget.Return(size); })
            { State = state, ErrorMessage = error };
            WebRequestFunctions.Table.Add(request);
            Interlocked.Increment(ref webRequestCounter);
            script?.Queue(request.Number);
            return request;
        }
    }

    /// <summary>
    /// A failure of ours while handling a request: it is recorded in a WebRequest (WebRequest.ErrorMessage) and the
    /// hook's script is queued for it, as for any request: the request it was handling if that was made already,
    /// else a new one with what had arrived (state 1 nothing, 2 part, 3 all). The client gets 500 if no answer went
    /// out.
    /// </summary>
    async Task RecordFailureAsync(ClientConnection conn, ConnectionSettings settings, RequestReader reader,
        ArrivedRequest? arrived, ReceivedRequest? published, bool answered, Exception e)
    {
        try
        {
            var error = $"Internal error while handling the request: {e.GetType().Name}: " +
                $"{MbsException.Echo(e.Message)}";
            if (published is not null) published.ErrorMessage = error;
            else
            {
                var received = arrived ?? new ArrivedRequest(reader.Received, null, []);
                var state = arrived is not null ? ReceivedRequest.StateProcessed : received.Raw.Length > 0 ? 2 : 1;
                Publish(conn, settings, received, state, error, out _);
            }
            if (!answered) await ErrorAnswer.SendAsync(conn, settings.Raw, 500).ConfigureAwait(false);
        }
        catch (Exception) { /* recording failed too: the connection closes; nothing may escape a listener task */ }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
            stop.Cancel();
            CloseListeners();
        }
        reading.CloseAll();
        reading.Dispose();
        loop?.Dispose();
    }
}

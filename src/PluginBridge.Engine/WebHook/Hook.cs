using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using PluginBridge.Engine.Core;
using PluginBridge.Engine.WebRequest;

namespace PluginBridge.Engine.WebHook;

/// <summary>
/// One WebHook: its settings, its listening sockets and the connections being read. A connection becomes a
/// WebRequest (handle) once its request has arrived completely; then the auto-answer goes out and the hook's
/// script is queued. Disposing stops listening and closes every connection still being read.
/// </summary>
sealed class Hook : IHandle, IDisposable
{
    public const string DefaultAutoAnswer = "HTTP/1.1 200 OK\r\nServer: MBS Plugin\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";

    readonly object gate = new();
    readonly List<Socket> listeners = [];
    readonly CancellationTokenSource stop = new();
    readonly ConcurrentDictionary<ClientConnection, byte> reading = new();
    bool disposed;
    long connectionCounter, webRequestCounter;
    int liveRequests;
    long heldBytes; // read buffers of connections being read plus the data of unreleased WebRequests

    public long Number { get; set; }

    // Settings, read by the listener threads at each connection.
    volatile byte[] autoAnswer = Encoding.UTF8.GetBytes(DefaultAutoAnswer);
    volatile int mode;
    volatile int timeoutSeconds = WebHookLimits.DefaultTimeoutSeconds;
    volatile int maxRequestSize;
    volatile SslStreamCertificateContext? certificate;
    volatile ScriptTarget? script;

    public byte[] AutoAnswer { get => autoAnswer; set => autoAnswer = value; }
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
            if (listeners.Count > 0) throw new MbsException($"This WebHook already listens on port {Port}. Create another WebHook for a second port.");
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
            foreach (var l in listeners) _ = AcceptLoopAsync(l, stop.Token);
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
                if (address.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = ListenAddresses.IsDualStack(address);
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
        SocketError.AddressAlreadyInUse => new MbsException($"Port {port} is already in use. Pick another port, pass 0 for any free port, or release the WebHook that listens there."),
        SocketError.AccessDenied => new MbsException($"Not allowed to listen on port {port}. Use a port from 1024 to 65535."),
        SocketError.AddressNotAvailable => new MbsException($"Cannot listen on port {port}: the interface address is not an address of this machine."),
        _ => new MbsException($"Cannot listen on port {port}: {e.Message}"),
    };

    void CloseListeners()
    {
        foreach (var l in listeners) l.Dispose();
        listeners.Clear();
    }

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
                try { await Task.Delay(50, token).ConfigureAwait(false); } catch (OperationCanceledException) { return; }
                continue;
            }
            Interlocked.Increment(ref connectionCounter);
            if (reading.Count >= WebHookLimits.MaxOpenConnections) { client.Dispose(); continue; }
            _ = Task.Run(() => ServeAsync(client, token), CancellationToken.None);
        }
    }

    async Task ServeAsync(Socket socket, CancellationToken stopToken)
    {
        ClientConnection conn;
        try { conn = new ClientConnection(socket); }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { socket.Dispose(); return; }
        reading[conn] = 0;
        if (Volatile.Read(ref disposed)) conn.Close(); // released while we were accepting
        var handedOver = false;
        long reserved = 0;
        var clock = Stopwatch.StartNew();
        var timeout = TimeSpan.FromSeconds(timeoutSeconds);
        var connectionMode = mode; // settings changed later apply to later connections
        var rawMode = (connectionMode & 2) != 0;
        var max = EffectiveMaxRequest;
        var tls = certificate;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopToken);
        // The head (and TLS handshake) must come quickly; the whole request within the timeout.
        deadline.CancelAfter(TimeSpan.FromSeconds(Math.Min(timeout.TotalSeconds, WebHookLimits.HeadDeadlineSeconds)));
        try
        {
            if (tls is not null)
            {
                var ssl = new SslStream(conn.Stream, leaveInnerStreamOpen: false);
                conn.Stream = ssl;
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = tls,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    ClientCertificateRequired = false,
                }, deadline.Token).ConfigureAwait(false);
            }
            var framer = rawMode ? null : new HttpRequestFramer(max);
            var buffer = new byte[Math.Min(WebHookLimits.ReadChunkBytes, max + 1)];
            if (!TryHold(buffer.Length, max)) { await RejectAsync(conn, rawMode, 503, deadline.Token).ConfigureAwait(false); return; }
            reserved = buffer.Length;
            var length = 0;
            var headSeen = false;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > max) { await RejectAsync(conn, rawMode, 413, deadline.Token).ConfigureAwait(false); return; }
                    var grown = (int)Math.Min(buffer.Length * 2L, max + 1L);
                    if (!TryHold(grown - buffer.Length, max)) { await RejectAsync(conn, rawMode, 503, deadline.Token).ConfigureAwait(false); return; }
                    reserved += grown - buffer.Length;
                    Array.Resize(ref buffer, grown);
                }
                var n = await conn.Stream.ReadAsync(buffer.AsMemory(length), deadline.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    // Raw clients may send and hang up; an HTTP client that hangs up mid-request sent nothing usable.
                    if (rawMode && length > 0) break;
                    return;
                }
                length += n;
                if (rawMode)
                {
                    if (length > max) return;
                    if (conn.Available == 0) break; // the burst is over
                    continue;
                }
                var status = framer!.Feed(buffer, length);
                if (status == FrameStatus.Reject) { await RejectAsync(conn, false, framer.RejectStatus, deadline.Token).ConfigureAwait(false); return; }
                if (!headSeen && framer.Head is not null)
                {
                    headSeen = true;
                    var left = timeout - clock.Elapsed;
                    if (left <= TimeSpan.Zero) return;
                    deadline.CancelAfter(left);
                    if (status == FrameStatus.NeedMore && framer.WantsContinue)
                        await conn.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), deadline.Token).ConfigureAwait(false);
                }
                if (status == FrameStatus.Complete) { length = framer.Length; break; }
            }
            handedOver = await CompleteAsync(conn, connectionMode, buffer.AsSpan(0, length).ToArray(), framer, tls is not null, max, stopToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or AuthenticationException
                                      or ObjectDisposedException or InvalidOperationException)
        {
            // Timeout, reset, bad TLS, hook released: the connection just ends.
        }
        finally
        {
            reading.TryRemove(conn, out _);
            Interlocked.Add(ref heldBytes, -reserved);
            if (!handedOver) conn.Close();
        }
    }

    /// <summary>Makes the WebRequest, queues the script, sends the auto-answer. True if the connection stays open.</summary>
    async Task<bool> CompleteAsync(ClientConnection conn, int currentMode, byte[] raw, HttpRequestFramer? framer, bool ssl, int max, CancellationToken token)
    {
        var body = framer?.Body ?? [];
        long size = raw.Length + body.Length;
        if (Interlocked.Increment(ref liveRequests) > WebHookLimits.MaxLiveRequests || !TryHold(size, max))
        {
            Interlocked.Decrement(ref liveRequests);
            await RejectAsync(conn, framer is null, 503, token).ConfigureAwait(false);
            return false;
        }
        var keepOpen = (currentMode & 1) != 0;
        ReceivedRequest request;
        lock (gate)
        {
            // Under the lock Dispose takes: a hook being released (WebHook.Release, pb_shutdown) makes no more
            // requests and queues no more starts, so nothing of it reaches a later host.
            if (disposed)
            {
                Interlocked.Decrement(ref liveRequests);
                Interlocked.Add(ref heldBytes, -size);
                return false;
            }
            request = new ReceivedRequest(Number, currentMode, ssl, raw, framer?.Head, body, conn.Remote, conn.Local,
                keepOpen ? conn : null, max, () => { Interlocked.Decrement(ref liveRequests); Interlocked.Add(ref heldBytes, -size); });
            WebRequestFunctions.Table.Add(request);
            Interlocked.Increment(ref webRequestCounter);
            script?.Queue(request.Number);
        }
        var answer = autoAnswer;
        if (answer.Length > 0) await conn.WriteAsync(answer, token).ConfigureAwait(false);
        if (!keepOpen) return false;
        reading.TryRemove(conn, out _);
        conn.KeepOpen(timeoutSeconds, request.Append);
        return true;
    }

    /// <summary>
    /// Reserves memory against the hook's budget, so that many clients sending large requests at once, or many
    /// unreleased requests, cannot exhaust memory. The budget always fits one request of the maximum size being read and kept (about 3x its size).
    /// </summary>
    bool TryHold(long bytes, int max)
    {
        var budget = Math.Max(WebHookLimits.MaxHeldBytes, 3L * max + WebHookLimits.ReadChunkBytes * 4);
        if (Interlocked.Add(ref heldBytes, bytes) <= budget) return true;
        Interlocked.Add(ref heldBytes, -bytes);
        return false;
    }

    static async Task RejectAsync(ClientConnection conn, bool rawMode, int status, CancellationToken token)
    {
        if (rawMode) return;
        var text = $"HTTP/1.1 {status} {ReasonPhrase(status)}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
        if (await conn.WriteAsync(Encoding.ASCII.GetBytes(text), token).ConfigureAwait(false))
            await conn.LingerAsync().ConfigureAwait(false);
    }

    static string ReasonPhrase(int status) => status switch
    {
        400 => "Bad Request",
        413 => "Content Too Large",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Error",
    };

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
            stop.Cancel();
            CloseListeners();
        }
        foreach (var conn in reading.Keys) conn.Close();
    }
}

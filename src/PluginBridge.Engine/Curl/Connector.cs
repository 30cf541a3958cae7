using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// Opens the TCP connection for every protocol, the way curl reports it ("Trying 127.0.0.1:1587...",
/// "Connected to host (ip) port n"), and maps failures to curl's codes 6, 7 and 28.
/// </summary>
static class Connector
{
    public static async Task<Socket> ConnectAsync(string host, int port, CurlOptions options, DebugLog log,
        CancellationToken cancel, TransferTimes? times = null)
    {
        var clock = Stopwatch.StartNew();
        using var connectCancel = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        connectCancel.CancelAfter(options.ConnectTimeout);
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host, out var literal) ? [literal]
                : await Dns.GetHostAddressesAsync(host, connectCancel.Token);
        }
        catch (SocketException)
        {
            throw new CurlException(CurlException.CouldNotResolveHost, $"Could not resolve host: {host}");
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new CurlException(CurlException.OperationTimedOut,
                $"Resolving timed out after {clock.ElapsedMilliseconds} milliseconds");
        }
        if (addresses.Length == 0)
            throw new CurlException(CurlException.CouldNotResolveHost, $"Could not resolve host: {host}");
        times?.Mark(Phase.NameLookup);

        foreach (var address in addresses)
        {
            var endpoint = new IPEndPoint(address, port);
            log.Info($"  Trying {Printed(address)}:{port}...");
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                LocalInterface.Bind(socket, options.Interface, log);
                await socket.ConnectAsync(endpoint, connectCancel.Token);
                times?.Mark(Phase.Connect);
                log.Info($"Connected to {host} ({address}) port {port} (#0)");
                return socket;
            }
            catch (SocketException e)
            {
                socket.Dispose();
                log.Info($"connect to {address} port {port} failed: {e.Message}");
            }
            catch (CurlException)
            {
                socket.Dispose();
                throw;
            }
            catch (OperationCanceledException)
            {
                socket.Dispose();
                if (cancel.IsCancellationRequested) throw;
                throw new CurlException(CurlException.OperationTimedOut,
                    $"Connection timed out after {clock.ElapsedMilliseconds} milliseconds");
            }
        }
        throw new CurlException(CurlException.CouldNotConnect,
            $"Failed to connect to {host} port {port} after {clock.ElapsedMilliseconds} ms: Couldn't connect to " +
                $"server");
    }

    /// <summary>
    /// The same connect step for a blocking Perform: the socket never sees an async operation, so it stays a plain
    /// blocking socket and every later read wakes the caller directly. (Once a .NET socket has been used
    /// asynchronously, its blocking calls are emulated through the epoll thread: two thread hops per read.)
    /// </summary>
    public static Socket Connect(string host, int port, CurlOptions options, DebugLog log, CancellationToken cancel,
        TransferTimes? times = null)
    {
        var clock = Stopwatch.StartNew();
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal)) addresses = [literal];
        else
        {
            try { addresses = Dns.GetHostAddressesAsync(host, cancel).WaitAsync(options.ConnectTimeout, cancel)
                .GetAwaiter().GetResult(); }
            catch (SocketException) { throw new CurlException(CurlException.CouldNotResolveHost,
                $"Could not resolve host: {host}"); }
            catch (TimeoutException) { throw new CurlException(CurlException.OperationTimedOut,
                $"Resolving timed out after {clock.ElapsedMilliseconds} milliseconds"); }
        }
        if (addresses.Length == 0)
            throw new CurlException(CurlException.CouldNotResolveHost, $"Could not resolve host: {host}");
        times?.Mark(Phase.NameLookup);

        foreach (var address in addresses)
        {
            log.Info($"  Trying {Printed(address)}:{port}...");
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                var endpoint = new IPEndPoint(address, port);
                LocalInterface.Bind(socket, options.Interface, log);
                if (OperatingSystem.IsLinux()) ConnectBlocking(socket, endpoint, options, clock, cancel);
                else
                {
                    socket.Blocking = false;
                    try { socket.Connect(endpoint); }
                    catch (SocketException e)
                        when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
                    {
                        WaitConnected(socket, options, clock, cancel);
                    }
                    socket.Blocking = true;
                }
                times?.Mark(Phase.Connect);
                log.Info($"Connected to {host} ({address}) port {port} (#0)");
                return socket;
            }
            catch (SocketException e)
            {
                socket.Dispose();
                log.Info($"connect to {address} port {port} failed: {e.Message}");
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw new CurlException(CurlException.CouldNotConnect,
            $"Failed to connect to {host} port {port} after {clock.ElapsedMilliseconds} ms: Couldn't connect to " +
                $"server");
    }

    /// <summary>
    /// A blocking connect that leaves the socket blocking for good. On Linux .NET never turns a socket it once made
    /// non-blocking back (its blocking calls are then emulated through the epoll thread: two thread hops per read,
    /// the pace of a whole SMTP or HTTP exchange), so no non-blocking connect here: SO_SNDTIMEO bounds connect()
    /// on Linux, and an abort disposes the socket, which unblocks it.
    /// </summary>
    static void ConnectBlocking(Socket socket, IPEndPoint endpoint, CurlOptions options, Stopwatch clock,
        CancellationToken cancel)
    {
        var left = options.ConnectTimeout - clock.Elapsed;
        if (left <= TimeSpan.Zero) throw TimedOut(clock);
        socket.SendTimeout = (int)Math.Clamp(left.TotalMilliseconds, 1, int.MaxValue);
        using (cancel.Register(static s => ((Socket)s!).Dispose(), socket))
        {
            try { socket.Connect(endpoint); }
            catch (Exception) when (cancel.IsCancellationRequested) { throw new OperationCanceledException(cancel); }
            // SO_SNDTIMEO ran out: ETIMEDOUT at our limit (the kernel's own, after its SYN retries, stays 7).
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.InProgress
                && clock.Elapsed + TimeSpan.FromMilliseconds(20) >= options.ConnectTimeout) { throw TimedOut(clock); }
        }
        cancel.ThrowIfCancellationRequested();
        socket.SendTimeout = 0;
    }

    static CurlException TimedOut(Stopwatch clock) =>
        new(CurlException.OperationTimedOut, $"Connection timed out after {clock.ElapsedMilliseconds} milliseconds");

    // Waits for a non-blocking connect in short slices, so an abort or the connect timeout ends it.
    static void WaitConnected(Socket socket, CurlOptions options, Stopwatch clock, CancellationToken cancel)
    {
        while (!socket.Poll(TimeSpan.FromMilliseconds(50), SelectMode.SelectWrite))
        {
            cancel.ThrowIfCancellationRequested();
            if (clock.Elapsed > options.ConnectTimeout)
                throw new CurlException(CurlException.OperationTimedOut,
                    $"Connection timed out after {clock.ElapsedMilliseconds} milliseconds");
        }
        var error = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
        if (error != SocketError.Success) throw new SocketException((int)error);
    }

    /// <summary>TLS over an open connection (imaps/pop3s at once, imap/pop3 after STARTTLS/STLS), curl's 35/60 on
    /// failure.</summary>
    public static async Task<Stream> StartTlsAsync(Stream inner, string host, TlsPolicy policy, DebugLog log,
        CancellationToken cancel)
    {
        var clientCertificate = policy.ClientCertificate; // curl's 58 before any byte goes out
        if (policy.UsesOpenSsl)
        {
            try { return await OpenSsl.OpenSslStream.ConnectAsync(inner, host, policy, cancel); }
            catch (Exception e) when (e is AuthenticationException or IOException) { throw TlsFailure(policy, e); }
        }
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false, policy.Validate);
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = host,
                EnabledSslProtocols = policy.Protocols,
                ClientCertificateContext = clientCertificate,
                // curl with OpenSSL does not check revocation unless asked; test CAs publish no CRL either.
                CertificateRevocationCheckMode =
                    System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
            }, cancel);
            return ssl;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            await ssl.DisposeAsync();
            throw TlsFailure(policy, e);
        }
    }

    /// <summary>60 when our certificate check refused the peer, else 35 with the TLS library's reason.</summary>
    public static CurlException TlsFailure(TlsPolicy policy, Exception e) =>
        policy.Failure is { } why
            ? new CurlException(policy.FailureCode, why)
            : new CurlException(CurlException.SslConnectError, "TLS connect error: " + Innermost(e).Message);

    public static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }

    /// <summary>An address as curl prints it in "Trying": IPv6 in brackets.</summary>
    static string Printed(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
}

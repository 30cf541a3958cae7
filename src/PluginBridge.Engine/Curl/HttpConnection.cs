using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// The SocketsHttpHandler a CURL handle keeps between Performs while its TLS settings stay the same, so HTTP/1.1
/// keep-alive connections are reused as libcurl reuses them. Its callbacks log into the transfer now running
/// (one at a time per handle): curl's "Trying …" / "Connected to …" lines, the certificate check, and the
/// request text once its connection is up.
/// </summary>
sealed class HttpConnection : KeptConnection
{
    readonly SocketsHttpHandler handler;
    Transfer current;
    Func<string>? pendingRequestLog;
    string host;

    public HttpMessageInvoker Invoker { get; }

    public override string Key { get; }

    public override string Host => host;

    /// <summary>The handler drops connections the server closed and retries a request that failed on one.</summary>
    public override bool IsAlive => true;

    /// <summary>The origin and HTTP version of the connection opened last (ALPN's answer over TLS).</summary>
    public (string? Authority, Version Version)? Negotiated { get; private set; }

    /// <summary>True when the last request opened a connection; false when it went over a kept one.</summary>
    public bool Connected { get; private set; }

    public HttpConnection(Transfer t, string key)
    {
        current = t;
        host = t.Url.Host;
        Key = key;
        handler = NewHandler(t, openSsl: false);
        Invoker = new HttpMessageInvoker(handler);
    }

    /// <summary>
    /// The invoker for this request. With <see cref="TlsPolicy.UsesOpenSsl"/> an https request goes to a second
    /// handler as http to the same host and port, and that handler's connect step puts OpenSSL's TLS on the socket:
    /// SocketsHttpHandler itself only speaks TLS through SslStream. The Host header stays the https one.
    /// </summary>
    public HttpMessageInvoker InvokerFor(HttpRequestMessage request)
    {
        var uri = request.RequestUri!;
        if (uri.Scheme != Uri.UriSchemeHttps || !current.Tls.UsesOpenSsl) return Invoker;
        request.Headers.Host ??= uri.Authority;
        request.RequestUri = new UriBuilder(uri) { Scheme = Uri.UriSchemeHttp, Port = uri.Port }.Uri;
        if (openSslInvoker is null)
        {
            openSslHandler = NewHandler(current, openSsl: true);
            openSslInvoker = new HttpMessageInvoker(openSslHandler);
        }
        return openSslInvoker;
    }

    Socket? connectedSocket;
    SocketsHttpHandler? openSslHandler;
    HttpMessageInvoker? openSslInvoker;

    SocketsHttpHandler NewHandler(Transfer t, bool openSsl) => new()
    {
        PlaintextStreamFilter = (context, _) =>
        {
            // Called once the new connection is up, TLS included: curl's app-connect and pre-transfer moments.
            if (openSsl || context.InitialRequestMessage.RequestUri?.Scheme == Uri.UriSchemeHttps)
                current.Times.Mark(Phase.AppConnect);
            current.Times.Mark(Phase.PreTransfer);
            var socket = Interlocked.Exchange(ref connectedSocket, null);
            var version = context.NegotiatedHttpVersion;
            Negotiated = (context.InitialRequestMessage.RequestUri?.Authority, version);
            if (version.Major >= 2) current.Log.Info("using HTTP/2");
            FlushRequestLog();
            // HTTP/2 heads arrive as binary frames: the transfer rebuilds them from the response, as curl does.
            if (version.Major >= 2) return ValueTask.FromResult(context.PlaintextStream);
            // Headers as received: recorded by the socket stream itself on a plain connection (so the handler
            // still sees a NetworkStream), above TLS otherwise.
            Stream stream;
            if (context.PlaintextStream is RecordingNetworkStream plain)
            {
                plain.Recorder = new HeadRecorder(ReceiveHead);
                stream = plain;
            }
            else stream = new HeadCapture(context.PlaintextStream, ReceiveHead);
            var aliases = current.Options.Http200Aliases;
            if (aliases.Count > 0) stream = new StatusAliasStream(stream, aliases);
            // Over TLS: a NetworkStream outside too, so the handler polls the idle socket instead of reading ahead.
            if (stream is not RecordingNetworkStream && socket is not null)
                stream = new TlsNetworkStream(socket, stream);
            return ValueTask.FromResult(stream);
        },
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionIdleTimeout = ConnectionCache.MaxIdle,
        ConnectTimeout = Timeout.InfiniteTimeSpan, // our connect step enforces CURL's connect timeout
        ConnectCallback = async (context, cancel) =>
        {
            Connected = true;
            var t = current;
            var (name, port) = (context.DnsEndPoint.Host, context.DnsEndPoint.Port);
            var socket = t.Blocking ? Connector.Connect(name, port, t.Options, t.Log, cancel, t.Times)
                : await Connector.ConnectAsync(name, port, t.Options, t.Log, cancel, t.Times);
            var stream = new RecordingNetworkStream(socket);
            connectedSocket = socket; // for the filter that follows the TLS handshake on this connection
            var request = context.InitialRequestMessage;
            if (!openSsl && request.RequestUri?.Scheme == Uri.UriSchemeHttps)
            {
                // What SocketsHttpHandler offers for this request's version, as curl logs its offer.
                t.Tls.AlpnOffered = request.Version.Major < 2 ? "http/1.1"
                    : request.VersionPolicy == HttpVersionPolicy.RequestVersionExact ? "h2" : "h2,http/1.1";
                t.Log.Info($"ALPN: offers {t.Tls.AlpnOffered}");
            }
            if (!openSsl) return stream;
            try
            {
                return t.Blocking ? OpenSsl.OpenSslStream.Connect(stream, name, t.Tls, cancel)
                    : await OpenSsl.OpenSslStream.ConnectAsync(stream, name, t.Tls, cancel);
            }
            catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException)
            {
                throw Connector.TlsFailure(t.Tls, e);
            }
        },
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (sender, cert, chain, errors) =>
                current.Tls.Validate(sender, cert, chain, errors),
            EnabledSslProtocols = t.Tls.Protocols,
            ClientCertificateContext = t.Tls.ClientCertificate,
            CertificateRevocationCheckMode =
                System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        },
    };

    /// <summary>The key: TLS settings decide which connections may serve a transfer; the handler pools per
    /// origin.</summary>
    public static string KeyOf(CurlOptions o)
    {
        var tls = TlsPolicy.KeyOf(o);
        if (o.Http200Aliases.Count > 0) return "http|" + tls + "|" + string.Join('\n', o.Http200Aliases);
        // The TLS key is the same string while its settings stay the same: so is ours (no new string per Perform).
        if (lastKey is { } last && ReferenceEquals(last.Item1, tls)) return last.Item2;
        var key = "http|" + tls + "|";
        lastKey = Tuple.Create(tls, key);
        return key;
    }

    static volatile Tuple<string, string>? lastKey;

    public void Attach(Transfer t) { current = t; host = t.Url.Host; }

    /// <summary>Before a request: its text is logged when (and if) a new connection comes up, else after
    /// sending.</summary>
    public void BeginRequest(Func<string> requestText, string requestHost)
    {
        Connected = false;
        host = requestHost;
        lock (heads) heads.Clear();
        pendingRequestLog = requestText;
    }

    public void DropRequestLog() => pendingRequestLog = null;

    readonly List<string> heads = [];

    void ReceiveHead(string head) { lock (heads) heads.Add(head); }

    /// <summary>The response heads read since the request began, as received (1xx interim ones first).</summary>
    public List<string> TakeHeads()
    {
        lock (heads)
        {
            List<string> taken = [.. heads];
            heads.Clear();
            return taken;
        }
    }

    /// <summary>After SendAsync: a request that opened no connection went over a kept one, which curl
    /// reports.</summary>
    public void FlushAfterSend()
    {
        if (!Connected && pendingRequestLog is not null) current.Log.Info(ReuseLine());
        FlushRequestLog();
    }

    // curl's line for a request over a kept connection, made once per host rather than per request.
    string ReuseLine()
    {
        if (reuseLine is not { } line || line.Host != host)
            reuseLine = line = (host, $"Re-using existing connection #0 with host {host}");
        return line.Text;
    }

    (string Host, string Text)? reuseLine;

    void FlushRequestLog()
    {
        var text = Interlocked.Exchange(ref pendingRequestLog, null);
        if (text is not null) current.Log.Sent(text);
    }

    public override void Dispose()
    {
        Invoker.Dispose();
        handler.Dispose();
        openSslInvoker?.Dispose();
        openSslHandler?.Dispose();
    }
}

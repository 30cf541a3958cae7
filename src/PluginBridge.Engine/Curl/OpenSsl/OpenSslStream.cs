using System.Net;
using System.Security.Authentication;
using System.Text;
using static PluginBridge.Engine.Curl.OpenSsl.LibSsl;

namespace PluginBridge.Engine.Curl.OpenSsl;

/// <summary>
/// A TLS client over any stream, with OpenSSL doing the protocol in memory buffers and this class moving the bytes,
/// so the socket stays ours (blocking or async, as the transfer runs). Used when CURL.SetOptionCAInfo names the only
/// trusted CAs: OpenSSL loads that one file, where .NET's SslStream would also load the whole system store (about
/// 290 files, most of a process's first HTTPS or SMTP transfer). The checks stay curl's: OpenSSL verifies chain and
/// dates against the file, X509_check_host / X509_check_ip_asc the name, and <see cref="TlsPolicy.Check"/> decides,
/// as for SslStream, with SSLVerifyPeer / SSLVerifyHost. Nothing is sent above it before that decision.
/// </summary>
sealed class OpenSslStream : DuplexStream
{
    readonly Stream inner;
    readonly object sslLock = new(); // OpenSSL's SSL object: one call at a time
    readonly SemaphoreSlim writeGate = new(1, 1); // what OpenSSL queued goes out in order
    readonly byte[] input = new byte[17 * 1024];
    byte[] output = new byte[17 * 1024];
    nint ssl, rbio, wbio;

    public string Protocol { get; private set; } = "";

    public string CipherSuite { get; private set; } = "";

    OpenSslStream(Stream inner) => this.inner = inner;

    /// <summary>Handshake and certificate check on the calling thread (a blocking Perform's socket).</summary>
    public static OpenSslStream Connect(Stream inner, string host, TlsPolicy policy, CancellationToken cancel)
    {
        var tls = new OpenSslStream(inner);
        try
        {
            using var abort = cancel.Register(static s => ((Stream)s!).Dispose(), inner);
            tls.Begin(host, policy);
            while (!tls.HandshakeStep())
                if (!tls.Fill(tls.inner.Read(tls.input))) throw ClosedInHandshake();
            cancel.ThrowIfCancellationRequested();
            tls.Verify(host, policy);
            return tls;
        }
        catch
        {
            tls.Dispose();
            throw;
        }
    }

    public static async Task<OpenSslStream> ConnectAsync(Stream inner, string host, TlsPolicy policy,
        CancellationToken cancel)
    {
        var tls = new OpenSslStream(inner);
        try
        {
            tls.Begin(host, policy);
            while (!await tls.HandshakeStepAsync(cancel))
                if (!tls.Fill(await tls.inner.ReadAsync(tls.input, cancel))) throw ClosedInHandshake();
            tls.Verify(host, policy);
            return tls;
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
    }

    static IOException ClosedInHandshake() =>
        new("the server closed the connection during the TLS handshake");

    unsafe void Begin(string host, TlsPolicy policy)
    {
        var ctx = SSL_CTX_new(TLS_client_method());
        if (ctx == 0) throw new AuthenticationException(LastError("SSL_CTX_new failed"));
        try
        {
            var (min, max) = Versions(policy);
            if (min != 0) SSL_CTX_ctrl(ctx, CtrlSetMinProtoVersion, min, 0);
            if (max != 0) SSL_CTX_ctrl(ctx, CtrlSetMaxProtoVersion, max, 0);
            fixed (byte* file = Utf8Z(policy.CaInfo))
                if (SSL_CTX_load_verify_locations(ctx, file, null) != 1)
                    throw new CurlException(CurlCode.SslCaCertBadFile, $"error setting certificate file: " +
                        $"{policy.CaInfo} ({LastError("no PEM certificates found")})");
            X509_STORE_set_flags(SSL_CTX_get_cert_store(ctx), (nuint)X509VFlagPartialChain);
            ssl = SSL_new(ctx); // holds its own reference to ctx
            if (ssl == 0) throw new AuthenticationException(LastError("SSL_new failed"));
        }
        finally { SSL_CTX_free(ctx); }
        rbio = BIO_new(BIO_s_mem());
        wbio = BIO_new(BIO_s_mem());
        SSL_set_bio(ssl, rbio, wbio); // the SSL object owns both now
        SSL_set_connect_state(ssl);
        var name = Bare(host);
        if (!IPAddress.TryParse(name, out _))
            fixed (byte* sni = Utf8Z(name)) SSL_ctrl(ssl, CtrlSetTlsExtHostName, 0, sni); // SNI: names only
    }

    // CURLOPT_SSLVERSION as TlsPolicy reads it; 0 = OpenSSL's default.
    static (int Min, int Max) Versions(TlsPolicy policy)
    {
        var set = policy.Protocols;
        if (set == SslProtocols.None) return (0, 0);
        int min = 0, max = 0;
#pragma warning disable SYSLIB0039 // TLS 1.0/1.1 only when a script asks for them explicitly
        foreach (var (flag, version) in new[] { (SslProtocols.Tls, 0x301), (SslProtocols.Tls11, 0x302),
            (SslProtocols.Tls12, 0x303), (SslProtocols.Tls13, 0x304) })
#pragma warning restore SYSLIB0039
        {
            if ((set & flag) == 0) continue;
            if (min == 0) min = version;
            max = version;
        }
        return (min, max);
    }

    /// <summary>One handshake step; what OpenSSL wrote is sent. True when done, false when it needs input.</summary>
    bool HandshakeStep()
    {
        var done = Step();
        SendQueued();
        return done;
    }

    async ValueTask<bool> HandshakeStepAsync(CancellationToken cancel)
    {
        var done = Step();
        await SendQueuedAsync(cancel);
        return done;
    }

    unsafe bool Step()
    {
        lock (sslLock)
        {
            ObjectDisposedException.ThrowIf(ssl == 0, this);
            var result = SSL_do_handshake(ssl);
            if (result == 1) return true;
            var error = SSL_get_error(ssl, result);
            if (error == ErrorWantRead) return false;
            throw new AuthenticationException(LastError($"TLS handshake failed (OpenSSL error {error})"));
        }
    }

    unsafe void Verify(string host, TlsPolicy policy)
    {
        string? chainProblem;
        bool nameMatches;
        List<byte[]> sent;
        System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null;
        lock (sslLock)
        {
            Protocol = Utf8String(SSL_get_version(ssl));
            CipherSuite = Utf8String(SSL_CIPHER_standard_name(SSL_get_current_cipher(ssl)));
            var code = SSL_get_verify_result(ssl);
            chainProblem = code == 0 ? null : Utf8String(X509_verify_cert_error_string(code));
            var peer = SSL_get1_peer_certificate(ssl);
            try
            {
                nameMatches = peer != 0 && NameMatches(peer, Bare(host));
                if (peer != 0) certificate = Certificate(peer);
            }
            finally { if (peer != 0) X509_free(peer); }
            sent = SentChain();
        }
        using (certificate)
            if (!policy.Check(certificate, sent, Protocol, CipherSuite, chainProblem, !nameMatches))
                throw new AuthenticationException(policy.Failure);
    }

    // The certificates the server sent, leaf first (DER), for CURLINFO_CERTINFO; OpenSSL's stack stays its own.
    List<byte[]> SentChain()
    {
        var sent = new List<byte[]>();
        var stack = SSL_get_peer_cert_chain(ssl);
        if (stack == 0) return sent;
        for (var i = 0; i < OPENSSL_sk_num(stack); i++) sent.Add(Der(OPENSSL_sk_value(stack, i)));
        return sent;
    }

    static unsafe bool NameMatches(nint peer, string host)
    {
        fixed (byte* name = Utf8Z(host))
            return IPAddress.TryParse(host, out _)
                ? X509_check_ip_asc(peer, name, 0) == 1
                : X509_check_host(peer, name, (nuint)Encoding.UTF8.GetByteCount(host), 0, 0) == 1;
    }

    static System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate(nint peer) =>
        System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(Der(peer));

    static unsafe byte[] Der(nint x509)
    {
        var der = new byte[Math.Max(0, i2d_X509(x509, null))];
        fixed (byte* start = der)
        {
            var cursor = start;
            if (der.Length > 0) i2d_X509(x509, &cursor);
        }
        return der;
    }

    static string Bare(string host) => host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;

    internal static byte[] Utf8Z(string text) => [.. Encoding.UTF8.GetBytes(text), 0];

    // What arrived from the peer, into OpenSSL; false at the end of the stream.
    unsafe bool Fill(int count)
    {
        if (count <= 0) return false;
        lock (sslLock)
        {
            ObjectDisposedException.ThrowIf(ssl == 0, this);
            fixed (byte* data = input)
                if (BIO_write(rbio, data, count) != count) throw new IOException("OpenSSL refused input");
        }
        return true;
    }

    // OpenSSL's queued output, copied out under the SSL lock; the caller sends it (holding the write gate).
    unsafe int TakeQueued()
    {
        lock (sslLock)
        {
            if (ssl == 0) return 0;
            var pending = (int)BIO_ctrl_pending(wbio);
            if (pending == 0) return 0;
            if (pending > output.Length) output = new byte[pending];
            fixed (byte* data = output) return Math.Max(0, BIO_read(wbio, data, pending));
        }
    }

    void SendQueued()
    {
        writeGate.Wait();
        try { for (int n; (n = TakeQueued()) > 0;) inner.Write(output, 0, n); }
        finally { writeGate.Release(); }
    }

    async ValueTask SendQueuedAsync(CancellationToken cancel)
    {
        await writeGate.WaitAsync(cancel);
        try { for (int n; (n = TakeQueued()) > 0;) await inner.WriteAsync(output.AsMemory(0, n), cancel); }
        finally { writeGate.Release(); }
    }

    // One SSL_read: decrypted bytes, 0 at the peer's close_notify, or -1 when it needs more input.
    unsafe int TryRead(Span<byte> buffer)
    {
        lock (sslLock)
        {
            ObjectDisposedException.ThrowIf(ssl == 0, this);
            int result;
            fixed (byte* data = buffer) result = SSL_read(ssl, data, Math.Min(buffer.Length, 1 << 20));
            if (result > 0) return result;
            var error = SSL_get_error(ssl, result);
            if (error == ErrorWantRead) return -1;
            if (error == ErrorZeroReturn) return 0;
            throw new IOException("TLS read failed: " + LastError($"OpenSSL error {error}"));
        }
    }

    bool HasQueued()
    {
        lock (sslLock) return ssl != 0 && BIO_ctrl_pending(wbio) > 0;
    }

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        for (;;)
        {
            var n = TryRead(buffer);
            if (HasQueued()) SendQueued(); // a key update's answer
            if (n >= 0) return n;
            if (!Fill(inner.Read(input))) return 0; // closed without close_notify: the HTTP layer judges
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancel = default)
    {
        if (buffer.IsEmpty) return 0;
        for (;;)
        {
            var n = TryRead(buffer.Span);
            if (HasQueued()) await SendQueuedAsync(cancel);
            if (n >= 0) return n;
            if (!Fill(await inner.ReadAsync(input, cancel))) return 0;
        }
    }

    // Encrypts a slice (at most 16 KiB, one TLS record) into OpenSSL's output buffer.
    unsafe int Encrypt(ReadOnlySpan<byte> data)
    {
        lock (sslLock)
        {
            ObjectDisposedException.ThrowIf(ssl == 0, this);
            var count = Math.Min(data.Length, 16 * 1024);
            int result;
            fixed (byte* bytes = data) result = SSL_write(ssl, bytes, count);
            if (result <= 0)
                throw new IOException("TLS write failed: " + LastError($"OpenSSL error {SSL_get_error(ssl, result)}"));
            return result;
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        writeGate.Wait();
        try
        {
            while (!buffer.IsEmpty)
            {
                buffer = buffer[Encrypt(buffer)..];
                for (int n; (n = TakeQueued()) > 0;) inner.Write(output, 0, n);
            }
        }
        finally { writeGate.Release(); }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancel = default)
    {
        await writeGate.WaitAsync(cancel);
        try
        {
            while (!buffer.IsEmpty)
            {
                buffer = buffer[Encrypt(buffer.Span)..];
                for (int n; (n = TakeQueued()) > 0;) await inner.WriteAsync(output.AsMemory(0, n), cancel);
            }
        }
        finally { writeGate.Release(); }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancel) =>
        ReadAsync(buffer.AsMemory(offset, count), cancel).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancel) =>
        WriteAsync(buffer.AsMemory(offset, count), cancel).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancel) => inner.FlushAsync(cancel);


    /// <summary>Sends TLS close_notify (the end of an FTPS upload), as SslStream.ShutdownAsync does.</summary>
    public async Task ShutdownAsync()
    {
        lock (sslLock)
        {
            ObjectDisposedException.ThrowIf(ssl == 0, this);
            SSL_shutdown(ssl);
            ERR_clear_error();
        }
        await SendQueuedAsync(CancellationToken.None);
    }

    // The socket first (a read blocked in it returns), then OpenSSL's state, under its lock.
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            lock (sslLock)
            {
                if (ssl != 0) SSL_free(ssl);
                ssl = 0;
            }
        }
        base.Dispose(disposing);
    }
}

using System.Diagnostics;
using System.Net.Security;
using System.Security.Authentication;

namespace PluginBridge.Engine.WebHook;

/// <summary>One request as it arrived: every byte, and for HTTP its head and de-chunked body.</summary>
sealed record ArrivedRequest(byte[] Raw, HttpRequestHead? Head, byte[] Body);

/// <summary>
/// Reads one request from a fresh connection: the TLS handshake, then bytes until the framer (HTTP) or the end of a
/// burst (raw mode) says the request is complete. Enforces the head deadline, the hook's timeout, the size limits and
/// the hook's memory budget, and answers what it refuses. Dispose returns the read buffer's share of the budget.
/// </summary>
sealed class RequestReader(ClientConnection conn, ConnectionSettings settings, MemoryBudget budget) : IDisposable
{
    long reserved;

    /// <summary>The request, or null when the connection ended without one (refused, hung up, timed out).</summary>
    public async Task<ArrivedRequest?> ReadAsync(CancellationToken stopToken)
    {
        var clock = Stopwatch.StartNew();
        var timeout = TimeSpan.FromSeconds(settings.TimeoutSeconds);
        var max = settings.MaxRequestBytes;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopToken);
        // The head (and TLS handshake) must come quickly; the whole request within the timeout.
        deadline.CancelAfter(TimeSpan.FromSeconds(Math.Min(timeout.TotalSeconds, WebHookLimits.HeadDeadlineSeconds)));
        if (settings.Certificate is { } certificate) await HandshakeAsync(certificate, deadline.Token).ConfigureAwait(false);
        var framer = settings.Raw ? null : new HttpRequestFramer(max);
        var buffer = new byte[Math.Min(WebHookLimits.ReadChunkBytes, max + 1)];
        if (!Hold(buffer.Length, max)) return await RefuseAsync(503, deadline.Token).ConfigureAwait(false);
        var length = 0;
        var headSeen = false;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > max) return await RefuseAsync(413, deadline.Token).ConfigureAwait(false);
                var grown = (int)Math.Min(buffer.Length * 2L, max + 1L);
                if (!Hold(grown - buffer.Length, max)) return await RefuseAsync(503, deadline.Token).ConfigureAwait(false);
                Array.Resize(ref buffer, grown);
            }
            var n = await conn.Stream.ReadAsync(buffer.AsMemory(length), deadline.Token).ConfigureAwait(false);
            if (n == 0)
            {
                // Raw clients may send and hang up; an HTTP client that hangs up mid-request sent nothing usable.
                return settings.Raw && length > 0 ? new ArrivedRequest(buffer[..length], null, []) : null;
            }
            length += n;
            if (framer is null)
            {
                if (length > max) return null;
                if (conn.Available == 0) return new ArrivedRequest(buffer[..length], null, []); // the burst is over
                continue;
            }
            var status = framer.Feed(buffer, length);
            if (status == FrameStatus.Reject) return await RefuseAsync(framer.RejectStatus, deadline.Token).ConfigureAwait(false);
            if (!headSeen && framer.Head is not null)
            {
                headSeen = true;
                var left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero) return null;
                deadline.CancelAfter(left);
                if (status == FrameStatus.NeedMore && framer.WantsContinue)
                    await conn.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), deadline.Token).ConfigureAwait(false);
            }
            if (status == FrameStatus.Complete) return new ArrivedRequest(buffer[..framer.Length], framer.Head, framer.Body);
        }
    }

    async Task HandshakeAsync(SslStreamCertificateContext certificate, CancellationToken token)
    {
        var ssl = new SslStream(conn.Stream, leaveInnerStreamOpen: false);
        conn.Stream = ssl;
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificate,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateRequired = false,
        }, token).ConfigureAwait(false);
    }

    bool Hold(long bytes, int max)
    {
        if (!budget.TryHold(bytes, max)) return false;
        reserved += bytes;
        return true;
    }

    async Task<ArrivedRequest?> RefuseAsync(int status, CancellationToken token)
    {
        await ErrorAnswer.SendAsync(conn, settings.Raw, status, token).ConfigureAwait(false);
        return null;
    }

    public void Dispose()
    {
        budget.Return(reserved);
        reserved = 0;
    }
}

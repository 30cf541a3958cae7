using System.Buffers;
using System.Net.Security;
using System.Security.Authentication;

namespace PluginBridge.Engine.WebHook;

/// <summary>One request as it arrived: every byte, and for HTTP its head and de-chunked body.</summary>
sealed record ArrivedRequest(byte[] Raw, HttpRequestHead? Head, byte[] Body);

/// <summary>
/// Reads requests from one connection, one at a time: the TLS handshake, then bytes until the framer (HTTP) or the
/// end of a burst (raw mode) says a request is complete; bytes after it (a pipelined next request on a kept-alive
/// connection) stay for the next call. Sets the connection's deadlines (head, then the hook's timeout), enforces the
/// size limits and the hook's memory budget, and answers what it refuses. The read buffer comes from the shared
/// pool; Dispose returns it and its share of the budget.
/// </summary>
sealed class RequestReader(ClientConnection conn, ConnectionSettings settings, MemoryBudget budget) : IDisposable
{
    const int FirstBufferBytes = 4096;
    const int LargestPooledBytes = 64 * 1024; // larger buffers are rare: not kept in the pool

    byte[] buffer = [];
    int capacity; // usable part of the buffer: a rented array can be larger than asked for
    int length;   // bytes in the buffer not yet handed out
    bool handshakeDone;

    /// <summary>Bytes of the request under way (for the record when handling it fails).</summary>
    public byte[] Received => buffer.AsSpan(0, length).ToArray();

    /// <summary>The next request, or null when the connection ended without one (refused, hung up, timed
    /// out).</summary>
    public async ValueTask<ArrivedRequest?> ReadAsync()
    {
        var start = Environment.TickCount64;
        var max = settings.MaxRequestBytes;
        conn.WaitForHead();
        conn.SetDeadline(settings.HeadMilliseconds);
        if (!handshakeDone)
        {
            handshakeDone = true;
            if (settings.Certificate is { } certificate) await HandshakeAsync(certificate).ConfigureAwait(false);
            if (!Grow(Math.Min(FirstBufferBytes, max + 1), max)) return await RefuseAsync(503).ConfigureAwait(false);
        }
        var framer = settings.Raw ? null : new HttpRequestFramer(max);
        var pending = length > 0; // the start of a pipelined request: parse before reading
        while (true)
        {
            if (!pending)
            {
                if (length == capacity)
                {
                    if (length > max) return await RefuseAsync(413).ConfigureAwait(false);
                    if (!Grow((int)Math.Min(capacity * 2L, max + 1L), max))
                        return await RefuseAsync(503).ConfigureAwait(false);
                }
                var n = await conn.ReadAsync(buffer.AsMemory(length, capacity - length)).ConfigureAwait(false);
                if (n == 0)
                {
                    // Raw clients may send and hang up; an HTTP client that hangs up mid-request sent nothing usable.
                    return settings.Raw && length > 0 ? Take(length, null) : null;
                }
                length += n;
                conn.Progressed();
                settings.FaultPoint("read");
            }
            pending = false;
            if (framer is null)
            {
                if (length > max) return null;
                if (conn.Available == 0) return Take(length, null); // the burst is over
                continue;
            }
            var status = framer.Feed(buffer, length);
            if (status == FrameStatus.Reject) return await RefuseAsync(framer.RejectStatus).ConfigureAwait(false);
            if (framer.Head is not null && conn.WaitingForHeadSince != long.MaxValue)
            {
                conn.HeadArrived();
                var end = start + settings.TimeoutSeconds * 1000L; // the whole request within the hook's timeout
                if (Environment.TickCount64 >= end) return null;
                conn.SetDeadlineAt(end);
                if (status == FrameStatus.NeedMore && framer.WantsContinue)
                {
                    await conn.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray()).ConfigureAwait(false);
                    conn.SetDeadlineAt(end);
                }
            }
            if (status == FrameStatus.Complete) return Take(framer.Length, framer);
        }
    }

    /// <summary>Hands out the first <paramref name="count"/> bytes as a request; what follows moves to the
    /// front.</summary>
    ArrivedRequest Take(int count, HttpRequestFramer? framer)
    {
        var request = new ArrivedRequest(buffer[..count], framer?.Head, framer?.Body ?? []);
        Buffer.BlockCopy(buffer, count, buffer, 0, length - count);
        length -= count;
        return request;
    }

    async Task HandshakeAsync(SslStreamCertificateContext certificate)
    {
        var ssl = new SslStream(conn.Stream, leaveInnerStreamOpen: false);
        conn.Stream = ssl;
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificate,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateRequired = false,
        }).ConfigureAwait(false);
    }

    /// <summary>A larger buffer (same contents), reserved against the hook's budget; false beyond the budget.</summary>
    bool Grow(int size, int max)
    {
        if (!budget.TryHold(size - capacity, max)) return false;
        var bigger = size <= LargestPooledBytes ? ArrayPool<byte>.Shared.Rent(size)
            : GC.AllocateUninitializedArray<byte>(size);
        Buffer.BlockCopy(buffer, 0, bigger, 0, length);
        ReturnToPool(buffer);
        (buffer, capacity) = (bigger, size);
        return true;
    }

    static void ReturnToPool(byte[] array)
    {
        if (array.Length is > 0 and <= LargestPooledBytes) ArrayPool<byte>.Shared.Return(array);
    }

    async Task<ArrivedRequest?> RefuseAsync(int status)
    {
        await ErrorAnswer.SendAsync(conn, settings.Raw, status).ConfigureAwait(false);
        return null;
    }

    public void Dispose()
    {
        budget.Return(capacity);
        ReturnToPool(buffer);
        (buffer, capacity, length) = ([], 0, 0);
    }
}

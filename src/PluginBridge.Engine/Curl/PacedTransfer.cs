using System.Diagnostics;
using System.Net;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// CURLOPT_BUFFERSIZE and the speed caps CURLOPT_MAX_RECV_SPEED_LARGE / MAX_SEND_SPEED_LARGE: the body moves in
/// reads of the buffer size, and after each one the transfer waits until its average rate is back at the cap,
/// as curl paces a transfer.
/// </summary>
static class PacedTransfer
{
    /// <summary>curl's limits for CURLOPT_BUFFERSIZE (values outside are clamped, as curl does).</summary>
    public const int MinBuffer = 1024, MaxBuffer = 10 * 1024 * 1024, DefaultBuffer = 16 * 1024;

    public static bool Needed(CurlOptions o) => o.BufferSize != DefaultBuffer || o.MaxRecvSpeed > 0;

    /// <summary>Copies the response body in BufferSize reads, paced to MaxRecvSpeed; an abort or the deadline
    /// closes the stream, which ends a blocked read.</summary>
    public static void Receive(Stream body, Stream sink, CurlOptions o, CancellationToken cancel)
    {
        using var closeOnCancel = cancel.Register(static s => ((Stream)s!).Dispose(), body);
        var buffer = new byte[o.BufferSize];
        var clock = Stopwatch.StartNew();
        long total = 0;
        int n;
        while ((n = body.Read(buffer)) > 0)
        {
            sink.Write(buffer, 0, n);
            total += n;
            Pace(total, o.MaxRecvSpeed, clock, cancel);
        }
        cancel.ThrowIfCancellationRequested();
    }

    /// <summary>Waits until sending or receiving total bytes at speed bytes/s is due.</summary>
    public static void Pace(long total, long speed, Stopwatch clock, CancellationToken cancel)
    {
        if (speed <= 0) return;
        var due = TimeSpan.FromSeconds((double)total / speed) - clock.Elapsed;
        if (due > TimeSpan.Zero && cancel.WaitHandle.WaitOne(due)) cancel.ThrowIfCancellationRequested();
    }
}

/// <summary>An upload body sent in BufferSize pieces at no more than MaxSendSpeed bytes per second.</summary>
sealed class PacedContent(byte[] data, CurlOptions options) : HttpContent
{
    protected override bool TryComputeLength(out long length)
    {
        length = data.Length;
        return true;
    }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        for (var sent = 0; sent < data.Length;)
        {
            var n = Math.Min(options.BufferSize, data.Length - sent);
            stream.Write(data, sent, n);
            stream.Flush();
            sent += n;
            PacedTransfer.Pace(sent, options.MaxSendSpeed, clock, cancel);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context,
        CancellationToken cancel) => Task.Run(() => SerializeToStream(stream, context, cancel), cancel);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);
}

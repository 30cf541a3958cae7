using System.Net;
using System.Text;
using PluginBridge.Engine.WebHook;

namespace PluginBridge.Fuzz;

/// <summary>
/// The WebHook request framer, fed as RequestReader feeds it: the whole buffer again after each read. The first input
/// byte picks the size of the reads and a small or the default maximum request size; the rest is what the client
/// sent. Checked: the framer decides the same whether the bytes arrive at once or piece by piece, a complete request
/// lies inside what arrived and carries a head, a refusal has an HTTP status; a complete request then goes through
/// what the WebRequest functions read from it (URL components, headers, keep-alive).
/// </summary>
static class FramerTarget
{
    static readonly int[] refusals = [400, 413, 414, 431, 501, 505];

    public static void Run(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0) return;
        var step = 1 + (data[0] & 0x3F);
        var max = (data[0] & 0x40) != 0 ? 256 : WebHookLimits.DefaultMaxRequestBytes;
        var bytes = data[1..].ToArray();

        var whole = new HttpRequestFramer(max);
        var once = whole.Feed(bytes, bytes.Length);
        var pieces = new HttpRequestFramer(max);
        var status = FrameStatus.NeedMore;
        for (var len = Math.Min(step, bytes.Length); ; len = Math.Min(len + step, bytes.Length))
        {
            status = pieces.Feed(bytes, len);
            if (status != FrameStatus.NeedMore || len == bytes.Length) break;
        }
        if (status != once) throw new FuzzFinding($"{once} at once but {status} in reads of {step}");
        switch (once)
        {
            case FrameStatus.Reject:
                // Too large (413) is found at the read that passes the maximum: what is malformed further on may
                // be seen first when everything arrives at once. Any other refusal must not depend on the reads.
                if (whole.RejectStatus != pieces.RejectStatus && pieces.RejectStatus != 413)
                    throw new FuzzFinding($"refused {whole.RejectStatus} at once, {pieces.RejectStatus} in pieces");
                if (Array.IndexOf(refusals, whole.RejectStatus) < 0)
                    throw new FuzzFinding($"refused with {whole.RejectStatus}");
                break;
            case FrameStatus.Complete:
                if (whole.Length != pieces.Length || !whole.Body.AsSpan().SequenceEqual(pieces.Body))
                    throw new FuzzFinding("a different request at once than in pieces");
                if (whole.Length <= 0 || whole.Length > bytes.Length)
                    throw new FuzzFinding($"length {whole.Length} of {bytes.Length}");
                if (whole.Body.Length > whole.Length) throw new FuzzFinding("a body longer than the request");
                Read(whole.Head ?? throw new FuzzFinding("complete without a head"), bytes[..whole.Length], whole.Body);
                break;
        }
    }

    // What the WebRequest functions compute from an arrived request.
    static void Read(HttpRequestHead head, byte[] raw, byte[] body)
    {
        var local = new IPEndPoint(IPAddress.Loopback, 8080);
        using var request = new ReceivedRequest(30000, 0, false, raw, head, body, local, local, null, raw.Length, null);
        _ = UrlComponents.Json(request, Encoding.UTF8);
        _ = UrlComponents.Json(request, Encoding.Latin1);
        _ = head.WantsKeepAlive;
    }
}

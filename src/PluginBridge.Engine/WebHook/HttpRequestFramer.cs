using System.Globalization;
using System.Text;

namespace PluginBridge.Engine.WebHook;

enum FrameStatus { NeedMore, Complete, Reject }

/// <summary>
/// Finds where one HTTP/1.x request ends in the bytes received so far, enforcing every size limit on the way.
/// Fed the whole buffer again after each read; it resumes where it stopped, so the work stays linear.
/// Rejects early: garbage fails on its first byte, an oversized head as soon as it passes the limit.
/// </summary>
sealed class HttpRequestFramer(int maxRequestBytes)
{
    enum Phase { RequestLine, Headers, FixedBody, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Done }

    Phase phase = Phase.RequestLine;
    int pos;            // everything before pos has been parsed
    int headStart;      // where the request line starts (after ignored leading blank lines)
    int lineStart;      // start of the header block or trailer block being read
    long remaining;     // bytes left in the fixed body or the current chunk
    string method = "", target = "", version = "";
    readonly List<KeyValuePair<string, string>> headers = [];
    MemoryStream? body; // made at the first body byte: most requests have none

    public HttpRequestHead? Head { get; private set; }
    /// <summary>The client sent "Expect: 100-continue" and a body follows.</summary>
    public bool WantsContinue { get; private set; }
    public int Length { get; private set; }
    public int RejectStatus { get; private set; }
    public string RejectReason { get; private set; } = "";
    public byte[] Body => body?.ToArray() ?? [];

    public FrameStatus Feed(byte[] buf, int len)
    {
        while (true)
        {
            var step = phase switch
            {
                Phase.RequestLine => RequestLine(buf, len),
                Phase.Headers => HeaderLine(buf, len),
                Phase.FixedBody => BodyBytes(buf, len, Phase.Done),
                Phase.ChunkSize => ChunkSize(buf, len),
                Phase.ChunkData => BodyBytes(buf, len, Phase.ChunkDataEnd),
                Phase.ChunkDataEnd => ChunkDataEnd(buf, len),
                Phase.Trailers => Trailer(buf, len),
                _ => FrameStatus.Complete,
            };
            if (step == FrameStatus.Reject) return step;
            if (phase == Phase.Done)
            {
                // A request that arrived whole in one read is held to the maximum as one arriving piece by piece is.
                if (pos > maxRequestBytes) return Reject(413, "request larger than the maximum request size");
                Length = pos;
                return FrameStatus.Complete;
            }
            if (step == FrameStatus.NeedMore)
                return len > maxRequestBytes ? Reject(413, "request larger than the maximum request size")
                    : FrameStatus.NeedMore;
        }
    }

    // Returns Complete to mean "made progress, go on" inside Feed's loop.
    const FrameStatus Progress = FrameStatus.Complete;

    FrameStatus RequestLine(byte[] buf, int len)
    {
        // RFC 9112 2.2: ignore blank lines before the request line (bounded like the line itself).
        while (pos < len && (buf[pos] == '\r' || buf[pos] == '\n') && pos < 8) pos++;
        headStart = pos;
        var nl = IndexOf(buf, pos, len, (byte)'\n');
        var end = nl < 0 ? len : nl;
        // Check what has arrived so far, so garbage is refused without waiting for a newline.
        var spaces = 0;
        for (var i = pos; i < end; i++)
        {
            var b = buf[i];
            if (b == ' ') { if (++spaces > 2) return Reject(400, "malformed request line"); continue; }
            if (b == '\r' && i == end - 1) break;
            if (spaces == 0 ? !IsTokenChar(b) : b < 0x21 || b == 0x7F) return Reject(400, "malformed request line");
        }
        if (nl < 0)
            return len - pos > WebHookLimits.MaxRequestLineBytes ? Reject(414, "request line too long")
                : FrameStatus.NeedMore;
        if (nl - pos > WebHookLimits.MaxRequestLineBytes) return Reject(414, "request line too long");
        var line = Encoding.UTF8.GetString(buf, pos, LineLength(buf, pos, nl));
        var parts = line.Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0)
            return Reject(400, "malformed request line");
        if (!(parts[2] is "HTTP/1.1" or "HTTP/1.0"))
            return parts[2].StartsWith("HTTP/", StringComparison.Ordinal) ? Reject(505, "HTTP version not supported")
                : Reject(400, "malformed request line");
        (method, target, version) = (parts[0], parts[1], parts[2]);
        pos = nl + 1;
        lineStart = pos;
        phase = Phase.Headers;
        return Progress;
    }

    FrameStatus HeaderLine(byte[] buf, int len)
    {
        if (pos < len && buf[pos] is (byte)' ' or (byte)'\t') return Reject(400, "folded header lines are not allowed");
        var nl = IndexOf(buf, pos, len, (byte)'\n');
        if ((nl < 0 ? len : nl) - lineStart > WebHookLimits.MaxHeaderBytes)
            return Reject(431, "header block too large");
        if (nl < 0) return FrameStatus.NeedMore;
        var length = LineLength(buf, pos, nl);
        if (length == 0) { pos = nl + 1; return EndOfHead(); }
        if (headers.Count >= WebHookLimits.MaxHeaderCount) return Reject(431, "too many headers");
        var colon = IndexOf(buf, pos, pos + length, (byte)':');
        if (colon <= pos) return Reject(400, "malformed header line");
        for (var i = pos; i < colon; i++) if (!IsTokenChar(buf[i])) return Reject(400, "malformed header name");
        for (var i = colon + 1; i < pos + length; i++)
            if (buf[i] == 0 || buf[i] == '\r') return Reject(400, "control character in a header value");
        var name = Encoding.ASCII.GetString(buf, pos, colon - pos);
        var value = Encoding.UTF8.GetString(buf, colon + 1, pos + length - colon - 1).Trim(' ', '\t');
        headers.Add(new(name, value));
        pos = nl + 1;
        return Progress;
    }

    FrameStatus EndOfHead()
    {
        Head = new HttpRequestHead { Method = method, Target = target, Version = version, Headers = headers.ToArray() };
        // One pass over the headers (every request comes here): the framing headers, and whether the lengths differ.
        List<string>? te = null;
        string? cl = null;
        var differentLengths = false;
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) (te ??= []).Add(value);
            else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                var length = value.Trim();
                if (cl is null) cl = length;
                else differentLengths |= length != cl;
            }
        }
        var expectsBody = false;
        if (te is not null)
        {
            // Both framings at once is how request smuggling starts (RFC 9112 6.1): refuse.
            if (cl is not null) return Reject(400, "both Transfer-Encoding and Content-Length");
            var last = string.Join(",", te).Split(',').Select(s => s.Trim()).Last();
            if (!last.Equals("chunked", StringComparison.OrdinalIgnoreCase))
                return Reject(501, "unsupported transfer coding");
            phase = Phase.ChunkSize;
            expectsBody = true;
        }
        else if (cl is not null)
        {
            if (differentLengths || !long.TryParse(cl, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                return Reject(400, "invalid Content-Length");
            if (n > maxRequestBytes - pos) return Reject(413, "request larger than the maximum request size");
            remaining = n;
            phase = n == 0 ? Phase.Done : Phase.FixedBody;
            expectsBody = n > 0;
        }
        else phase = Phase.Done;
        WantsContinue = expectsBody
            && string.Equals(Head.Header("Expect")?.Trim(), "100-continue", StringComparison.OrdinalIgnoreCase);
        return Progress;
    }

    // The remaining bytes of a Content-Length body or of one chunk; then on to the next phase.
    FrameStatus BodyBytes(byte[] buf, int len, Phase next)
    {
        var take = (int)Math.Min(remaining, len - pos);
        (body ??= new MemoryStream()).Write(buf, pos, take);
        pos += take;
        remaining -= take;
        if (remaining > 0) return FrameStatus.NeedMore;
        phase = next;
        return Progress;
    }

    FrameStatus ChunkSize(byte[] buf, int len)
    {
        var nl = IndexOf(buf, pos, len, (byte)'\n');
        if ((nl < 0 ? len : nl) - pos > WebHookLimits.MaxChunkLineBytes) return Reject(400, "chunk size line too long");
        if (nl < 0) return FrameStatus.NeedMore;
        var line = Encoding.ASCII.GetString(buf, pos, LineLength(buf, pos, nl));
        var semi = line.IndexOf(';');
        var hex = (semi < 0 ? line : line[..semi]).Trim();
        if (hex.Length is 0 or > 15
            || !long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
            return Reject(400, "invalid chunk size");
        if (size > maxRequestBytes - pos) return Reject(413, "request larger than the maximum request size");
        pos = nl + 1;
        if (size == 0) { lineStart = pos; phase = Phase.Trailers; }
        else { remaining = size; phase = Phase.ChunkData; }
        return Progress;
    }

    FrameStatus ChunkDataEnd(byte[] buf, int len)
    {
        if (len - pos < 1 || (buf[pos] == '\r' && len - pos < 2)) return FrameStatus.NeedMore;
        if (buf[pos] == '\n') pos += 1;
        else if (buf[pos] == '\r' && buf[pos + 1] == '\n') pos += 2;
        else return Reject(400, "chunk data not followed by CRLF");
        phase = Phase.ChunkSize;
        return Progress;
    }

    FrameStatus Trailer(byte[] buf, int len)
    {
        var nl = IndexOf(buf, pos, len, (byte)'\n');
        if ((nl < 0 ? len : nl) - lineStart > WebHookLimits.MaxHeaderBytes)
            return Reject(431, "trailer block too large");
        if (nl < 0) return FrameStatus.NeedMore;
        var empty = LineLength(buf, pos, nl) == 0;
        pos = nl + 1;
        if (empty) phase = Phase.Done;
        return Progress;
    }

    FrameStatus Reject(int status, string reason)
    {
        RejectStatus = status;
        RejectReason = reason;
        return FrameStatus.Reject;
    }

    static int IndexOf(byte[] buf, int from, int to, byte b) => from >= to ? -1
        : Array.IndexOf(buf, b, from, to - from);

    // Line content between start and the '\n' at nl, without a trailing '\r'.
    static int LineLength(byte[] buf, int start, int nl) => nl > start && buf[nl - 1] == '\r' ? nl - 1 - start : nl
        - start;

    // RFC 9110 5.6.2 tchar.
    static bool IsTokenChar(byte b) =>
        b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
        || "!#$%&'*+-.^_`|~"u8.IndexOf(b) >= 0;
}

using System.Globalization;
using System.Text;

namespace PluginBridge.Engine.WebHook;

/// <summary>
/// The auto-answer's bytes, as the script set them, and whether they allow HTTP/1.1 keep-alive: only an answer that
/// says "Connection: keep-alive" itself and is framed by an exact Content-Length (MBS's default says
/// "Connection: close", so by default every connection carries one request, as with MBS). For clients that do not
/// keep the connection, and for the last request on one, the same answer is sent with "Connection: close".
/// </summary>
sealed class AutoAnswer
{
    AutoAnswer(byte[] bytes, byte[] closing) => (Bytes, Closing) = (bytes, closing);

    public byte[] Bytes { get; }

    /// <summary>The answer for a connection that closes after it (the same bytes unless it allows
    /// keep-alive).</summary>
    public byte[] Closing { get; }

    public bool AllowsKeepAlive => !ReferenceEquals(Bytes, Closing);

    public static AutoAnswer From(byte[] bytes)
    {
        var text = Encoding.Latin1.GetString(bytes); // one char per byte: indexes stay byte offsets
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0 || !text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal)) return new(bytes, bytes);
        int? connectionValue = null;
        long? contentLength = null;
        var lineStart = text.IndexOf("\r\n", StringComparison.Ordinal) + 2;
        while (lineStart < end)
        {
            var lineEnd = text.IndexOf("\r\n", lineStart, StringComparison.Ordinal);
            var colon = text.IndexOf(':', lineStart, lineEnd - lineStart);
            if (colon < 0) return new(bytes, bytes);
            var name = text[lineStart..colon].Trim();
            var value = text[(colon + 1)..lineEnd].Trim();
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) return new(bytes, bytes);
            if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                if (connectionValue is not null || !value.Equals("keep-alive", StringComparison.OrdinalIgnoreCase))
                    return new(bytes, bytes);
                connectionValue = text.IndexOf(value, colon + 1, StringComparison.Ordinal);
            }
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (contentLength is not null || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture,
                    out var n)) return new(bytes, bytes);
                contentLength = n;
            }
            lineStart = lineEnd + 2;
        }
        if (connectionValue is not { } at || contentLength != bytes.Length - (end + 4)) return new(bytes, bytes);
        var closing =
            Encoding.Latin1.GetBytes(string.Concat(text.AsSpan(0, at), "close", text.AsSpan(at + "keep-alive".Length)));
        return new(bytes, closing);
    }
}

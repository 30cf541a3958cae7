using System.Text;
using MailKit;

namespace PluginBridge.Engine.Curl.Mail;

/// <summary>
/// MailKit's protocol transcript into the CURL debug log: every command and reply line, SASL payloads masked
/// with MailKit's secret detector (unless the script turned redaction off), message data after DATA summarised
/// rather than copied (curl -v does not show it either). Reply lines also go to the header text, as libcurl hands
/// pingpong-protocol replies to its header callback. Remembers the last reply for GetResponseCode and errors.
/// </summary>
sealed class CurlProtocolLogger(DebugLog log, StringBuilder headers) : IProtocolLogger
{
    DebugLog log = log;
    StringBuilder headers = headers;

    readonly StringBuilder pendingServer = new();
    bool dataCommandSent, inData;
    long dataBytes;
    byte[] tail = [];

    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    public void Dispose() { }

    /// <summary>The last complete reply line, e.g. "535 5.7.8 Error: authentication failed: (reason
    /// unavailable)".</summary>
    public string LastReply { get; private set; } = "";

    public int LastReplyCode { get; private set; }

    readonly List<string> replies = [];

    /// <summary>Reply lines since the transfer began (a kept connection that died answers none).</summary>
    public int RepliesReceived => replies.Count;

    /// <summary>A later transfer on a kept connection: its own transcript, header text and replies.</summary>
    public void Attach(DebugLog transcript, StringBuilder headerText)
    {
        log = transcript;
        headers = headerText;
        replies.Clear();
        LastReply = "";
        LastReplyCode = 0;
    }

    /// <summary>The last reply line with this code: MailKit may send RSET after a refusal, so the last line is not
    /// always the one that matters.</summary>
    public string LastReplyWith(int code) =>
        replies.LastOrDefault(r => r.StartsWith(code.ToString(System.Globalization.CultureInfo.InvariantCulture),
            StringComparison.Ordinal)) ?? LastReply;

    public void LogConnect(Uri uri) { /* the connector already logged "Connected to …" */ }

    public void LogClient(byte[] buffer, int offset, int count)
    {
        if (inData) { TrackData(buffer, offset, count); return; }
        var bytes = buffer.AsSpan(offset, count).ToArray();
        if (log.Redactor.Enabled && AuthenticationSecretDetector is { } detector)
        {
            // Replace secret ranges from the end so earlier offsets stay valid.
            foreach (var s in detector.DetectSecrets(buffer, offset, count).OrderByDescending(s => s.StartIndex))
            {
                var start = s.StartIndex - offset;
                if (start < 0 || start + s.Length > bytes.Length) continue;
                bytes = [.. bytes[..start], .. Encoding.ASCII.GetBytes(SecretRedactor.Mask),
                    .. bytes[(start + s.Length)..]];
            }
        }
        var text = Encoding.UTF8.GetString(bytes);
        if (text == "\r\n") log.Sent(""); // the empty SASL response after an XOAUTH2 error challenge
        foreach (var line in text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)) log.Sent(line);
        if (text.StartsWith("DATA\r\n", StringComparison.OrdinalIgnoreCase)) dataCommandSent = true;
    }

    int skipServer;

    /// <summary>The next bytes from the server were logged already (a greeting replayed to a second
    /// client).</summary>
    public void SkipServerBytes(int count) => skipServer = count;

    public void LogServer(byte[] buffer, int offset, int count)
    {
        var skip = Math.Min(skipServer, count);
        skipServer -= skip;
        offset += skip;
        count -= skip;
        if (count == 0) return;
        pendingServer.Append(Encoding.UTF8.GetString(buffer, offset, count));
        var text = pendingServer.ToString();
        var end = text.LastIndexOf('\n');
        if (end < 0) return;
        pendingServer.Clear().Append(text[(end + 1)..]);
        foreach (var raw in text[..(end + 1)].Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            log.Received(line);
            headers.Append(line).Append("\r\n");
            LastReply = line;
            replies.Add(line);
            if (line.Length >= 3 && int.TryParse(line.AsSpan(0, 3), out var code)) LastReplyCode = code;
            if (dataCommandSent && LastReplyCode
                == 354) { dataCommandSent = false; inData = true; dataBytes = 0; tail = []; }
        }
    }

    // The message ends with CRLF.CRLF; count it instead of logging it.
    void TrackData(byte[] buffer, int offset, int count)
    {
        dataBytes += count;
        tail = [.. tail, .. buffer.AsSpan(offset, count)[Math.Max(0, count - 5)..]];
        if (tail.Length > 5) tail = tail[^5..];
        if (tail.AsSpan().SequenceEqual("\r\n.\r\n"u8))
        {
            inData = false;
            log.Info($"[message data: {dataBytes - 5} bytes]");
            log.Sent(".");
        }
    }
}

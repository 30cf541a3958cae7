using System.Text;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// The verbose transcript behind CURL.GetDebugMessages, in MBS's form: curl's informational lines and the
/// protocol lines sent and received, one per line, without curl's command-line "* &lt; &gt;" prefixes (see the
/// article's "Successful request" transcript). Every line passes the redactor. Thread-safe: a transfer may log
/// from TLS callbacks on another thread. With CURL.SetDebugWithTime each line starts with the local time as curl's
/// --trace-time writes it ("HH:MM:SS.uuuuuu "). The first line received after the request went out is curl's
/// start-transfer moment (CURLINFO_STARTTRANSFER_TIME), for every protocol.
/// </summary>
sealed class DebugLog(SecretRedactor redactor, bool verbose, bool withTime = false, TransferTimes? times = null)
{
    readonly StringBuilder sb = new();

    public SecretRedactor Redactor => redactor;

    /// <summary>curl's "* " lines: connecting, TLS, certificate, redirects.</summary>
    public void Info(string line) => Append(line);

    /// <summary>A protocol line or header block we sent.</summary>
    public void Sent(string text) => Append(text);

    /// <summary>A protocol line or header block we received.</summary>
    public void Received(string text)
    {
        times?.FirstByte();
        Append(text);
    }

    void Append(string text)
    {
        if (!verbose) return;
        text = Stamp(redactor.Redact(text.ReplaceLineEndings("\n").TrimEnd('\n')));
        lock (sb) sb.Append(text).Append('\n');
    }

    /// <summary>A position in the transcript, for a line that is only known later (the TLS version MailKit
    /// negotiated).</summary>
    public int Mark() { lock (sb) return sb.Length; }

    public void InsertAt(int mark, string line)
    {
        if (!verbose) return;
        line = Stamp(redactor.Redact(line)) + "\n";
        lock (sb) sb.Insert(Math.Min(mark, sb.Length), line);
    }

    string Stamp(string text)
    {
        if (!withTime) return text;
        var time = DateTime.Now.ToString("HH:mm:ss.ffffff ", System.Globalization.CultureInfo.InvariantCulture);
        return time + text.Replace("\n", "\n" + time, StringComparison.Ordinal);
    }

    public override string ToString() { lock (sb) return sb.ToString(); }
}

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
/// Entries are kept as logged and turned into text (line endings, redaction, time stamps) only when the text is
/// read: most scripts never read it, and formatting every request cost more than the request itself.
sealed class DebugLog(SecretRedactor redactor, bool verbose, bool withTime = false, TransferTimes? times = null)
{
    readonly List<(object Text, DateTime Time, bool Raw)> entries = [];

    public SecretRedactor Redactor => redactor;

    /// <summary>curl's "* " lines: connecting, TLS, certificate, redirects.</summary>
    public void Info(string line) => Append(line);

    /// <summary>A protocol line or header block we sent.</summary>
    public void Sent(string text) => Append(text);

    /// <summary>A header block we sent, written out only if the transcript is read.</summary>
    public void Sent(Func<string> text) => Append(text);

    /// <summary>A protocol line or header block we received.</summary>
    public void Received(string text)
    {
        times?.FirstByte();
        Append(text);
    }

    /// <summary>The transfer ended: lines a kept connection logs later (its QUIT when closed) are not its.</summary>
    public void Close() { lock (entries) closed = true; }

    bool closed;

    void Append(object text)
    {
        if (!verbose) return;
        var time = withTime ? DateTime.Now : default;
        lock (entries) if (!closed) entries.Add((text, time, false));
    }

    /// <summary>A position in the transcript, for a line that is only known later (the TLS version MailKit
    /// negotiated).</summary>
    public int Mark() { lock (entries) return entries.Count; }

    /// <summary>A line at a position <see cref="Mark"/> gave; its line endings are kept as they are.</summary>
    public void InsertAt(int mark, string line)
    {
        if (!verbose) return;
        var time = withTime ? DateTime.Now : default;
        lock (entries) if (!closed) entries.Insert(Math.Min(mark, entries.Count), (line, time, true));
    }

    static string Stamp(string text, DateTime when)
    {
        var time = when.ToString("HH:mm:ss.ffffff ", System.Globalization.CultureInfo.InvariantCulture);
        return time + text.Replace("\n", "\n" + time, StringComparison.Ordinal);
    }

    string Format((object Text, DateTime Time, bool Raw) e)
    {
        var text = e.Text as string ?? ((Func<string>)e.Text)();
        if (!e.Raw) text = text.ReplaceLineEndings("\n").TrimEnd('\n');
        text = redactor.Redact(text);
        return withTime ? Stamp(text, e.Time) : text;
    }

    public override string ToString()
    {
        (object, DateTime, bool)[] copy;
        lock (entries) copy = [.. entries];
        var sb = new StringBuilder();
        foreach (var e in copy) sb.Append(Format(e)).Append('\n');
        return sb.ToString();
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PluginBridge.Engine.Curl;

namespace PluginBridge.Engine.Tracing;

/// <summary>
/// MBS's Trace: one line per plug-in call, <c>MBS("Name"; "text"; 12) = result</c>, to the file given to Trace
/// (UTF-8 with BOM, LF line endings, as MBS writes on Linux and macOS) or to standard error (MBS on Linux; in
/// FileMaker Server that is its log folder). Line breaks inside values are written as ¶ so a call stays one line;
/// values longer than 4,000 characters are cut (MBS cuts long SQL so). With times, each line starts with the local
/// time and ends with the call's duration. Secrets are hidden: the parameters of functions that take a password,
/// token, secret or licence (and the results of those that return one), and in every value bearer headers, OAuth
/// form fields and JSON members (the CURL debug log's rules).
/// </summary>
static partial class Tracer
{
    const int MaxValueLength = 4000;
    static readonly object gate = new();
    static readonly SecretRedactor redactor = new(true, new CurlOptions());
    static volatile bool on; // enabled and not paused: read on every call, so one volatile field
    static TextWriter? writer;
    static bool enabled, withTimes, errorsOnly;
    static int pauses;
    static string path = "";

    /// <summary>True while calls are being traced; callers check this before timing or recording.</summary>
    public static bool On => on;

    public static bool Enabled { get { lock (gate) return enabled; } }
    public static bool Paused { get { lock (gate) return pauses > 0; } }
    public static string Path { get { lock (gate) return path; } }

    public static bool WithTimes
    {
        get { lock (gate) return withTimes; }
        set { lock (gate) withTimes = value; }
    }

    public static bool ErrorsOnly
    {
        get { lock (gate) return errorsOnly; }
        set { lock (gate) errorsOnly = value; }
    }

    /// <summary>Starts tracing to <paramref name="file"/> (empty: standard error), replacing any earlier
    /// target.</summary>
    public static void Start(string file, bool append)
    {
        TextWriter target;
        if (file.Length == 0) target = Console.Error;
        else
        {
            try
            {
                var stream = new FileStream(file, append ? FileMode.Append : FileMode.Create, FileAccess.Write,
                    FileShare.ReadWrite | FileShare.Delete);
                // The BOM goes out only at the start of the file, so appending to a trace adds none.
                target = new StreamWriter(stream, new UTF8Encoding(true)) { AutoFlush = true, NewLine = "\n" };
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException
                or NotSupportedException)
            {
                throw new MbsException($"Failed to open the trace file {file}: {e.Message} Pass a native path to "
                    + "a file in a folder you may write to.");
            }
        }
        lock (gate)
        {
            CloseWriter();
            writer = target;
            path = file;
            enabled = true;
            Update();
        }
    }

    public static void Stop()
    {
        lock (gate)
        {
            CloseWriter();
            enabled = false;
            path = "";
            Update();
        }
    }

    public static void Pause()
    {
        lock (gate) { pauses++; Update(); }
    }

    public static void Resume()
    {
        lock (gate) { if (pauses > 0) pauses--; Update(); }
    }

    /// <summary>Trace.WriteLine: the texts joined, as one line, when tracing.</summary>
    public static void WriteLine(IEnumerable<Value> values)
    {
        if (!on) return;
        var line = string.Concat(values.Select(v => OneLine(redactor.Redact(v.AsText()))));
        lock (gate) Write(line, 0);
    }

    /// <summary>Records one call (Plugin.Call does, while <see cref="On"/>).</summary>
    /// <param name="started">Stopwatch timestamp at the call's start.</param>
    public static void Record(string name, IReadOnlyList<Value> values, Value result, long started)
    {
        if (!on || errorsOnly && !result.IsError) return;
        var elapsed = Stopwatch.GetElapsedTime(started);
        var secret = SecretFunction().IsMatch(name);
        var sb = new StringBuilder("MBS(\"").Append(name).Append('"');
        for (int i = 0; i < values.Count; i++)
        {
            sb.Append("; ");
            if (secret && (i > 0 || values.Count == 1)) sb.Append(SecretRedactor.Mask);
            else Append(sb, values[i]);
        }
        sb.Append(") = ");
        if (secret && SecretGetter().IsMatch(name) && !result.IsError) sb.Append(SecretRedactor.Mask);
        else sb.Append(Render(result.AsText()));
        lock (gate) Write(sb.ToString(), elapsed.TotalMilliseconds);
    }

    static void Append(StringBuilder sb, Value v)
    {
        if (v.Type == Core.ValueType.Number) sb.Append(Render(v.Text));
        else if (v.Type == Core.ValueType.Container)
            sb.Append("<container ").Append(Quote(v.FileName ?? "")).Append(", ")
                .Append((v.Bytes?.Length ?? 0).ToString(CultureInfo.InvariantCulture)).Append(" bytes>");
        else sb.Append(Quote(v.Text));
    }

    static string Quote(string s) => "\"" + Render(s).Replace("\"", "\\\"") + "\"";

    static string Render(string s) =>
        OneLine(redactor.Redact(s.Length > MaxValueLength ? s[..MaxValueLength] + "…" : s));

    static string OneLine(string s) => s.ReplaceLineEndings("¶");

    // Under the lock.
    static void Write(string line, double milliseconds)
    {
        if (writer is null || pauses > 0 || !enabled) return;
        if (withTimes)
            line = DateTime.Now.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + " " + line
                + " (" + milliseconds.ToString("0.000", CultureInfo.InvariantCulture) + " ms)";
        try { writer.WriteLine(line); }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { /* the disk is full or gone */ }
    }

    static void Update() => on = enabled && pauses == 0 && writer is not null;

    static void CloseWriter()
    {
        if (writer is not null && !ReferenceEquals(writer, Console.Error))
            try { writer.Dispose(); } catch (IOException) { /* closing a file that cannot be flushed */ }
        writer = null;
    }

    // Functions whose parameters carry a secret: passwords, tokens, client secrets, licence keys.
    [GeneratedRegex(@"(?i)(password|passphrase|secret|bearer|token|apikey|credential|^register$)")]
    private static partial Regex SecretFunction();

    [GeneratedRegex(@"(?i)\.get")]
    private static partial Regex SecretGetter();
}

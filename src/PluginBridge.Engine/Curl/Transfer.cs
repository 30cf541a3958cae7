using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace PluginBridge.Engine.Curl;

/// <summary>What one Perform produced: the buffers MBS clears before each perform, and curl's error code.</summary>
sealed class TransferOutcome
{
    public byte[] Body = [];
    /// <summary>CURL.GetHeaders' text, made from the transfer's header blocks the first time it is read.</summary>
    public string Headers
    {
        get
        {
            if (headers is null && headerBlocks is { } b) headers = b.ToString(0, Math.Min(headerLength, b.Length));
            return headers ?? "";
        }
        set { headers = value; headerBlocks = null; }
    }
    string? headers;
    StringBuilder? headerBlocks;
    int headerLength;
    /// <summary>CURL.GetDebugMessages' text, formatted from the transfer's log the first time it is read.</summary>
    public string Debug
    {
        get
        {
            if (debug is null && log is { } l) debug = l.ToString();
            return debug ?? "";
        }
        set { debug = value; log = null; }
    }
    string? debug;
    DebugLog? log;

    /// <summary>The transcript of the finished transfer; its text is built only when read.</summary>
    public void SetLog(DebugLog transcript) { log = transcript; debug = null; }

    /// <summary>The header blocks of the finished transfer; their text is made only when read. What a kept
    /// connection adds later (a QUIT's reply when it is closed) is not part of this transfer's.</summary>
    public void SetHeaders(StringBuilder blocks) { headerBlocks = blocks; headerLength = blocks.Length; headers =
        null; }
    public long ResponseCode;
    public int ErrorCode;
    public string ErrorMessage = "";
    /// <summary>CURLINFO_EFFECTIVE_URL, REDIRECT_URL (a redirect not followed) and CONTENT_TYPE.</summary>
    public string EffectiveUrl = "", RedirectUrl = "", ContentType = "";
    public TransferProgress Progress = new();
    /// <summary>FTP wildcard downloads: CURL.FileInfos' JSON and CURL.GetBatchFileNames' names.</summary>
    public string FileInfos = "";
    public List<string> BatchFileNames = [];
    /// <summary>curl's phase timings (CURLINFO_*_TIME); null before the first transfer.</summary>
    public TransferTimes? Times;
    /// <summary>CURLINFO_EFFECTIVE_METHOD: the method of the last request sent ("" when none went out).</summary>
    public string EffectiveMethod = "";
    /// <summary>CURLINFO_HTTP_VERSION of the last response (<see cref="HttpVersions.InfoOf"/>).</summary>
    public int HttpVersion;
    /// <summary>CURLINFO_FILETIME: the remote file's time (HTTP Last-Modified) when CURL.SetOptionFileTime asked for
    /// it, else null.</summary>
    public DateTimeOffset? FileTime;
    /// <summary>The server's certificates as it sent them (leaf first), DER; kept when CURL.SetOptionCertInfo asked
    /// for them.</summary>
    public IReadOnlyList<byte[]> PeerCertificates = [];

    /// <summary>An outcome for a failure outside the transfer's own reporting (a bug of ours): curl's 2.</summary>
    public static TransferOutcome Failed(Exception e) => new()
    {
        ErrorCode = (int)CurlCode.FailedInit,
        ErrorMessage = $"Internal error: {e.GetType().Name}: {e.Message}",
        Debug = $"Internal error: {e.GetType().Name}: {e.Message}\n",
    };
}

/// <summary>
/// One transfer: the options copy, the debug log, TLS policy, the output buffers and the overall deadline.
/// Run dispatches on the URL scheme and turns every failure into curl's "code: message".
/// </summary>
sealed class Transfer
{
    public CurlOptions Options { get; }
    public DebugLog Log { get; }
    public TlsPolicy Tls { get; }
    public MemoryStream Body { get; } = new();
    public StringBuilder Headers { get; } = new();
    public long ResponseCode { get; set; }
    public CancellationToken Cancel { get; private set; }
    public CurlUrl Url { get; private set; } = null!;
    /// <summary>The handle's kept connection, taken and given back by the protocol code.</summary>
    public ConnectionCache Connections { get; }
    public TransferProgress Progress { get; }
    public string EffectiveUrl { get; set; } = "";
    public string RedirectUrl { get; set; } = "";
    public string ContentType { get; set; } = "";
    /// <summary>FTP wildcard downloads: the matched entries (JSON) and the files fetched.</summary>
    public string FileInfos { get; set; } = "";
    public List<string> BatchFileNames { get; } = [];
    /// <summary>A blocking Perform on the caller's thread: connect and send with blocking sockets.</summary>
    public bool Blocking { get; private set; }
    public TransferTimes Times { get; } = new();
    public string EffectiveMethod { get; set; } = "";
    public DateTimeOffset? FileTime { get; set; }
    /// <summary>The HTTP version of the last response, null before one came.</summary>
    public Version? ResponseVersion { get; set; }

    readonly Stopwatch clock = Stopwatch.StartNew();

    Transfer(CurlOptions options, ConnectionCache connections, TransferProgress progress)
    {
        Options = options;
        Connections = connections;
        Progress = progress;
        Log = new DebugLog(new SecretRedactor(options.RedactSecrets, options), options.Verbose, options.DebugWithTime,
            Times);
        Tls = new TlsPolicy(options, Log);
    }

    /// <summary>Blocking form for CURL.Perform. A native caller's thread has no synchronization context, so the
    /// transfer runs right on it (no hand-off to the pool and back); with a context it runs on the pool, so that
    /// context can never deadlock it.</summary>
    public static TransferOutcome Run(CurlOptions options, ConnectionCache connections,
        TransferProgress? progress = null) =>
        SynchronizationContext.Current is null
            ? RunAsync(options, connections, blocking: true, progress: progress).GetAwaiter().GetResult()
            : Task.Run(() => RunAsync(options, connections, default, true, progress)).GetAwaiter().GetResult();

    /// <summary>Runs the transfer; never throws — failures become curl's code and message in the outcome.</summary>
    public static async Task<TransferOutcome> RunAsync(CurlOptions options, ConnectionCache connections,
        CancellationToken abort = default, bool blocking = false, TransferProgress? progress = null,
        CancellationTokenSource? cancelled = null)
    {
        Transfer t;
        progress ??= new TransferProgress();
        try { t = new Transfer(options, connections, progress) { Blocking = blocking }; }
        catch (Exception e) { return TransferOutcome.Failed(e); }
        var outcome = new TransferOutcome();
        Thread? warmup = null;
        // Without a timeout or an abort switch the token cannot fire: none is made, and the socket code then
        // registers nothing per read.
        using var deadline = options.TimeoutMs > 0 || abort.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(abort) : null;
        t.Cancel = deadline?.Token ?? abort;
        try
        {
            // curl takes any long; a timer cannot wait longer than ~49 days, which no transfer lasts anyway.
            if (options.TimeoutMs > 0)
                deadline!.CancelAfter(TimeSpan.FromMilliseconds(Math.Min(options.TimeoutMs, MaxTimerMs)));
            t.Url = CurlUrl.Parse(options.Url, options.Port);
            if (options.DisallowUserNameInUrl && t.Url.Uri.UserInfo.Length > 0)
                throw new CurlException(CurlCode.LoginDenied,
                    "Option DISALLOW_USERNAME_IN_URL is set and URL contains username.");
            t.EffectiveUrl = t.Url.Uri.AbsoluteUri;
            // The system store only for SslStream's handshakes; with OpenSSL's (CAInfo) it is never needed.
            if (t.Url.Scheme.EndsWith('s') || options.UseSsl > 0)
            {
                // Decided from the options alone: loading libssl to ask is part of what the warm-up overlaps.
                if (t.Tls.WantsOpenSsl) warmup = OpenSsl.OpenSslWarmup.Start(options.CaInfo);
                else TrustStoreWarmup.Start();
            }
            await t.DispatchAsync();
        }
        catch (Exception e)
        {
            var failure = abort.IsCancellationRequested
                ? new CurlException(CurlException.AbortedByCallback, cancelled?.IsCancellationRequested == true
                    ? "Operation was aborted by an application callback (CURL.Cancel)"
                    : "Operation was aborted: the CURL handle was released while the transfer ran (plugin shutdown)")
                : CurlException.From(t, e);
            outcome.ErrorCode = (int)failure.Code;
            outcome.ErrorMessage = failure.Code == CurlCode.LoginDenied
                ? OAuth.Diagnostics.ForMailLogin(failure.Message) : failure.Message;
            t.Log.Info($"Closing connection: {outcome.ErrorCode}: {failure.Message}");
        }
        warmup?.Join(); // long done after any handshake; only a transfer that failed before one waits here
        t.Times.Finish();
        // Mail protocols fill the body without counting; what arrived is what was downloaded.
        if (progress.DownloadNow == 0) progress.DownloadNow = t.Body.Length;
        if (options.DebugWithProgress) t.Log.Info(progress.Line());
        outcome.Progress = progress;
        outcome.EffectiveUrl = t.EffectiveUrl;
        outcome.RedirectUrl = t.RedirectUrl;
        outcome.ContentType = t.ContentType;
        outcome.FileInfos = t.FileInfos;
        outcome.BatchFileNames = t.BatchFileNames;
        // A body received into a buffer of its announced size is handed over as is, without a copy.
        outcome.Body = t.Body.Length == t.Body.Capacity && t.Body.TryGetBuffer(out var all) && all.Offset == 0
            ? all.Array! : t.Body.ToArray();
        outcome.SetHeaders(t.Headers);
        t.Log.Close();
        outcome.SetLog(t.Log);
        outcome.ResponseCode = t.ResponseCode;
        outcome.Times = t.Times;
        outcome.EffectiveMethod = t.EffectiveMethod;
        outcome.HttpVersion = HttpVersions.InfoOf(t.ResponseVersion);
        outcome.FileTime = options.FileTime ? t.FileTime : null;
        outcome.PeerCertificates = options.CertInfo ? t.Tls.PeerCertificates : [];
        return outcome;
    }

    Task DispatchAsync() => Options.ConnectOnly ? RawConnection.RunAsync(this) : Url.Scheme switch
    {
        "http" or "https" => HttpTransfer.RunAsync(this),
        "smtp" or "smtps" => Mail.SmtpTransfer.RunAsync(this),
        "imap" or "imaps" => Mail.ImapTransfer.RunAsync(this),
        "pop3" or "pop3s" => Mail.Pop3Transfer.RunAsync(this),
        "ftp" or "ftps" => Ftp.FtpTransfer.RunAsync(this),
        _ => throw new CurlException(CurlException.UnsupportedProtocol, $"Protocol \"{Url.Scheme}\" not supported"),
    };

    /// <summary>The longest wait a .NET timer takes (uint.MaxValue - 1 ms).</summary>
    public const long MaxTimerMs = uint.MaxValue - 1L;

    public long ElapsedMs => clock.ElapsedMilliseconds;
}

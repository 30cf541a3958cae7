namespace PluginBridge.Engine.Curl;

/// <summary>
/// One CURL.New object: its options and the results of the last transfer. Perform runs on the caller's thread,
/// PerformInBackground on a worker; each works on a copy of the options and publishes its outcome at the end.
/// Disposing (CURL.Release, pb_shutdown) aborts a running background transfer, waits briefly for it to end and
/// closes the connection the handle kept open between transfers.
/// </summary>
sealed partial class CurlHandle : IHandle, IDisposable
{
    readonly object gate = new();
    readonly CancellationTokenSource abort = new();
    /// <summary>The connection kept open between transfers, as libcurl's easy handle keeps it.</summary>
    readonly ConnectionCache connections = new();
    bool disposed;
    CurlOptions options = new();
    TransferOutcome outcome = new();
    TransferProgress progress = new();
    /// <summary>CURL.Cancel's switch for the running background transfer.</summary>
    CancellationTokenSource cancelling = new();
    Task? running;

    public long Number { get; set; }

    /// <summary>CURL.SetFinishedScript's script; null when none.</summary>
    public ScriptTarget? Finished;

    /// <summary>CURL.SetTag: any text the script keeps with the handle (e.g. a record ID for the finished
    /// script).</summary>
    public string Tag = "";

    /// <summary>CURL.Reset: options back to MBS's defaults; the cookie engine and the tag stay, as curl_easy_reset
    /// keeps cookies.</summary>
    public void Reset()
    {
        lock (gate)
        {
            ThrowIfRunning();
            options = new CurlOptions { CookieJar = options.CookieJar };
            ResetOptionLog();
            Finished = Succeeded = Failed = SucceededEvaluate = FailedEvaluate = FinishedEvaluate = null;
        }
    }

    public bool IsRunning { get { lock (gate) return running is { IsCompleted: false }; } }

    /// <summary>Changes options under the lock, so a setter never races a transfer taking its copy.</summary>
    public void Set(Action<CurlOptions> change) { lock (gate) change(options); }

    public T Read<T>(Func<CurlOptions, T> read) { lock (gate) return read(options); }

    public TransferOutcome Outcome { get { lock (gate) return outcome; } }

    /// <summary>The running or last transfer's byte counts (CURL.GetProgress*).</summary>
    public TransferProgress Progress { get { lock (gate) return progress; } }

    /// <summary>Blocking transfer, as CURL.Perform; then the succeeded or failed script (if set) is queued.</summary>
    public TransferOutcome Perform()
    {
        CurlOptions copy;
        TransferProgress counts;
        lock (gate)
        {
            ThrowIfRunning();
            copy = options.Clone();
            outcome = new TransferOutcome();
            counts = progress = new TransferProgress();
        }
        var result = Files.Deliver(Transfer.Run(copy, connections, counts), copy.FileOnlyMode);
        lock (gate)
        {
            outcome = result;
            if (Succeeded is not null || Failed is not null || SucceededEvaluate is not null
                || FailedEvaluate is not null)
                QueueScripts(Scripts(includeFinished: false), result);
        }
        return result;
    }

    /// <summary>Starts the transfer on a worker; when done, the finished script (if any) is queued for idle —
    /// unless the handle was released meanwhile (Plugin shutdown), so no stale start reaches a later host.</summary>
    public void PerformInBackground(Func<bool> stillLive)
    {
        lock (gate)
        {
            ThrowIfRunning();
            var copy = options.Clone();
            outcome = new TransferOutcome();
            var counts = progress = new TransferProgress();
            var cancel = cancelling = new CancellationTokenSource();
            var scripts = Scripts(includeFinished: true);
            Interlocked.Increment(ref runningCount);
            running = Task.Run(async () =>
            {
                try
                {
                    TransferOutcome result;
                    // RunAsync reports every failure of the transfer; this catches one of our own around it, so
                    // that the script still learns how it ended and its finished script still starts.
                    using var stop = CancellationTokenSource.CreateLinkedTokenSource(abort.Token, cancel.Token);
                    try { result = await Transfer.RunAsync(copy, connections, stop.Token, false, counts, cancel); }
                    catch (Exception e) { result = TransferOutcome.Failed(e); }
                    result = Files.Deliver(result, copy.FileOnlyMode);
                    lock (gate)
                    {
                        outcome = result;
                        // Under the lock Dispose takes, so that a handle released by shutdown queues no start.
                        if (!disposed && stillLive()) QueueScripts(scripts, result);
                    }
                }
                finally { Interlocked.Decrement(ref runningCount); }
            });
        }
    }

    /// <summary>CURL.Cancel: stops the running background transfer (curl's 42); false when none runs.</summary>
    public bool Cancel()
    {
        lock (gate)
        {
            if (running is not { IsCompleted: false }) return false;
            cancelling.Cancel();
            return true;
        }
    }

    /// <summary>Aborts a running background transfer (curl's 42) and waits up to 2 s for it to end.</summary>
    public void Dispose()
    {
        Task? t;
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
            t = running;
        }
        abort.Cancel();
        try { t?.Wait(TimeSpan.FromSeconds(2)); } catch (AggregateException) { /* its outcome no longer matters */ }
        connections.Dispose();
        Files.Dispose();
    }

    /// <summary>The connection a connect-only Perform left open, or null.</summary>
    public RawConnection? RawConnection
    {
        get { lock (gate) { ThrowIfRunning(); return connections.Peek<RawConnection>(); } }
    }

    /// <summary>CURL.SendText/ReceiveText report through CURL.ErrorCode and ErrorMessage, as curl_easy_send/recv
    /// results.</summary>
    public void SetError(int code, string message)
    {
        lock (gate) { outcome.ErrorCode = code; outcome.ErrorMessage = message; }
    }

    /// <summary>Closes the kept connection (CURL.Reset); the handle stays usable.</summary>
    public void CloseConnection() => connections.Clear();

    /// <summary>Waits for a background transfer (used by tests and shutdown); true when none is running.</summary>
    public bool Wait(TimeSpan timeout)
    {
        Task? t;
        lock (gate) t = running;
        return t is null || t.Wait(timeout);
    }

    void ThrowIfRunning()
    {
        if (running is { IsCompleted: false })
            throw new MbsException(
                "A transfer is still running on this CURL handle. Wait until CURL.IsRunning returns 0.");
    }

    static int runningCount;

    /// <summary>Background transfers still running, for Registry.AddActivity (keeps the host idling).</summary>
    public static int RunningCount => Volatile.Read(ref runningCount);
}

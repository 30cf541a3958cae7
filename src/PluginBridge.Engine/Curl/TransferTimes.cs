using System.Diagnostics;

namespace PluginBridge.Engine.Curl;

/// <summary>The phases curl times (CURLINFO_*_TIME), in seconds.</summary>
enum Phase { NameLookup, Connect, AppConnect, PreTransfer, StartTransfer }

/// <summary>
/// curl's phase timings for one Perform, kept as libcurl's progress.c keeps them: each phase is the time from the
/// start of the current request to its end, so they are cumulative (connect includes the name lookup); a followed
/// redirect starts a new request and its phases are added to the earlier ones. A phase a request skips (a reused
/// connection has no lookup, connect or TLS handshake) stays 0. Marks come from the transfer's thread and, for HTTP,
/// from the handler's callbacks: the lock keeps them consistent.
/// </summary>
sealed class TransferTimes
{
    readonly object gate = new();
    readonly long start = Stopwatch.GetTimestamp();
    long requestStart;
    readonly double[] done = new double[5];
    readonly double[] current = new double[5];
    double redirect, total = -1;

    public TransferTimes() => requestStart = start;

    /// <summary>The phase ended now (a later mark of the same phase in this request replaces it).</summary>
    public void Mark(Phase phase)
    {
        lock (gate) current[(int)phase] = Since(requestStart);
    }

    /// <summary>Something arrived: the first reply after the request went out (PreTransfer) is the start of the
    /// transfer.</summary>
    public void FirstByte()
    {
        lock (gate)
        {
            if (current[(int)Phase.PreTransfer] > 0 && current[(int)Phase.StartTransfer] == 0)
                current[(int)Phase.StartTransfer] = Since(requestStart);
        }
    }

    /// <summary>A followed redirect: the request so far counts, the next one starts now (CURLINFO_REDIRECT_TIME is
    /// the time until here).</summary>
    public void NextRequest()
    {
        lock (gate)
        {
            for (var i = 0; i < done.Length; i++) { done[i] += current[i]; current[i] = 0; }
            requestStart = Stopwatch.GetTimestamp();
            redirect = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
    }

    /// <summary>The transfer ended: CURLINFO_TOTAL_TIME.</summary>
    public void Finish() { lock (gate) total = Stopwatch.GetElapsedTime(start).TotalSeconds; }

    // As curl: a phase that happened took at least a microsecond, so 0 always means "did not happen".
    static double Since(long timestamp) => Math.Max(Stopwatch.GetElapsedTime(timestamp).TotalSeconds, 1e-6);

    public double Of(Phase phase) { lock (gate) return done[(int)phase] + current[(int)phase]; }

    public double Redirect { get { lock (gate) return redirect; } }

    /// <summary>Total time; while the transfer runs, the time so far.</summary>
    public double Total { get { lock (gate) return total >= 0 ? total
        : Stopwatch.GetElapsedTime(start).TotalSeconds; } }
}

namespace PluginBridge.Engine.Curl;

/// <summary>The scripts a finished transfer starts (through the host's idle call), with the handle as
/// parameter.</summary>
sealed partial class CurlHandle
{
    /// <summary>CURL.SetSucceededScript / SetFailedScript; null when none.</summary>
    public ScriptTarget? Succeeded, Failed;

    /// <summary>CURL.SetSucceededEvaluate / SetFailedEvaluate / SetFinishedEvaluate; null when none.</summary>
    public ScriptTarget? SucceededEvaluate, FailedEvaluate, FinishedEvaluate;

    /// <summary>The scripts and expressions to consider, in the order they run: succeeded or failed first, then
    /// finished (MBS). Call under the handle's lock (the setters change them there).</summary>
    (ScriptTarget? Target, bool? OnSuccess)[] Scripts(bool includeFinished) =>
        [(Succeeded, true), (Failed, false), (SucceededEvaluate, true), (FailedEvaluate, false),
            .. includeFinished ? new[] { (Finished, (bool?)null), (FinishedEvaluate, null) } : []];

    /// <summary>MBS: a transfer succeeded when curl reports no error and, for HTTP, the status is below 400.</summary>
    void QueueScripts((ScriptTarget? Target, bool? OnSuccess)[] scripts, TransferOutcome result)
    {
        var succeeded = result.ErrorCode == 0 && result.ResponseCode < 400;
        foreach (var (target, onSuccess) in scripts)
            if (target is not null && (onSuccess is null || onSuccess == succeeded)) target.Queue(Number);
    }
}

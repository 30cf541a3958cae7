using System.Globalization;
using PluginBridge.Engine.Core;

namespace PluginBridge.Engine.Curl;

/// <summary>The scripts a finished transfer starts (through the host's idle call), with the handle as parameter.</summary>
sealed partial class CurlHandle
{
    public string SucceededFile = "", SucceededScript = "";
    public string FailedFile = "", FailedScript = "";

    /// <summary>The scripts to consider, in the order they start: succeeded or failed first, then finished.
    /// Call under the handle's lock (the setters change them there).</summary>
    (string File, string Script, bool? OnSuccess)[] Scripts(bool includeFinished) =>
    [
        (SucceededFile, SucceededScript, true),
        (FailedFile, FailedScript, false),
        .. includeFinished ? new[] { (FinishedFile, FinishedScript, (bool?)null) } : [],
    ];

    /// <summary>MBS: a transfer succeeded when curl reports no error and, for HTTP, the status is below 400.</summary>
    static void QueueScripts((string File, string Script, bool? OnSuccess)[] scripts, TransferOutcome result, long id)
    {
        var succeeded = result.ErrorCode == 0 && result.ResponseCode < 400;
        foreach (var (file, script, onSuccess) in scripts)
            if (script.Length > 0 && (onSuccess is null || onSuccess == succeeded))
                ScriptQueue.Enqueue(new ScriptStart(file, script, id.ToString(CultureInfo.InvariantCulture), ScriptControl.Pause));
    }
}

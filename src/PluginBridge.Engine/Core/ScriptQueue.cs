using System.Collections.Concurrent;

namespace PluginBridge.Engine.Core;

/// <summary>A script start waiting for the host's idle call.</summary>
public sealed record ScriptStart(string FileName, string ScriptName, string Parameter, ScriptControl Control);

/// <summary>
/// Script starts produced on any thread (a WebHook request, a finished transfer, FM.RunScript) and handed to the
/// host only inside idle, on the thread that calls it — FileMaker's rule for FMX_StartScript.
/// </summary>
public static class ScriptQueue
{
    static readonly ConcurrentQueue<ScriptStart> queue = new();

    /// <summary>
    /// Starts waiting at most. A host that never calls idle (a server polling with WebHook.Check) must not let
    /// network traffic grow the queue without bound; past the cap a start is dropped (the WebRequest or CURL result
    /// it refers to stays available) and FM.RunScript reports it.
    /// </summary>
    public const int MaxPending = 10_000;

    /// <summary>Queues a start; false (and nothing queued) when <see cref="MaxPending"/> starts already wait.</summary>
    public static bool Enqueue(ScriptStart start)
    {
        if (queue.Count >= MaxPending) return false;
        queue.Enqueue(start);
        return true;
    }

    public static int Pending => queue.Count;

    public static bool TryDequeue(out ScriptStart start) => queue.TryDequeue(out start!);

    public static void Clear() => queue.Clear();
}

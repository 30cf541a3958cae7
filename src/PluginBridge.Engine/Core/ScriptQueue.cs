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

    // 1 once the host was woken for starts that idle has not yet taken: a burst of requests wakes the host once.
    static int wakeSent;

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
        // After the enqueue: an idle that cleared the flag before this point sees the start or gets woken again.
        if (Interlocked.Exchange(ref wakeSent, 1) == 0) Plugin.Host.Wake();
        return true;
    }

    /// <summary>How many starts idle delivers now. Clears the wake flag first, so a start queued from here on
    /// wakes the host again.</summary>
    public static int TakeDue()
    {
        Interlocked.Exchange(ref wakeSent, 0);
        return queue.Count;
    }

    public static int Pending => queue.Count;

    public static bool TryDequeue(out ScriptStart start) => queue.TryDequeue(out start!);

    public static void Clear()
    {
        queue.Clear();
        Interlocked.Exchange(ref wakeSent, 0);
    }
}

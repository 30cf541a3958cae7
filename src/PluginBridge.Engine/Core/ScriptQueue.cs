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

    public static void Enqueue(ScriptStart start) => queue.Enqueue(start);

    public static int Pending => queue.Count;

    public static bool TryDequeue(out ScriptStart start) => queue.TryDequeue(out start!);

    public static void Clear() => queue.Clear();
}

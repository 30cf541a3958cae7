using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PluginBridge.Engine.Core;

namespace PluginBridge.Native;

/// <summary>The engine's IHost over the C callbacks of a pb_host table (copied at pb_init).</summary>
sealed unsafe class NativeHost(PbHost table) : IHost
{
    public int StartScript(string fileName, string scriptName, string parameter, ScriptControl control)
    {
        if (table.StartScript == null) return -1;
        fixed (byte* f = Z(fileName), s = Z(scriptName), p = Z(parameter))
            return table.StartScript(table.Context, f, s, p, (int)control);
    }

    public int WebViewer(string viewer, string action, string value)
    {
        if (table.WebViewer == null) return -1;
        fixed (byte* v = Z(viewer), a = Z(action), u = Z(value))
            return table.WebViewer(table.Context, v, a, u);
    }

    /// <summary>The host's optional wake callback (NULL for hosts whose table ends before it).</summary>
    public void Wake()
    {
        if (table.Wake != null) table.Wake(table.Context);
    }

    /// <summary>The host's optional evaluate callback: the result's text arrives through <see cref="Sink"/> into a
    /// buffer of ours, so no memory crosses the boundary. Null when the host's table has no such field.</summary>
    public HostEvaluation? Evaluate(string expression)
    {
        if (table.Evaluate == null) return null;
        var expr = Z(expression);
        var received = new EvaluationSink();
        var handle = GCHandle.Alloc(received);
        try
        {
            int rc;
            fixed (byte* e = expr)
                rc = table.Evaluate(table.Context, e, (nuint)(expr.Length - 1), &Sink,
                    (void*)GCHandle.ToIntPtr(handle));
            return new HostEvaluation(received.Text(), rc != 0);
        }
        finally { handle.Free(); }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    static void Sink(void* context, byte* data, nuint size)
    {
        try
        {
            if (context == null || (data == null && size > 0) || size > int.MaxValue) return;
            var sink = GCHandle.FromIntPtr((nint)context).Target as EvaluationSink;
            sink?.Add(new ReadOnlySpan<byte>(data, (int)size));
        }
        catch { /* a result that cannot be stored reads as empty; no exception may reach the host */ }
    }

    /// <summary>What the host hands to the sink (UTF-8, copied; several calls append).</summary>
    sealed class EvaluationSink
    {
        readonly System.IO.MemoryStream bytes = new();
        public void Add(ReadOnlySpan<byte> data) => bytes.Write(data);
        public string Text() => System.Text.Encoding.UTF8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length);
    }

    // NUL-terminated UTF-8, pinned by the caller for the duration of the callback.
    static byte[] Z(string s)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(s) + 1];
        System.Text.Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }
}

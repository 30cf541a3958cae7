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

    // NUL-terminated UTF-8, pinned by the caller for the duration of the callback.
    static byte[] Z(string s)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(s) + 1];
        System.Text.Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }
}

using PluginBridge.Engine.Core;

namespace PluginBridge.Native.Fmx;

/// <summary>
/// The engine's IHost inside FileMaker: script starts go through the parameter block's cStartScript, which the engine
/// calls only from <see cref="Plugin.Idle"/>, i.e. on the thread FileMaker sent the Idle message on.
/// FileMaker gives a plug-in no web viewer call: WebViewer reaches only our own host's (fmw_web_viewer).
/// Nor can a plug-in wake FileMaker (pb_host's wake): it sends Idle on its own schedule, so Wake stays a no-op.
/// </summary>
sealed unsafe class FmxHost(nint startScript) : IHost
{
    nint startScript = startScript;

    /// <summary>The callback of the latest Idle block (the one FileMaker vouches for now); 0 keeps the last
    /// one.</summary>
    public void Use(nint callback)
    {
        if (callback != 0) startScript = callback;
    }

    public int StartScript(string fileName, string scriptName, string parameter, ScriptControl control)
    {
        var call = (delegate* unmanaged<void*, void*, byte, void*, short>)startScript;
        if (call == null) return -1;
        void* file = null, script = null, data = null;
        try
        {
            file = FmxText.New(fileName);
            script = FmxText.New(scriptName);
            data = Fm.DataNew();
            FmxValues.WriteText(data, parameter);
            return call(file, script, (byte)control, data);
        }
        catch (Exception e)
        {
            FmxLog.Write($"starting script \"{scriptName}\" of \"{fileName}\" failed: {e.Message}");
            return -1;
        }
        finally
        {
            try
            {
                FmxText.Delete(file);
                FmxText.Delete(script);
                if (data != null) Fm.DataDelete(data);
            }
            catch (Exception e) { FmxLog.Write("releasing a script start's objects failed: " + e.Message); }
        }
    }

    /// <summary>FileMaker has no web viewer call for plug-ins; our own host offers one (fmw_web_viewer).</summary>
    public int WebViewer(string viewer, string action, string value)
    {
        fixed (byte* v = Utf8Z(viewer), a = Utf8Z(action), u = Utf8Z(value)) return Fm.WebViewer(v, a, u);
    }

    static byte[] Utf8Z(string s) => System.Text.Encoding.UTF8.GetBytes(s + "\0");
}

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

    /// <summary>FileMaker's ExprEnv Evaluate in the environment of the MBS call running on this thread, or at Idle
    /// (CURL.SetFinishedEvaluate …) in an ExprEnv of our own; null where the host lacks the functions.</summary>
    public HostEvaluation? Evaluate(string expression)
    {
        if (!Fm.HasEvaluate) return null;
        var env = FmxFunction.CurrentEnv;
        void* own = null, text = null, result = null;
        if (env == null && (env = own = Fm.EnvNew()) == null) return null;
        try
        {
            text = FmxText.New(expression);
            result = Fm.DataNew();
            var error = Fm.Evaluate(env, text, result);
            var value = FmxValues.ReadText(result);
            return error == 0 ? new HostEvaluation(value, false)
                : new HostEvaluation($"FileMaker error {error}" + (value.Length > 0 ? ": " + value : ""), true);
        }
        finally
        {
            FmxText.Delete(text);
            if (result != null) Fm.DataDelete(result);
            if (own != null) Fm.EnvDelete(own);
        }
    }

    static byte[] Utf8Z(string s) => System.Text.Encoding.UTF8.GetBytes(s + "\0");
}

namespace PluginBridge.Host.Native;

/// <summary>FileMaker's FMX_ScriptControl, as the plugin passes it to start_script.</summary>
public enum ScriptControl { Halt = 0, Exit = 1, Resume = 2, Pause = 3 }

/// <summary>What the plugin's callbacks reach in the host.</summary>
public interface IPluginHost
{
    /// <summary>Queue a script start (called inside pb_idle, on the thread calling it). 0 = queued.</summary>
    int StartScript(string fileName, string scriptName, string parameter, ScriptControl control);

    /// <summary>Drive a web viewer: "LoadURL" or "SetCustomUserAgent". 0 = done, non-zero = no such viewer/action.</summary>
    int WebViewer(string viewer, string action, string value);
}

/// <summary>One plugin function as pb_function_at describes it.</summary>
public sealed record PluginFunction(string Name, int MinArgs, int MaxArgs, string Signature, string Doc);

/// <summary>A plugin result: the value and whether the plugin flagged it as an error.</summary>
public sealed record PluginResult(Calc.FmValue Value, bool IsError);

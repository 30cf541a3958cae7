namespace PluginBridge.Engine.Core;

/// <summary>FileMaker's FMX_ScriptControl: what happens to a running script when the queued one starts.</summary>
public enum ScriptControl { Halt = 0, Exit = 1, Resume = 2, Pause = 3 }

/// <summary>What the engine asks of the host. The native layer implements it over the C callbacks.</summary>
public interface IHost
{
    /// <summary>Starts a script. Called only from <see cref="Plugin.Idle"/>, on the host's thread. 0 =
    /// started.</summary>
    int StartScript(string fileName, string scriptName, string parameter, ScriptControl control);

    /// <summary>Drives a web viewer: action "LoadURL" or "SetCustomUserAgent". 0 = done.</summary>
    int WebViewer(string viewer, string action, string value);

    /// <summary>A script start was queued: the host should call idle soon. Called from any thread; must not block.
    /// Hosts that cannot be woken (FileMaker's FMX door) keep this no-op and idle on their own schedule.</summary>
    void Wake() { }
}

/// <summary>Used before init or when the host gave no callbacks.</summary>
sealed class NoHost : IHost
{
    public int StartScript(string fileName, string scriptName, string parameter, ScriptControl control) => -1;
    public int WebViewer(string viewer, string action, string value) => -1;
}

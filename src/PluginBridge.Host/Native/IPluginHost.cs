namespace PluginBridge.Host.Native;

/// <summary>FileMaker's FMX_ScriptControl, as the plugin passes it to start_script.</summary>
public enum ScriptControl { Halt = 0, Exit = 1, Resume = 2, Pause = 3 }

/// <summary>FileMaker's idle levels (FMX_IdleLevel): what the host is doing when it lets the plugin idle.</summary>
public enum IdleLevel { UserIdle = 0, UserNotIdle = 1, ScriptPaused = 2, ScriptRunning = 3, Unsafe = 4 }

/// <summary>What the plugin's callbacks reach in the host.</summary>
public interface IPluginHost
{
    /// <summary>Queue a script start (called inside pb_idle, on the thread calling it). 0 = queued.</summary>
    int StartScript(string fileName, string scriptName, string parameter, ScriptControl control);

    /// <summary>Drive a web viewer: "LoadURL" or "SetCustomUserAgent". 0 = done, non-zero = no such
    /// viewer/action.</summary>
    int WebViewer(string viewer, string action, string value);

    /// <summary>The plugin queued a script start: idle soon. Called from any thread of the plugin; must not block
    /// and must not call the plugin.</summary>
    void Wake() { }

    /// <summary>A calculation for the plugin (FileMaker plug-ins' ExprEnv Evaluate); throws CalcException when it
    /// fails.</summary>
    Calc.FmValue Evaluate(string calculation) => Calc.FmValue.Question;
}

/// <summary>
/// A loaded plugin as the host drives it: through pluginbridge.h (<see cref="PluginLibrary"/>) or through FileMaker's
/// plug-in ABI, FMExternCallProc and the FM_* functions of FMWrapper (<see cref="Fmx.FmxPlugin"/>).
/// </summary>
public interface IPlugin : IDisposable
{
    string Path { get; }
    /// <summary>Name and version, as the plugin reports them.</summary>
    string Version { get; }
    void Init(IPluginHost host);
    /// <summary>Lets the plugin deliver queued script starts; returns what still keeps the host idling (0 =
    /// nothing).</summary>
    int Idle(IdleLevel level = IdleLevel.UserIdle);
    void Shutdown();
    /// <summary>MBS ( name ; args... ).</summary>
    PluginResult Call(string name, IReadOnlyList<Calc.FmValue> args);
    /// <summary>A function the plugin registered under its own name (FileMaker plug-ins), e.g. TP_Upper ( x
    /// ).</summary>
    PluginResult CallFunction(string name, IReadOnlyList<Calc.FmValue> args) => new(Calc.FmValue.Question, true);
    IReadOnlyList<PluginFunction> Functions();
}

/// <summary>One plugin function as pb_function_at describes it.</summary>
public sealed record PluginFunction(string Name, int MinArgs, int MaxArgs, string Signature, string Doc);

/// <summary>A plugin result: the value and whether the plugin flagged it as an error.</summary>
public sealed record PluginResult(Calc.FmValue Value, bool IsError);

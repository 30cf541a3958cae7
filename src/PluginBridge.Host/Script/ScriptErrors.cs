namespace PluginBridge.Host.Script;

/// <summary>A step that cannot run (a calculation error); the message starts with "file:line: ".</summary>
public sealed class ScriptRuntimeException(string message) : Exception(message);

/// <summary>The plugin still had live listeners or transfers when --wait ran out.</summary>
public sealed class WaitExceededException(string message) : Exception(message);

/// <summary>Halt Script: unwinds every running script.</summary>
sealed class HaltException : Exception;

/// <summary>A script start with control Exit: ends the current script; its caller goes on.</summary>
sealed class ExitScriptSignal : Exception;

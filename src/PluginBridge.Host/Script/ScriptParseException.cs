namespace PluginBridge.Host.Script;

/// <summary>A script that cannot be parsed. The message starts with "file:line: ".</summary>
public sealed class ScriptParseException(string file, int line, string message)
    : Exception($"{file}:{line}: {message}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
}

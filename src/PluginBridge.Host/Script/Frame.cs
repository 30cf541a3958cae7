using PluginBridge.Host.Calc;

namespace PluginBridge.Host.Script;

/// <summary>One running script: its local $variables, its parameter and its error-capture state.</summary>
sealed class Frame(ParsedScript? script, FmValue parameter, bool errorCapture)
{
    public ParsedScript? Script { get; } = script;
    public FmValue Parameter { get; } = parameter;
    public bool ErrorCapture { get; set; } = errorCapture;
    /// <summary>The layout when the script started: Go to Layout [ original layout ].</summary>
    public string OriginalLayout { get; init; } = "";
    public Dictionary<string, FmValue> Locals { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>The calculation context of a frame: its variables, the file's fields and globals, Get() and
/// MBS().</summary>
sealed class FrameContext(ScriptRunner runner, Frame frame) : ICalcHost
{
    public FmValue GetVariable(string name) =>
        (name.StartsWith("$$", StringComparison.Ordinal) ? runner.Globals : frame.Locals)
            .GetValueOrDefault(name, FmValue.Empty);

    public void SetVariable(string name, FmValue value) =>
        (name.StartsWith("$$", StringComparison.Ordinal) ? runner.Globals : frame.Locals)[name] = value;

    public FmValue GetField(string table, string field) => runner.Fields.Get(table, field);

    public FmValue Get(string name) => GetFunction.Get(name, runner, frame);

    public FmValue CallPlugin(string function, IReadOnlyList<FmValue> args) => runner.CallPlugin(function, args);

    public FmValue CallExternal(string function, IReadOnlyList<FmValue> args) => runner.CallExternal(function, args);
}

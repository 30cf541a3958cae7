namespace PluginBridge.Host.Calc;

/// <summary>What a calculation reads from its surroundings: variables, fields, Get() values and the plugin.</summary>
public interface ICalcHost
{
    /// <summary>"$name" (script-local) or "$$name" (global); empty when not set.</summary>
    FmValue GetVariable(string name);
    void SetVariable(string name, FmValue value);
    FmValue GetField(string table, string field);
    /// <summary>Get ( name ); throws <see cref="CalcException"/> for a name the host does not know.</summary>
    FmValue Get(string name);
    /// <summary>MBS ( function ; args... ) through the plugin; "?" when no plugin is loaded, as in FileMaker.</summary>
    FmValue CallPlugin(string function, IReadOnlyList<FmValue> args);
    /// <summary>A function a FileMaker plug-in registered under its own name; "?" when no plug-in has it.</summary>
    FmValue CallExternal(string function, IReadOnlyList<FmValue> args) => FmValue.Question;
}

/// <summary>A calculation that parsed but cannot be evaluated (an unknown name, an unknown Get selector).</summary>
public sealed class CalcException(string message, int position = 0) : Exception(message)
{
    public int Position { get; } = position;
}

using System.Globalization;

namespace PluginBridge.Engine.Core;

/// <summary>
/// "Start this script when done": what CURL.SetFinishedScript, WebHook.SetScript and other families' setters store.
/// The script gets the object's number as its parameter and starts paused through idle, as MBS does.
/// </summary>
public sealed record ScriptTarget(string FileName, string ScriptName)
{
    /// <summary>The target a setter was given, or null when ScriptName is empty (MBS: empty clears it).</summary>
    public static ScriptTarget? From(string fileName, string scriptName) =>
        scriptName.Length == 0 ? null : new ScriptTarget(fileName, scriptName);

    /// <summary>An expression to evaluate instead (CURL.SetFinishedEvaluate …): $$ID$$ in it becomes the object's
    /// number, as MBS does.</summary>
    public string? Expression { get; private init; }

    /// <summary>The expression a setter was given, or null when it is empty (empty clears it).</summary>
    public static ScriptTarget? Evaluation(string function, string expression) =>
        expression.Length == 0 ? null : new ScriptTarget("", function) { Expression = expression };

    /// <summary>Queues the start with <paramref name="number"/> as parameter; false when the queue is full.</summary>
    public bool Queue(long number)
    {
        var id = number.ToString(CultureInfo.InvariantCulture);
        return ScriptQueue.Enqueue(new ScriptStart(FileName, ScriptName, id, ScriptControl.Pause,
            Expression?.Replace("$$ID$$", id, StringComparison.Ordinal)));
    }
}

using PluginBridge.Host.Calc;

namespace PluginBridge.Host.Script;

/// <summary>Go to Layout: a layout by name (Table: the table occurrence printed after it), by calculation, or the
/// layout the script started on (both null).</summary>
public sealed class GoToLayoutStep(int line, string text, string? name, string? table, Node? nameCalc)
    : Step(line, text)
{
    public string? Name { get; } = name;
    public string? Table { get; } = table;
    public Node? NameCalc { get; } = nameCalc;
    public bool Original => Name is null && NameCalc is null;
}

public sealed class NewRecordStep(int line, string text) : Step(line, text);

public sealed class DeleteRecordStep(int line, string text, bool withDialog) : Step(line, text)
{
    public bool WithDialog { get; } = withDialog;
}

public enum RecordTarget { First, Last, Previous, Next, ByCalculation }

/// <summary>Go to Record/Request/Page; with Exit after last, Target is the step after the loop's End Loop.</summary>
public sealed class GoToRecordStep(int line, string text, RecordTarget where, Node? number, bool exitAfterLast)
    : JumpStep(line, text)
{
    public RecordTarget Where { get; } = where;
    public Node? Number { get; } = number;
    public bool ExitAfterLast { get; } = exitAfterLast;
}

/// <summary>Set Web Viewer: Action is Reset, Reload, Go Forward, Go Back or Go to URL (then Url).</summary>
public sealed class SetWebViewerStep(int line, string text, Node objectName, string action, Node? url)
    : Step(line, text)
{
    public Node ObjectName { get; } = objectName;
    public string Action { get; } = action;
    public Node? Url { get; } = url;
}

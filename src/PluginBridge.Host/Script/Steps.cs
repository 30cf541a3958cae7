using PluginBridge.Host.Calc;

namespace PluginBridge.Host.Script;

/// <summary>A parsed script step. Line is its first line in the script file; Text is the step as printed.</summary>
public abstract class Step(int line, string text)
{
    public int Line { get; } = line;
    public string Text { get; } = text;
}

/// <summary>A step that moves the program counter; Target is filled in when the script's blocks are matched.</summary>
public abstract class JumpStep(int line, string text) : Step(line, text)
{
    public int Target { get; set; } = -1;
}

public sealed class CommentStep(int line, string text) : Step(line, text);
public sealed class SetVariableStep(int line, string text, VarRef target, Node value) : Step(line, text)
{
    public VarRef Target { get; } = target;
    public string Name => Target.Name;
    public Node Value { get; } = value;
}
public sealed class SetFieldStep(int line, string text, string table, string field, Node value) : Step(line, text)
{
    public string Table { get; } = table;
    public string Field { get; } = field;
    public Node Value { get; } = value;
}
/// <summary>If / Else If: Target is the next Else If, Else or End If.</summary>
public sealed class IfStep(int line, string text, Node condition, bool isElseIf) : JumpStep(line, text)
{
    public Node Condition { get; } = condition;
    public bool IsElseIf { get; } = isElseIf;
    /// <summary>For Else If: the End If to jump to when an earlier branch ran.</summary>
    public int EndIf { get; set; } = -1;
}
/// <summary>Else: reached after a branch ran, it jumps to End If (Target).</summary>
public sealed class ElseStep(int line, string text) : JumpStep(line, text);
public sealed class EndIfStep(int line, string text) : Step(line, text);
public sealed class LoopStep(int line, string text) : Step(line, text);
/// <summary>Exit Loop If: Target is the step after End Loop.</summary>
public sealed class ExitLoopIfStep(int line, string text, Node condition) : JumpStep(line, text)
{
    public Node Condition { get; } = condition;
}
/// <summary>End Loop: Target is the Loop step.</summary>
public sealed class EndLoopStep(int line, string text) : JumpStep(line, text);
/// <summary>Perform Script: a script name from the list, or a calculation (By name), with an optional
/// parameter.</summary>
public sealed class PerformScriptStep(int line, string text, string? scriptName, Node? scriptNameCalc, Node? parameter)
    : Step(line, text)
{
    public string? ScriptName { get; } = scriptName;
    public Node? ScriptNameCalc { get; } = scriptNameCalc;
    public Node? Parameter { get; } = parameter;
}
public sealed class ExitScriptStep(int line, string text, Node? result) : Step(line, text)
{
    public Node? Result { get; } = result;
}
public sealed class HaltScriptStep(int line, string text) : Step(line, text);
public sealed class ShowCustomDialogStep(int line, string text, Node? title, Node? message) : Step(line, text)
{
    public Node? Title { get; } = title;
    public Node? Message { get; } = message;
}
public sealed class SetErrorCaptureStep(int line, string text, bool on) : Step(line, text)
{
    public bool On { get; } = on;
}
public sealed class AllowUserAbortStep(int line, string text, bool on) : Step(line, text)
{
    public bool On { get; } = on;
}
/// <summary>Pause/Resume Script: for Duration seconds, or indefinitely (Duration null).</summary>
public sealed class PauseStep(int line, string text, Node? duration) : Step(line, text)
{
    public Node? Duration { get; } = duration;
}
public sealed class CommitRecordsStep(int line, string text) : Step(line, text);

/// <summary>A parsed script: its name (the file name without .fmscript), source file and steps.</summary>
public sealed class ParsedScript(string name, string path, IReadOnlyList<Step> steps)
{
    public string Name { get; } = name;
    public string Path { get; } = path;
    public IReadOnlyList<Step> Steps { get; } = steps;
}

using System.Text.RegularExpressions;
using PluginBridge.Host.Calc;

namespace PluginBridge.Host.Script;

/// <summary>
/// Turns script text (FileMaker's printed form) into steps: every calculation is parsed here, and If/Loop blocks are
/// matched, so a mistake is reported with file:line before anything runs.
/// </summary>
public static partial class ScriptParser
{
    public const string Extension = ".fmscript";

    public static ParsedScript ParseFile(string path)
    {
        var name = System.IO.Path.GetFileNameWithoutExtension(path);
        return Parse(name, path, File.ReadAllText(path));
    }

    public static ParsedScript Parse(string name, string path, string text)
    {
        var display = System.IO.Path.GetFileName(path);
        return FromRaw(name, path, display, StepSplitter.Split(display, text));
    }

    /// <summary>Builds a script from raw steps (printed text or XML, read the same way); disabled steps are
    /// skipped.</summary>
    internal static ParsedScript FromRaw(string name, string path, string display, IEnumerable<RawStep> raw)
    {
        var steps = raw.Where(r => !r.Disabled).Select(r => Build(display, r)).ToList();
        MatchBlocks(display, steps);
        return new ParsedScript(name, path, steps);
    }

    static Step Build(string file, RawStep raw)
    {
        if (raw.IsComment) return new CommentStep(raw.Line, raw.Text);
        var o = raw.Options;
        var (line, text) = (raw.Line, raw.Text);
        Node Calc(RawOption option, string? label = null) => ParseCalc(file, raw, option, label);
        switch (Normalize(raw.Name))
        {
            case "set variable":
            {
                Need(file, raw, 2);
                var target = VariableTarget().Match(o[0].Text);
                if (!target.Success)
                    throw Error(file, raw, $"Set Variable needs a $variable name first, not \"{o[0].Text}\".");
                var repetition = target.Groups[2].Success ? Calc(
                    o[0] with { Text = target.Groups[2].Value, Offset = o[0].Offset + target.Groups[2].Index }) : null;
                return new SetVariableStep(line, text, new VarRef(target.Groups[1].Value, 0, repetition),
                    Calc(o[1], "Value"));
            }
            case "set field":
            {
                Need(file, raw, 2);
                var sep = o[0].Text.IndexOf("::", StringComparison.Ordinal);
                if (sep <= 0) throw Error(file, raw, $"Set Field needs a target Table::Field, not \"{o[0].Text}\".");
                return new SetFieldStep(line, text, o[0].Text[..sep].Trim(), o[0].Text[(sep + 2)..].Trim(), Calc(o[1]));
            }
            case "if": Need(file, raw, 1); return new IfStep(line, text, Calc(o[0]), isElseIf: false);
            case "else if": Need(file, raw, 1); return new IfStep(line, text, Calc(o[0]), isElseIf: true);
            case "else": return new ElseStep(line, text);
            case "end if": return new EndIfStep(line, text);
            case "loop": return new LoopStep(line, text);
            case "exit loop if": Need(file, raw, 1); return new ExitLoopIfStep(line, text, Calc(o[0]));
            case "end loop": return new EndLoopStep(line, text);
            case "perform script": return PerformScript(file, raw);
            case "exit script":
            {
                var result = o.FirstOrDefault(x => Label(x.Text) is null or "text result" or "result");
                return new ExitScriptStep(line, text,
                    result is null || Strip(result.Text).Length == 0 ? null : Calc(result));
            }
            case "halt script": return new HaltScriptStep(line, text);
            case "show custom dialog":
            {
                var title = o.FirstOrDefault(x => Label(x.Text) == "title")
                    ?? o.FirstOrDefault(x => Label(x.Text) is null);
                var message = o.FirstOrDefault(x => Label(x.Text) == "message")
                    ?? o.Where(x => Label(x.Text) is null).Skip(1).FirstOrDefault();
                return new ShowCustomDialogStep(line, text, title is null ? null : Calc(title),
                    message is null ? null : Calc(message));
            }
            case "set error capture": return new SetErrorCaptureStep(line, text, OnOff(file, raw));
            case "allow user abort": return new AllowUserAbortStep(line, text, OnOff(file, raw));
            case "pause/resume script":
            {
                var duration = o.FirstOrDefault(x => Label(x.Text) is "duration (seconds)" or "duration");
                if (duration is null && o.Count > 0
                    && !o[0].Text.Equals("Indefinitely", StringComparison.OrdinalIgnoreCase))
                    throw Error(file, raw, "Pause/Resume Script takes [ Duration (seconds): n ] or [ Indefinitely ].");
                return new PauseStep(line, text, duration is null ? null : Calc(duration));
            }
            case "commit records/requests": return new CommitRecordsStep(line, text);
            default:
                if (BuildRecordStep(file, raw) is { } record) return record;
                throw Error(file, raw, $"Unknown script step \"{raw.Name}\". This host runs: Set Variable, Set Field, "
                    + "If, Else If, Else, End If, Loop, Exit Loop If, End Loop, Perform Script, Exit Script, "
                    + "Halt Script, Show Custom Dialog, Set Error Capture, Allow User Abort, Pause/Resume Script, "
                    + "Commit Records/Requests, "
                    + "Go to Layout, New Record/Request, Delete Record/Request, Go to Record/Request/Page, "
                    + "Set Web Viewer and # comments.");
        }
    }

    internal static string Normalize(string name) => Regex.Replace(name.Trim(), @"\s+", " ").ToLowerInvariant();

    /// <summary>Perform Script [ Specified: From list ; “Name” ; Parameter: x ] or [ Specified: By name ; calc ;
    /// Parameter: x ] or [ “Name” ; Parameter: x ].</summary>
    static Step PerformScript(string file, RawStep raw)
    {
        var byName = raw.Options.Any(x => Label(x.Text) == "specified"
            && Strip(x.Text).Equals("By name", StringComparison.OrdinalIgnoreCase));
        var fromFile = raw.Options.FirstOrDefault(x => Label(x.Text) is "from file");
        if (fromFile is not null) throw Error(file, raw,
            "Perform Script from another file is not supported: this host runs one file (one folder of scripts).");
        var target = raw.Options.FirstOrDefault(x => Label(x.Text) is null)
            ?? throw Error(file, raw, "Perform Script needs a script name, e.g. Perform Script [ Specified: From " +
                "list ; “Name” ; Parameter: ... ].");
        var paramOption = raw.Options.FirstOrDefault(x => Label(x.Text) == "parameter");
        var parameter = paramOption is null || Strip(paramOption.Text).Length == 0 ? null
            : ParseCalc(file, raw, paramOption, "Parameter");
        if (byName) return new PerformScriptStep(raw.Line, raw.Text, null, ParseCalc(file, raw, target), parameter);
        var name = target.Text.Trim();
        if (name.Length >= 2 && (name[0], name[^1]) is ('“', '”') or ('"', '"')) name = name[1..^1];
        else throw Error(file, raw, $"Perform Script needs the script name in quotes, not {target.Text}.");
        return new PerformScriptStep(raw.Line, raw.Text, name, null, parameter);
    }

    static bool OnOff(string file, RawStep raw)
    {
        var value = raw.Options.FirstOrDefault()?.Text.Trim() ?? "";
        if (value.Equals("On", StringComparison.OrdinalIgnoreCase)) return true;
        if (value.Equals("Off", StringComparison.OrdinalIgnoreCase)) return false;
        throw Error(file, raw, $"{raw.Name} takes [ On ] or [ Off ].");
    }

    static void Need(string file, RawStep raw, int count)
    {
        if (raw.Options.Count < count) throw Error(file, raw,
            $"{raw.Name} needs {count} option{(count > 1 ? "s" : "")} in [ ], e.g. {Example(raw.Name)}.");
    }

    static string Example(string step) => Normalize(step) switch
    {
        "set variable" => "Set Variable [ $x ; Value: 1 ]",
        "set field" => "Set Field [ Table::Field ; $x ]",
        _ => $"{step} [ calculation ]",
    };

    static readonly string[] labels =
        ["value", "specified", "parameter", "text result", "result", "title", "message", "duration (seconds)",
            "duration",
         "default button", "button 2", "button 3", "commit", "with dialog", "flush", "from file", "repetition",
         "layout name", "layout number", "animation", "exit after last", "by calculation", "object name", "action",
         "url"];

    /// <summary>The option's label ("Value", "Parameter", ...) in lower case, or null when the option has
    /// none.</summary>
    internal static string? Label(string option)
    {
        var colon = option.IndexOf(':');
        if (colon <= 0 || (colon + 1 < option.Length && option[colon + 1] == ':')) return null;
        var label = Regex.Replace(option[..colon].Trim(), @"\s+", " ").ToLowerInvariant();
        return labels.Contains(label) ? label : null;
    }

    /// <summary>The option's text without its label.</summary>
    internal static string Strip(string option) => Label(option) is null ? option.Trim()
        : option[(option.IndexOf(':') + 1)..].Trim();

    static Node ParseCalc(string file, RawStep raw, RawOption option, string? expectedLabel = null)
    {
        var label = Label(option.Text);
        var skip = label is null ? 0 : option.Text.IndexOf(':') + 1;
        var calc = option.Text[skip..];
        try { return CalcParser.Parse(calc); }
        catch (CalcSyntaxException e)
        {
            var at = option.Offset + skip + e.Position;
            var near = calc.Length == 0 ? "" : $" (near \"{Near(calc, e.Position)}\")";
            throw new ScriptParseException(file, raw.Line + StepSplitter.Newlines(raw.Text, at),
                $"{raw.Name}: {e.Message}{near}");
        }
    }

    static string Near(string calc, int position)
    {
        var from = Math.Clamp(position, 0, calc.Length);
        var s = calc[from..].Split('\n')[0].Trim();
        return s.Length > 30 ? s[..30] + "…" : s.Length == 0 ? calc.Trim().Split('\n')[^1].Trim() : s;
    }

    static ScriptParseException Error(string file, RawStep raw, string message) => new(file, raw.Line, message);

    [GeneratedRegex(@"^\s*(\$\$?[^\s\[\]]+)\s*(?:\[(.+)\])?\s*$")]
    private static partial Regex VariableTarget();

    /// <summary>Links If/Else If/Else/End If and Loop/Exit Loop If/End Loop; an unmatched block end is a parse
    /// error.</summary>
    static void MatchBlocks(string file, List<Step> steps)
    {
        var ifs = new Stack<List<int>>();   // indices of If, Else If, Else in the open block
        var loops = new Stack<(int Loop, List<int> Exits)>();
        for (var i = 0; i < steps.Count; i++)
        {
            switch (steps[i])
            {
                case IfStep { IsElseIf: false }: ifs.Push([i]); break;
                case IfStep { IsElseIf: true } or ElseStep:
                    if (ifs.Count == 0) throw new ScriptParseException(file, steps[i].Line,
                        $"\"{steps[i].Text.Split('[')[0].Trim()}\" without a matching If.");
                    var open = ifs.Peek();
                    if (steps[open[^1]] is ElseStep) throw new ScriptParseException(file, steps[i].Line,
                        "Nothing may follow Else in an If block except End If.");
                    open.Add(i);
                    break;
                case EndIfStep:
                    if (ifs.Count == 0)
                        throw new ScriptParseException(file, steps[i].Line, "End If without a matching If.");
                    var block = ifs.Pop();
                    for (var k = 0; k < block.Count; k++)
                    {
                        var next = k + 1 < block.Count ? block[k + 1] : i;
                        switch (steps[block[k]])
                        {
                            case IfStep s: s.Target = next; s.EndIf = i; break;
                            case ElseStep e: e.Target = i; break;
                        }
                    }
                    break;
                case LoopStep: loops.Push((i, [])); break;
                case ExitLoopIfStep:
                    if (loops.Count == 0)
                        throw new ScriptParseException(file, steps[i].Line, "Exit Loop If outside a Loop.");
                    loops.Peek().Exits.Add(i);
                    break;
                // Exit after last leaves the innermost loop; outside a loop it only stays on the last record.
                case GoToRecordStep { ExitAfterLast: true } when loops.Count > 0: loops.Peek().Exits.Add(i); break;
                case EndLoopStep end:
                    if (loops.Count == 0)
                        throw new ScriptParseException(file, steps[i].Line, "End Loop without a matching Loop.");
                    var (loopAt, exits) = loops.Pop();
                    end.Target = loopAt;
                    foreach (var x in exits) ((JumpStep)steps[x]).Target = i + 1;
                    break;
            }
        }
        if (ifs.Count > 0) throw new ScriptParseException(file, steps[ifs.Peek()[0]].Line, "If without End If.");
        if (loops.Count > 0)
            throw new ScriptParseException(file, steps[loops.Peek().Loop].Line, "Loop without End Loop.");
    }
}

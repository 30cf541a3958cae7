using System.Diagnostics;
using PluginBridge.Host.Calc;

namespace PluginBridge.Host.Script;

/// <summary>Running one script: its steps in order, with FileMaker's control flow, Perform Script and pauses.</summary>
public sealed partial class ScriptRunner
{
    FmValue Run(ParsedScript script, FmValue parameter, bool errorCapture)
    {
        if (depth >= MaxDepth) throw new ScriptRuntimeException(
            $"{script.Name}: scripts nested more than {MaxDepth} deep (a Perform Script loop?).");
        depth++;
        var outer = running;
        running = new Frame(script, parameter, errorCapture) { OriginalLayout = LayoutName };
        try { return Execute(running); }
        finally
        {
            depth--;
            running = outer;
            Fields.Commit(); // our choice: a script's changes are kept when it ends (FileMaker keeps the record open)
        }
    }

    FmValue Execute(Frame frame)
    {
        var script = frame.Script!;
        var steps = script.Steps;
        var context = new FrameContext(this, frame);
        var evaluator = new Evaluator(context);
        var file = System.IO.Path.GetFileName(script.Path);
        var arrivedByJump = false;
        var pc = 0;
        try
        {
            while (pc < steps.Count)
            {
                PollPlugin();
                var step = steps[pc];
                if (options.Trace && step is not CommentStep)
                    options.Log.WriteLine($"» {script.Name}:{step.Line}  {step.Text.Split('\n')[0].Trim()}");
                var jumped = false;
                var error = 0;
                FmValue Eval(Node n) => evaluator.Evaluate(n);
                try
                {
                    switch (step)
                    {
                        case SetVariableStep s: context.SetVariable(evaluator.VariableKey(s.Target, Scope.Root),
                            Eval(s.Value)); break;
                        case SetFieldStep s: error = SetField(s, Eval(s.Value), frame); break;
                        case IfStep { IsElseIf: true } s when !arrivedByJump: pc = s.EndIf; jumped = true; break;
                        case IfStep s:
                            if (!Eval(s.Condition).AsBool()) { pc = s.Target; jumped = true; }
                            break;
                        case ElseStep s when !arrivedByJump: pc = s.Target; jumped = true; break;
                        case ExitLoopIfStep s:
                            if (Eval(s.Condition).AsBool()) { pc = s.Target; jumped = true; }
                            break;
                        case EndLoopStep s: pc = s.Target + 1; jumped = true; break;
                        case PerformScriptStep s: error = PerformScript(s, frame, Eval); break;
                        case ExitScriptStep s:
                            LastError = 0;
                            return s.Result is null ? FmValue.Empty : Eval(s.Result);
                        case HaltScriptStep: throw new HaltException();
                        case ShowCustomDialogStep s:
                            var title = s.Title is null ? "" : Eval(s.Title).AsText();
                            var message = s.Message is null ? "" : Eval(s.Message).AsText();
                            options.Output.WriteLine("[dialog] " + string.Join(": ",
                                new[] { title, message.Replace('\r', '\n') }.Where(t => t.Length > 0)));
                            LastMessageChoice = 1;
                            break;
                        case SetErrorCaptureStep s: frame.ErrorCapture = s.On; break;
                        case PauseStep s:
                            Fields.Commit(); // a pause may last: what the script set so far is kept if the host dies
                            Pause(s.Duration is null ? null : Eval(s.Duration).AsNumberOrZero());
                            break;
                        case CommitRecordsStep: Fields.Commit(); break;
                        case GoToLayoutStep or NewRecordStep or DeleteRecordStep or GoToRecordStep or SetWebViewerStep:
                            error = RecordStep(step, frame, Eval, ref pc);
                            // Exit after last left the loop; the step still reports 101, no next record.
                            if (error < 0) (error, jumped) = (101, true);
                            break;
                    }
                }
                catch (CalcException e)
                {
                    throw new ScriptRuntimeException(
                        $"{file}:{step.Line}: {step.Text.Split('[')[0].Trim()}: {e.Message}");
                }
                LastError = error;
                // Only an If's false branch enters an Else If / Else; reaching one in sequence means a branch already
                // ran.
                arrivedByJump = jumped && step is IfStep && pc < steps.Count && steps[pc] is IfStep { IsElseIf: true }
                    or ElseStep;
                if (!jumped) pc++;
                else if (arrivedByJump && steps[pc] is ElseStep) { pc++; arrivedByJump = false; }
            }
        }
        catch (ExitScriptSignal) { /* a start with control Exit ended this script; its caller goes on */ }
        return FmValue.Empty;
    }

    /// <summary>Returns FileMaker's error code: 104 when the script does not exist.</summary>
    int PerformScript(PerformScriptStep s, Frame frame, Func<Node, FmValue> eval)
    {
        var name = s.ScriptName ?? eval(s.ScriptNameCalc!).AsText();
        var parameter = s.Parameter is null ? FmValue.Empty : eval(s.Parameter);
        var target = File.Find(name);
        if (target is null)
        {
            if (!frame.ErrorCapture) options.Log.WriteLine(
                $"pluginbridge: Perform Script: script \"{name}\" is missing in {File.Name} (error 104).");
            return 104;
        }
        LastScriptResult = Run(target, parameter, frame.ErrorCapture);
        return 0;
    }

    /// <summary>
    /// Set Field. With an export's field catalog the value takes the field's type (FileMaker stores it so), and a
    /// field the file lacks is error 102, "Field is missing".
    /// </summary>
    int SetField(SetFieldStep s, FmValue value, Frame frame)
    {
        // On the layout's own table a field needs a current record (101); elsewhere a table without records gets
        // one, as the one-record-per-table host always did.
        if (IsLayoutTable(s.Table) && Fields.CurrentRecord(s.Table) is null) return 101;
        if (File.Fields is { } schema)
        {
            if (schema.KindOf(s.Table, s.Field) is not { } kind)
            {
                if (!frame.ErrorCapture)
                    options.Log.WriteLine(
                        $"pluginbridge: Set Field: {s.Table}::{s.Field} is missing in {File.Name} (error 102).");
                return 102;
            }
            value = PluginBridge.Host.Data.FieldSchema.Coerce(kind, value);
        }
        Fields.Set(s.Table, s.Field, value);
        return 0;
    }

    /// <summary>Pause/Resume Script: keeps idling (and running triggered scripts); indefinitely = until the plugin is
    /// done.</summary>
    void Pause(decimal? seconds)
    {
        var clock = Stopwatch.StartNew();
        var limit = seconds is { } s ? TimeSpan.FromSeconds((double)Math.Max(0, s)) : options.Wait;
        while (clock.Elapsed < limit)
        {
            var live = PollPlugin(paused: true);
            if (resumeRequested) { resumeRequested = false; return; }
            if (seconds is null && live <= 0) return;
            wakeup.WaitOne(idleInterval);
        }
        if (seconds is null)
            throw new WaitExceededException($"Pause/Resume Script [ Indefinitely ] still waiting after " +
                $"{options.Wait.TotalSeconds:0.#} s (--wait).");
    }
}

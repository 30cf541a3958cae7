using System.Diagnostics;
using PluginBridge.Host.Calc;
using PluginBridge.Host.Data;
using PluginBridge.Host.Native;
using PluginBridge.Host.WebViewer;

namespace PluginBridge.Host.Script;

/// <summary>Options of one run: where output goes and how long the host keeps idling for the plugin.</summary>
public sealed record RunOptions(TextWriter Output, TextWriter Log, bool Trace, TimeSpan Wait);

/// <summary>
/// Runs scripts the way FileMaker does: steps in order, $variables per script, $$variables and fields per file,
/// Perform Script with parameter and result. Between steps, while paused and while idle it calls the plugin's idle,
/// which hands over the script starts the plugin queued (WebHook requests, FM.RunScript, finished transfers).
/// As FileMaker does with FMX_StartScript, a started script joins the end of the script queue and runs when the
/// running scripts have ended. Its control acts on the running scripts at once: Halt halts them all, Exit exits the
/// current one (its caller goes on), Resume ends a Pause/Resume Script step; and a Pause start that arrives while
/// a script is paused runs right away, nested, while that script stays paused.
/// </summary>
public sealed partial class ScriptRunner : IPluginHost
{
    const int MaxDepth = 200;
    static readonly TimeSpan idleInterval = TimeSpan.FromMilliseconds(10);

    readonly IPlugin? plugin;
    readonly WebViewers viewers;
    readonly RunOptions options;
    readonly List<(string Script, string Parameter, ScriptControl Control)> queue = [];
    // Set by the plugin's wake callback (any thread): the idle waits end early when a script start is queued.
    readonly AutoResetEvent wakeup = new(false);
    int depth;
    // The script whose steps run now (innermost), for plugin evaluations; null between scripts.
    Frame? running;
    bool haltRequested, exitRequested, resumeRequested;

    public FmFile File { get; }
    public FieldStore Fields { get; }
    public Dictionary<string, FmValue> Globals { get; } = new(StringComparer.OrdinalIgnoreCase);
    public int LastError { get; private set; }
    public int LastMessageChoice { get; private set; }
    public FmValue LastScriptResult { get; private set; } = FmValue.Empty;
    /// <summary>The last start script ended with Halt Script (or a Halt start).</summary>
    public bool Halted { get; private set; }

    public ScriptRunner(FmFile file, FieldStore fields, IPlugin? plugin, WebViewers viewers, RunOptions options)
    {
        File = file; Fields = fields; this.plugin = plugin; this.viewers = viewers; this.options = options;
        plugin?.Init(this);
    }

    /// <summary>Evaluates one calculation in the running script (its $variables, as FileMaker's ExprEnv Evaluate
    /// does for a plug-in), or outside any script (the eval command).</summary>
    public FmValue Evaluate(string calculation) => new Evaluator(EvalContext()).Evaluate(calculation);

    /// <summary>The calculation context of the running script, or outside any script: globals, fields, Get() and
    /// MBS().</summary>
    public ICalcHost EvalContext() => new FrameContext(this, running ?? new Frame(null, FmValue.Empty, false));

    /// <summary>Runs a script by name as the start script; Halt Script ends it quietly. Returns its result.</summary>
    public FmValue RunScript(string name, FmValue parameter)
    {
        var script = File.Find(name) ?? throw new ScriptRuntimeException(
            $"Unknown script \"{name}\" in {File.Name}. Scripts: {string.Join(", ", File.ScriptNames)}.");
        Halted = false;
        try { return Run(script, parameter, errorCapture: false); }
        catch (HaltException) { Halted = true; return FmValue.Empty; }
        finally { haltRequested = exitRequested = resumeRequested = false; }
    }

    /// <summary>
    /// After the start script: keeps calling the plugin's idle about every 10 ms and runs the scripts it triggers,
    /// until the plugin has nothing live and nothing is queued. Throws <see cref="WaitExceededException"/> after wait.
    /// </summary>
    public void IdleUntilDone()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var live = plugin?.Idle(IdleLevel.UserIdle) ?? 0;
            RunQueuedAtTopLevel();
            if (live <= 0 && queue.Count == 0) return;
            if (clock.Elapsed > options.Wait)
                throw new WaitExceededException($"Still waiting after {options.Wait.TotalSeconds:0.#} s (--wait): " +
                    $"the plugin reports {live} live listener(s), transfer(s) or queued start(s). Release WebHooks " +
                    $"and transfers in your scripts, or raise --wait.");
            wakeup.WaitOne(idleInterval);
        }
    }

    // ---- plugin callbacks ----

    int IPluginHost.StartScript(string fileName, string scriptName, string parameter, ScriptControl control)
    {
        if (!string.Equals(fileName.Trim(), File.Name, StringComparison.OrdinalIgnoreCase))
        {
            options.Log.WriteLine($"pluginbridge: the plugin asked for script \"{scriptName}\" in file " +
                $"\"{fileName}\", but this file is \"{File.Name}\"; not started.");
            return 1;
        }
        if (!File.Has(scriptName))
        {
            options.Log.WriteLine($"pluginbridge: the plugin asked for script \"{scriptName}\", which {File.Name} " +
                $"does not have; not started.");
            return 2;
        }
        queue.Add((scriptName, parameter, control));
        switch (control)
        {
            case ScriptControl.Halt: haltRequested = depth > 0; break;
            case ScriptControl.Exit: exitRequested = depth > 0; break;
            case ScriptControl.Resume: resumeRequested = depth > 0; break;
        }
        return 0;
    }

    void IPluginHost.Wake() => wakeup.Set();

    int IPluginHost.WebViewer(string viewer, string action, string value) => viewers.Handle(viewer, action, value);

    public FmValue CallPlugin(string function, IReadOnlyList<FmValue> args)
    {
        if (plugin is null) return FmValue.Question;
        var result = plugin.Call(function, args);
        if (options.Trace && result.IsError)
            options.Log.WriteLine($"    MBS(\"{function}\") → {result.Value.AsText()}");
        return result.Value;
    }

    /// <summary>A function a FileMaker plug-in registered under its own name.</summary>
    public FmValue CallExternal(string function, IReadOnlyList<FmValue> args)
    {
        if (plugin is null) return FmValue.Question;
        var result = plugin.CallFunction(function, args);
        if (options.Trace && result.IsError) options.Log.WriteLine($"    {function} → {result.Value.AsText()}");
        return result.Value;
    }

    // ---- running ----

    /// <summary>
    /// The plugin's idle while a script runs (between steps) or is paused: starts join the queue; Halt and Exit act on
    /// the running scripts now. While paused, Pause starts run at once, nested. Returns the plugin's live count.
    /// </summary>
    int PollPlugin(bool paused = false)
    {
        if (plugin is null) return 0;
        var live = plugin.Idle(paused ? IdleLevel.ScriptPaused : IdleLevel.ScriptRunning);
        if (haltRequested) { haltRequested = false; throw new HaltException(); }
        if (exitRequested) { exitRequested = false; throw new ExitScriptSignal(); }
        while (paused && queue.FindIndex(q => q.Control == ScriptControl.Pause) is var i and >= 0)
        {
            var (script, parameter, _) = queue[i];
            queue.RemoveAt(i);
            Run(File.Find(script)!, FmValue.Text(parameter), errorCapture: false);
        }
        return live;
    }

    /// <summary>No script is running: run the queued starts in order.</summary>
    void RunQueuedAtTopLevel()
    {
        while (queue.Count > 0)
        {
            var (script, parameter, _) = queue[0];
            queue.RemoveAt(0);
            RunScript(script, FmValue.Text(parameter));
        }
    }
}

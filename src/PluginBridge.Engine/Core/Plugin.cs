using System.Diagnostics;

namespace PluginBridge.Engine.Core;

/// <summary>
/// The engine's front door: init, call by name, idle, shutdown. Everything the native exports do goes through here,
/// so the whole contract except marshalling is testable under JIT.
/// </summary>
public static class Plugin
{
    static readonly object gate = new();
    static Registry? registry;
    static IHost host = new NoHost();

    [ThreadStatic] static bool lastCallFailed;

    public const string Version = "0.1.0.01";

    public static Registry Registry
    {
        get
        {
            if (registry is not null) return registry;
            lock (gate) return registry ??= Families.Build();
        }
    }

    public static IHost Host => host;

    /// <summary>Installs the host's callbacks. Calling it again replaces them.</summary>
    public static void Init(IHost? newHost)
    {
        Encodings.LoadNamedCodePages();
        host = newHost ?? new NoHost();
        _ = Registry;
    }

    /// <summary>Releases every handle, stops listeners and drops queued script starts. Safe to call twice.</summary>
    public static void Shutdown()
    {
        Registry.ReleaseAll();
        // Again: background work finishing during the first pass (a request completing as its hook stops) may have
        // made objects in a table already passed. Released hooks and transfers make no more, so two passes suffice.
        Registry.ReleaseAll();
        ScriptQueue.Clear();
        Tracing.Tracer.Stop(); // the trace file is closed with the plug-in
        host = new NoHost();
    }

    /// <summary>Background work still alive plus script starts still queued.</summary>
    public static int LiveActivity() => ScriptQueue.Pending + Registry.LiveActivity();

    /// <summary>Delivers queued script starts to the host on this thread; returns what still keeps the host
    /// idling.</summary>
    public static int Idle()
    {
        var h = host;
        // Only the starts queued before this call: a start_script that runs the script at once, and the script
        // queues itself again, would otherwise keep idle from ever returning.
        for (var due = ScriptQueue.TakeDue(); due > 0 && ScriptQueue.TryDequeue(out var s); due--)
            if (s.Expression is null) h.StartScript(s.FileName, s.ScriptName, s.Parameter, s.Control);
            else EvaluateQueued(h, s);
        return LiveActivity();
    }

    /// <summary>An expression queued for idle: its result is not used (as MBS's); a failure, or a host without
    /// the evaluate callback, goes to the error log (MBS("ErrorLog")) under the function that set it.</summary>
    static void EvaluateQueued(IHost h, ScriptStart s)
    {
        try
        {
            var result = h.Evaluate(s.Expression!);
            if (result is null || result.Value.Failed)
                Meta.ErrorLogBook.Record(s.ScriptName, [Value.FromText(s.Parameter)], "[MBS] " + (result is null
                    ? "The host gives no evaluate callback; the expression was not evaluated."
                    : "The expression failed to evaluate: " + result.Value.Text));
        }
        catch (Exception e)
        {
            Meta.ErrorLogBook.Record(s.ScriptName, [Value.FromText(s.Parameter)], "[MBS] Internal error: " + e.Message);
        }
    }

    /// <summary>True when the previous call on this thread failed (MBS("IsError")).</summary>
    internal static bool LastCallFailed => lastCallFailed;

    /// <summary>A call refused before any function ran (the native layer's marshalling errors, a failure of its
    /// own): the "[MBS] " error, recorded for IsError as <see cref="Call"/> records its results. A call goes through
    /// exactly one of the two, so IsError is written once per call, here in the engine.</summary>
    public static Value Refuse(string message)
    {
        var result = Value.Error(message);
        lastCallFailed = true;
        return result;
    }

    /// <summary>Calls a function by name. Never throws: every failure is an "[MBS] " error value.</summary>
    public static Value Call(string name, IReadOnlyList<Value> values)
    {
        if (Registry.Find(name) is { } fn) return Call(fn, values);
        var started = Tracing.Tracer.On ? Stopwatch.GetTimestamp() : 0;
        var result = Refuse($"Unknown function: {MbsException.Echo(name)}");
        Meta.ErrorLogBook.Record(name, values, result.Text);
        if (Tracing.Tracer.On) Tracing.Tracer.Record(name, values, result, started);
        return result;
    }

    /// <summary>Calls a function already looked up (pb_call finds it without making a string of its name).</summary>
    public static Value Call(FunctionInfo fn, IReadOnlyList<Value> values)
    {
        var name = fn.Name;
        var started = Tracing.Tracer.On ? Stopwatch.GetTimestamp() : 0;
        Value result;
        try
        {
            result = Dispatch(fn, values);
        }
        catch (MbsException e)
        {
            result = Value.Error(e.Message);
        }
        catch (Exception e)
        {
            result = Value.Error($"Internal error in {MbsException.Echo(name)}: {e.GetType().Name}: {e.Message}");
        }
        // IsError reports on the call before it; it is itself a successful call.
        lastCallFailed = result.IsError;
        if (result.IsError) Meta.ErrorLogBook.Record(name, values, result.Text);
        if (Tracing.Tracer.On) Tracing.Tracer.Record(name, values, result, started);
        return result;
    }

    /// <summary>Calls the function's UTF-8 path when it has one and takes this call: the result (text, no error)
    /// is then in the sink and its length returned, recorded for IsError as <see cref="Call"/> records. -1 when the
    /// call must take the ordinary path, which then makes the result (and any error) itself.</summary>
    public static int CallOnBytes(FunctionInfo fn, ReadOnlySpan<Utf8Text> args, Utf8Sink sink)
    {
        // A traced call takes the ordinary path, which records it.
        if (fn.OnBytes is not { } onBytes || Tracing.Tracer.On || args.Length < fn.MinArgs || fn.MaxArgs >= 0
            && args.Length > fn.MaxArgs)
            return -1;
        int length;
        try { length = onBytes(args, sink); }
        catch (Exception) { return -1; } // the ordinary path reports it
        if (length >= 0) lastCallFailed = false;
        return length;
    }

    static Value Dispatch(FunctionInfo fn, IReadOnlyList<Value> values)
    {
        if (values.Count < fn.MinArgs)
            return Value.Error($"Too few parameters for {fn.Name}: needs at least {fn.MinArgs}, got {values.Count}. " +
                $"Usage: {fn.Signature}");
        if (fn.MaxArgs >= 0 && values.Count > fn.MaxArgs)
            return Value.Error($"Too many parameters for {fn.Name}: takes at most {fn.MaxArgs}, got {values.Count}. " +
                $"Usage: {fn.Signature}");
        return fn.Invoke(values.Count == 0 ? fn.NoArgs : new Args(fn.Name, values, fn.Parameters));
    }

    /// <summary>Convenience for tests and managed callers: all parameters as text.</summary>
    public static Value Call(string name, params string[] texts) =>
        Call(name, texts.Select(Value.FromText).ToArray());
}

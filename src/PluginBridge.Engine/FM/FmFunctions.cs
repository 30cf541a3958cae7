namespace PluginBridge.Engine.FM;

/// <summary>FM.* functions that reach into the host.</summary>
static class FmFunctions
{
    public static void Register(Registry r)
    {
        r.Add("FM.RunScript", "FileName; ScriptName { ; ScriptParameter; ScriptControl }", RunScript);
    }

    static Value RunScript(Args a)
    {
        var file = a.Text(0).Trim();
        var script = a.Text(1).Trim();
        if (file.Length == 0)
            throw new MbsException("FM.RunScript needs a file name; pass Get(FileName) for the current file.");
        if (script.Length == 0) throw new MbsException("FM.RunScript needs a script name.");
        if (!ScriptQueue.Enqueue(new ScriptStart(file, script, a.Text(2), ParseControl(a.Text(3, "Pause")))))
            throw new MbsException($"{ScriptQueue.MaxPending} script starts are already waiting: the host is not " +
                "calling idle, so no script can start now.");
        return Value.Ok;
    }

    /// <summary>"Pause"/"Halt"/"Exit"/"Resume" or FileMaker's numbers 0–3.</summary>
    public static ScriptControl ParseControl(string text) => text.Trim().ToLowerInvariant() switch
    {
        "pause" or "3" => ScriptControl.Pause,
        "halt" or "0" => ScriptControl.Halt,
        "exit" or "1" => ScriptControl.Exit,
        "resume" or "2" => ScriptControl.Resume,
        _ => throw new MbsException($"Unknown script control \"{text}\". Use Pause, Halt, Exit or Resume."),
    };
}

using PluginBridge.Host.Native;

namespace PluginBridge.Host.Tests;

/// <summary>Checks of the plugin's expression evaluation that both doors (pluginbridge.h, FMX) must pass.</summary>
static class EvaluateChecks
{
    /// <summary>CURL.SetFailedEvaluate (MBS's "Let ( $$Done = 1 ; 1 )" idiom, $$ID$$ = the handle): a refused
    /// connection leaves the expression for idle, where the host's calc engine sets the $$variable.</summary>
    public static void FailedTransfersExpressionRunsInIdle(IPlugin plugin)
    {
        using var folder = new ScriptFolder(("Main", """
            Set Variable [ $curl ; Value: MBS ( "CURL.New" ) ]
            Set Variable [ $r ; Value: MBS ( "CURL.SetOptionURL" ; $curl ; "http://127.0.0.1:1/" ) ]
            Set Variable [ $r ; Value: MBS ( "CURL.SetFailedEvaluate" ; $curl ; "Let ( $$failed = $$ID$$ ; 1 )" ) ]
            Set Variable [ $r ; Value: Let ( r = MBS ( "CURL.Perform" ; $curl ) ; $$failed ) ]
            Exit Script [ Text Result: $curl & "|" & $r ]
            """));
        using var run = new TestRun(folder, plugin: plugin);
        var result = run.Run("Main").Split('|');
        Assert.Equal("", result[1]); // not evaluated inside the call: at the idle between steps
        var curl = result[0];
        run.Runner.IdleUntilDone();
        Assert.Equal(curl, run.Runner.Evaluate("$$failed").AsText());
        run.Runner.Evaluate("MBS ( \"CURL.Release\" ; " + curl + " )");
    }
}

using System.Text;
using PluginBridge.Host.Calc;
using PluginBridge.Host.Native;

namespace PluginBridge.Host.Tests.Fmx;

/// <summary>
/// PluginBridge.fmx (artifacts/fmx, built by ./build.sh) in the host as FileMaker runs it: MBS(...) through the
/// registered function with a DataVect of Data, FM.RunScript delivered in Idle through cStartScript, no FM_* leaks.
/// </summary>
[Collection("fmx")]
public sealed class PluginBridgeFmxTests
{
    readonly Native.IPlugin plugin = FmxArtifacts.Bridge;

    [Fact]
    public void RegistersMbsAsAVariadicFunctionUnderItsOwnId()
    {
        var fmx = FmxArtifacts.Bridge;
        Assert.StartsWith("PluginBridge", fmx.Name);
        Assert.NotEqual("MBSP", fmx.Id);
        Assert.Equal('1', fmx.Options[4]);
        Assert.Equal('Y', fmx.Options[8]); // wants Idle
        Assert.InRange(fmx.InitResult, 62, 255);
        var mbs = Assert.Single(plugin.Functions(), f => f.Name == "MBS");
        Assert.Equal((1, -1), (mbs.MinArgs, mbs.MaxArgs));
    }

    [Fact]
    public void TextNumberAndContainerParametersGiveMbsResults()
    {
        using var folder = new ScriptFolder(("Main", "Halt Script"));
        using var run = new TestRun(folder, plugin: plugin);
        Assert.Equal("a%20b%2Fc",
            run.Runner.Evaluate("MBS(\"Text.EncodeURLComponent\"; \"a b/c\"; \"UTF-8\")").AsText());
        Assert.Equal("%C3%A9%F0%9F%98%80", run.Runner.Evaluate("MBS(\"Text.EncodeURLComponent\"; \"é😀\")").AsText());
        Assert.Equal("a\nb", run.Runner.Evaluate("MBS(\"Text.ReplaceNewLine\"; \"a¶b\"; 2)").AsText());
        Assert.Equal("[MBS] Unknown function: No.Such", run.Runner.Evaluate("MBS(\"No.Such\")").AsText());
        Assert.Equal("2",
            run.Runner.Evaluate("Let ( [ e = MBS ( \"No.Such\" ) ; f = MBS ( \"IsError\" ) ] ; f + 1 )").AsText());
        // A container parameter (BinaryData: FNAM + FILE) next to a text one that renames it.
        var source = run.Runner.Evaluate("Let ( [ e = MBS ( \"SendMail.CreateEmail\" ) ; " +
            "r = MBS ( \"SendMail.AddAttachmentContainer\" ; e ; Base64Decode ( \"w6kgdW5kIMOk\" ; \"umlaut.txt\" ) " +
                "; \"renamed.txt\" ) ; " +
            "s = MBS ( \"SendMail.GetSource\" ; e ) ; x = MBS ( \"SendMail.Release\" ; e ) ] ; r & \"|\" & s )")
                .AsText();
        Assert.StartsWith("OK|", source);
        Assert.Contains("renamed.txt", source);
        Assert.Contains("w6kgdW5kIMOk", source);
    }

    [Fact]
    public void HandlesComeBackAsNumbers()
    {
        using var folder = new ScriptFolder(("Main", "Halt Script"));
        using var run = new TestRun(folder, plugin: plugin);
        var handle = run.Runner.Evaluate("MBS ( \"SendMail.CreateEmail\" )");
        Assert.Equal(FmKind.Number, handle.Kind);
        Assert.Equal("OK", run.Runner.Evaluate($"MBS ( \"SendMail.Release\" ; {handle.AsText()} )").AsText());
    }

    /// <summary>FileMaker has no web viewer call for plug-ins; our FMWrapper's fmw_web_viewer stands in for
    /// it.</summary>
    [Fact]
    public void WebViewCallsReachTheHostsWebViewerThroughFmwWebViewer()
    {
        using var folder = new ScriptFolder(("Main", "Halt Script"));
        using var run = new TestRun(folder, plugin: plugin);
        Assert.Equal("OK",
            run.Runner.Evaluate("MBS ( \"WebView.SetCustomUserAgent\" ; \"web\" ; \"Agent/1.0\" )").AsText());
        Assert.Equal("Agent/1.0", run.Viewers.UserAgent("web"));
        Assert.StartsWith("[MBS] ", run.Runner.Evaluate("MBS ( \"WebView.LoadURL\" ; \"web\" )").AsText());
    }

    /// <summary>The FMX door evaluates through FM_ExprEnv_Evaluate with the ExprEnv of the MBS call: the host's calc
    /// engine in the running script, which calls MBS back (JSON.CurrentMatch) and sets its $variables.</summary>
    [Fact]
    public void ExpressionsAreEvaluatedThroughExprEnvEvaluate()
    {
        using var folder = new ScriptFolder(("Main", """
            Set Variable [ $paths ; Value: "" ]
            Set Variable [ $e ; Value: "Let ( $paths = $paths & MBS ( \"JSON.CurrentMatchPath\" ) ; " ]
            Set Variable [ $e ; Value: $e & "MBS ( \"JSON.CurrentMatch\" ) * 10 )" ]
            Set Variable [ $r ; Value: MBS ( "JSON.ReplaceEvaluate" ; "[1,2]" ; "$[*]" ; $e ) ]
            Set Variable [ $bad ; Value: Left ( MBS ( "JSON.ReplaceEvaluate" ; "[1]" ; "$[0]" ; "1 +" ) ; 83 ) ]
            Exit Script [ Text Result: MBS ( "JSON.Compact" ; $r ) & "|" & $paths & "|" & $bad ]
            """));
        using var run = new TestRun(folder, plugin: plugin);
        Assert.Equal("[10,20]|$[0]$[1]|" +
            "[MBS] JSON.ReplaceEvaluate: the expression failed to evaluate: FileMaker error 1200", run.Run("Main"));
    }

    /// <summary>At Idle there is no call's ExprEnv: the door makes its own (FM_ExprEnv_Constructor1) to evaluate
    /// CURL.SetFailedEvaluate's expression.</summary>
    [Fact]
    public void AFailedTransfersExpressionIsEvaluatedAtIdle()
    {
        EvaluateChecks.FailedTransfersExpressionRunsInIdle(plugin);
    }

    [Fact]
    public void FmRunScriptStartsTheScriptInIdle()
    {
        using var folder = new ScriptFolder(
            ("Main", "Set Field [ Log::Queued ; MBS ( \"FM.RunScript\" ; Get ( FileName ) ; \"Other\" ; \"via FMX\" " +
                ") ]"),
            ("Other", "Set Field [ Log::Other ; Get ( ScriptParameter ) ]"));
        using var run = new TestRun(folder, plugin: plugin);
        run.Run("Main");
        run.Runner.IdleUntilDone();
        Assert.Equal("OK", run.Field("Log", "Queued"));
        Assert.Equal("via FMX", run.Field("Log", "Other"));
    }

    [Fact]
    public void AThousandCallsLeaveNoFmObjectBehind()
    {
        var fmx = FmxArtifacts.Bridge;
        fmx.Init(new RecordingHost());
        var file = FmValue.Container(Encoding.UTF8.GetBytes("hello"), "a.txt");
        var before = fmx.LiveObjects;
        PluginResult text = null!, attach = null!;
        for (var i = 0; i < 1000; i++)
        {
            text = fmx.Call("Text.EncodeURLComponent", [FmValue.Text("a b"), FmValue.Text("UTF-8")]);
            var email = fmx.Call("SendMail.CreateEmail", []).Value;
            attach = fmx.Call("SendMail.AddAttachmentContainer", [email, file]);
            fmx.Call("SendMail.Release", [email]);
        }
        Assert.Equal(before, fmx.LiveObjects);
        Assert.Equal(("a%20b", "OK"), (text.Value.AsText(), attach.Value.AsText()));
    }
}

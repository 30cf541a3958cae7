using System.Text;
using PluginBridge.Host.Calc;
using PluginBridge.Host.Fmx;
using PluginBridge.Host.Native;

namespace PluginBridge.Host.Tests.Fmx;

/// <summary>
/// The host runs a FileMaker plug-in it was not written for: native/tests/thirdparty (plain C, its own ID "TPcx",
/// FM_* bound from the global scope) through FMExternCallProc and the stand-in FMWrapper.
/// </summary>
[Collection("fmx")]
public sealed class ThirdPartyPluginTests
{
    const string Png1x1 =
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
    readonly FmxPlugin plugin = FmxArtifacts.ThirdParty;

    [Fact]
    public void LoadsInFileMakersOrderAndListsItsFunctions()
    {
        Assert.Equal("ThirdParty C", plugin.Name);
        Assert.Equal("TPcx1nnYYnn", plugin.Options);
        Assert.Equal("TPcx", plugin.Id);
        Assert.Equal("https://example.invalid/help?id=", plugin.HelpUrl);
        Assert.Equal(77, plugin.InitResult);
        var sum = Assert.Single(plugin.Functions(), f => f.Name == "TP_Sum");
        Assert.Equal((1, -1, "TP_Sum ( number ; ... )"), (sum.MinArgs, sum.MaxArgs, sum.Signature));
        Assert.Equal(6, plugin.Functions().Count);
    }

    [Fact]
    public void TextNumberAndContainerParametersReachItsFunctions()
    {
        using var folder = new ScriptFolder(("Main", "Halt Script"));
        using var run = new TestRun(folder, plugin: plugin);
        // UTF-16 both ways: accents, a surrogate pair, ¶ as CR.
        Assert.Equal("HÉLLO WÖRLD 😀\rOK", run.Runner.Evaluate("TP_Upper ( \"héllo wörld 😀¶ok\" )").AsText());
        var sum = run.Runner.Evaluate("TP_Sum ( 1.5 ; 2 ; \"-0.25\" ; 1/4 )");
        Assert.Equal((FmKind.Number, "3.5"), (sum.Kind, sum.AsText()));
        Assert.Equal("hello.txt|FNAM:9|FILE:11",
            run.Runner.Evaluate("TP_FileInfo ( Base64Decode ( \"SGVsbG8gd29ybGQ=\" ; \"hello.txt\" ) )").AsText());
        var png = Convert.FromBase64String(Png1x1).Length;
        Assert.Equal($"dot.png|FNAM:7|PNGf:{png}|SIZE:4",
            run.Runner.Evaluate($"TP_FileInfo ( Base64Decode ( \"{Png1x1}\" ; \"dot.png\" ) )").AsText());
        Assert.Equal("42", run.Runner.Evaluate("TP_Evaluate ( \"6 * 7\" )").AsText());
    }

    [Fact]
    public void AContainerResultComesBackWithItsFileName()
    {
        using var folder = new ScriptFolder(("Main", "Halt Script"));
        using var run = new TestRun(folder, plugin: plugin);
        var made = run.Runner.Evaluate("TP_MakeFile ( \"a.txt\" ; \"héllo\" )");
        Assert.Equal(FmKind.Container, made.Kind);
        Assert.Equal("a.txt", made.FileName);
        Assert.Equal(Encoding.UTF8.GetBytes("héllo"), made.Bytes);
        Assert.Equal("a.txt|FNAM:5|FILE:6",
            run.Runner.Evaluate("TP_FileInfo ( TP_MakeFile ( \"a.txt\" ; \"héllo\" ) )").AsText());
    }

    [Fact]
    public void ItsScriptStartRunsAfterTheScriptThatAskedForIt()
    {
        using var folder = new ScriptFolder(
            ("Main", "Set Variable [ $n ; Value: TP_Later ( Get ( FileName ) ; \"Other\" ; \"from C\" ) ]\nSet Field " +
                "[ Log::Main ; $n ]"),
            ("Other", "Set Field [ Log::Other ; Get ( ScriptParameter ) ]"));
        using var run = new TestRun(folder, plugin: plugin);
        run.Run("Main");
        run.Runner.IdleUntilDone();
        Assert.Equal("1", run.Field("Log", "Main"));
        Assert.Equal("from C", run.Field("Log", "Other"));
    }

    [Fact]
    public void NoScriptStartsAtTheUnsafeIdleLevel()
    {
        var host = new RecordingHost();
        plugin.Init(host);
        Assert.Equal(FmKind.Number,
            plugin.CallFunction("TP_Later", [FmValue.Text("F"), FmValue.Text("S"), FmValue.Text("p")]).Value.Kind);
        plugin.Idle(IdleLevel.Unsafe);
        Assert.Empty(host.Starts);
        plugin.Idle(IdleLevel.UserIdle);
        Assert.Equal([("F", "S", "p", ScriptControl.Pause)], host.Starts);
    }

    [Fact]
    public void AThousandCallsLeaveNoFmObjectBehind()
    {
        plugin.Init(new RecordingHost());
        var file = FmValue.Container(Encoding.UTF8.GetBytes("hello"), "a.txt");
        var before = plugin.LiveObjects;
        PluginResult sum = null!, info = null!, upper = null!;
        for (var i = 0; i < 1000; i++)
        {
            sum = plugin.CallFunction("TP_Sum", [FmValue.Number(i), FmValue.Text("0.5")]);
            info = plugin.CallFunction("TP_FileInfo", [file]);
            upper = plugin.CallFunction("TP_Upper", [FmValue.Text("abc")]);
        }
        Assert.Equal(before, plugin.LiveObjects);
        Assert.Equal(("999.5", "a.txt|FNAM:5|FILE:5", "ABC"),
            (sum.Value.AsText(), info.Value.AsText(), upper.Value.AsText()));
    }

    [Fact]
    public void ArgumentCountsAreCheckedBeforeTheCall()
    {
        Assert.Equal(new PluginResult(FmValue.Question, true), plugin.CallFunction("TP_Upper", []));
        Assert.Equal(new PluginResult(FmValue.Question, true),
            plugin.CallFunction("TP_Upper", [FmValue.Text("a"), FmValue.Text("b")]));
        Assert.Equal(new PluginResult(FmValue.Question, true), plugin.CallFunction("TP_NoSuch", [FmValue.Text("a")]));
    }

    /// <summary>Init refused (API 61 is below its minimum): no Shutdown follows, so its functions stay
    /// registered.</summary>
    [Fact]
    public void ARefusedInitIsReportedAndNotFollowedByShutdown()
    {
        Assert.NotEmpty(plugin.Functions());
        using var old =
            FmxPlugin.Load(FmxArtifacts.ThirdPartyPath, FmxArtifacts.Wrapper, new FmxOptions(ApiVersion: 61));
        var e = Assert.Throws<PluginLoadException>(() => old.Init(new RecordingHost()));
        Assert.Contains("Init returned -1", e.Message);
        old.Dispose();
        Assert.Equal(6, plugin.Functions().Count);
    }
}

namespace PluginBridge.Host.Tests.Fmx;

/// <summary>The published host with a FileMaker plug-in: --fmx, or a --plugin path ending in .fmx.</summary>
[Collection("fmx")]
public sealed class FmxCommandLineTests
{
    [HostExecutableFact]
    public void RunsScriptsThatCallTheThirdPartyPluginsFunctions()
    {
        using var folder = new ScriptFolder(
            ("Main", """
                Show Custom Dialog [ "upper" ; TP_Upper ( "abc" ) ]
                Show Custom Dialog [ "queued" ; TP_Later ( Get ( FileName ) ; "Later" ; "p" ) ]
                """),
            ("Later", "Show Custom Dialog [ \"later\" ; Get ( ScriptParameter ) ]"));
        var (code, stdout, stderr) =
            HostExecutable.Run("run", folder.Path, "--script", "Main", "--fmx", FmxArtifacts.ThirdPartyPath);
        Assert.True(code == 0, stderr);
        Assert.Equal("[dialog] upper: ABC\n[dialog] queued: 1\n[dialog] later: p\n", stdout);
    }

    [HostExecutableFact]
    public void APluginPathEndingInFmxIsLoadedAsAFileMakerPlugin()
    {
        var (code, stdout, stderr) = HostExecutable.Run("functions", "--plugin", FmxArtifacts.ThirdPartyPath);
        Assert.True(code == 0, stderr);
        Assert.StartsWith("ThirdParty C\n", stdout);
        Assert.Contains("TP_FileInfo ( container )", stdout);
        var eval = HostExecutable.Run("eval", "MBS(\"Text.EncodeURLComponent\"; \"a b\")", "--plugin",
            FmxArtifacts.BridgePath);
        Assert.True(eval.Code == 0, eval.Err);
        Assert.Equal("a%20b\n", eval.Out);
    }

    [HostExecutableFact]
    public void AMissingPlugInFileIsReportedWithExitCode3()
    {
        using var folder = new ScriptFolder(("Main", "Halt Script"));
        var (code, _, stderr) =
            HostExecutable.Run("run", folder.Path, "--fmx", Path.Combine(folder.Path, "missing.fmx"));
        Assert.Equal(3, code);
        Assert.Contains("Plug-in not found", stderr);
    }
}

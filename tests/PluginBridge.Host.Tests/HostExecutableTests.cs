using System.Diagnostics;

namespace PluginBridge.Host.Tests;

/// <summary>A test of the published host (artifacts/host/pluginbridge, built by ./build.sh); skipped when it is
/// absent.</summary>
public sealed class HostExecutableFactAttribute : FactAttribute
{
    public HostExecutableFactAttribute()
    {
        if (!File.Exists(HostExecutable.Path))
            Skip = $"{HostExecutable.Path} not built: run ./build.sh (or ./build.sh host).";
    }
}

static class HostExecutable
{
    public static string Path =>
        Repo.Path("artifacts", "host", OperatingSystem.IsWindows() ? "pluginbridge.exe" : "pluginbridge");

    /// <summary>Runs the host with arguments; returns exit code, stdout and stderr. Bounded to 60 s.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var start = new ProcessStartInfo(Path, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(entireProcessTree: true); throw new TimeoutException(
            "pluginbridge did not finish in 60 s"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>The CLI as a user runs it: eval through the real plugin (the done test), exit codes and
/// messages.</summary>
[Collection("plugin")]
public class HostExecutableTests
{
    [HostExecutableFact]
    public void EvalOfAnMbsCallPrintsItsResult()
    {
        var (code, stdout, stderr) =
            HostExecutable.Run("eval", "MBS(\"Text.EncodeURLComponent\"; \"a b/c\"; \"UTF-8\")");
        Assert.True(code == 0, stderr);
        Assert.Equal("a%20b%2Fc\n", stdout);
    }

    [HostExecutableFact]
    public void RunsAScriptWithFieldsAndShowsThem()
    {
        using var folder = new ScriptFolder(("Greet", """
            Set Field [ Out::Text ; "Hello " & In::Name & " " & Get ( ScriptParameter ) ]
            Show Custom Dialog [ "Done" ; Out::Text ]
            """));
        var db = Path.Combine(folder.Path, "f.sqlite");
        var (code, stdout, stderr) =
            HostExecutable.Run("run", folder.Path, "--db", db, "--set", "In::Name=Ada", "--param", "!");
        Assert.True(code == 0, stderr);
        Assert.Equal("[dialog] Done: Hello Ada !\n", stdout);
        var fields = HostExecutable.Run("fields", "--db", db);
        Assert.Contains("Out::Text = Hello Ada !", fields.Out);
        Assert.Contains("In::Name = Ada", fields.Out);
        var eval = HostExecutable.Run("eval", "Length ( Out::Text )", "--db", db, "--no-plugin");
        Assert.Equal("11\n", eval.Out);
        var missing = HostExecutable.Run("eval", "1", "--db", db + ".typo", "--no-plugin");
        Assert.Equal(2, missing.Code);
        Assert.Contains("No field database at", missing.Err);
    }

    [HostExecutableFact]
    public void TracePrintsEachStep()
    {
        using var folder =
            new ScriptFolder(("Main", "# not traced\nSet Variable [ $x ; Value: 1 ]\nIf [ $x = 2 ]\nEnd If\n"));
        var (code, _, stderr) = HostExecutable.Run("run", folder.Path, "--trace", "--no-plugin", "--db",
            Path.Combine(folder.Path, "f.sqlite"));
        Assert.True(code == 0, stderr);
        Assert.Equal("» Main:2  Set Variable [ $x ; Value: 1 ]\n» Main:3  If [ $x = 2 ]\n» Main:4  End If\n", stderr);
    }

    [HostExecutableFact]
    public void ParseErrorNamesFileAndLine()
    {
        using var folder = new ScriptFolder(("Bad", "Set Variable [ $x ; Value: 1 ]\nGo to Field [ T::F ]\n"));
        var (code, _, stderr) = HostExecutable.Run("run", folder.Path);
        Assert.Equal(2, code);
        Assert.Contains("Bad.fmscript:2: Unknown script step \"Go to Field\"", stderr);
    }

    [HostExecutableFact]
    public void UnknownScriptIsAnError()
    {
        using var folder = new ScriptFolder(("A", "Halt Script"), ("B", "Halt Script"));
        var (code, _, stderr) = HostExecutable.Run("run", folder.Path, "--script", "C");
        Assert.Equal(2, code);
        Assert.Contains("Unknown script \"C\"", stderr);
        var (code2, _, stderr2) = HostExecutable.Run("run", folder.Path);
        Assert.Equal(2, code2);
        Assert.Contains("choose one with --script: A, B", stderr2);
    }

    [HostExecutableFact]
    public void MissingPluginIsExitCode3()
    {
        var (code, _, stderr) = HostExecutable.Run("eval", "1", "--plugin", "/nonexistent/libPluginBridge.so");
        Assert.Equal(3, code);
        Assert.Contains("Plugin not found: /nonexistent/libPluginBridge.so", stderr);
    }

    [HostExecutableFact]
    public void WaitExceededIsExitCode4()
    {
        using var folder = new ScriptFolder(("Listen", """
            Set Variable [ $$hook ; Value: MBS("WebHook.Create") ]
            Set Variable [ $r ; Value: MBS("WebHook.Listen"; $$hook; 0) ]
            """));
        var (code, _, stderr) = HostExecutable.Run("run", Path.Combine(folder.Path, "Listen.fmscript"), "--wait", "0.5",
            "--db", Path.Combine(folder.Path, "f.sqlite"));
        Assert.Equal(4, code);
        Assert.Contains("--wait", stderr);
    }

    [HostExecutableFact]
    public void FunctionsAreListedAsMarkdown()
    {
        var (code, stdout, stderr) = HostExecutable.Run("functions", "--markdown");
        Assert.True(code == 0, stderr);
        Assert.Contains("| `Text.EncodeURLComponent` | `MBS(\"Text.EncodeURLComponent\"; Text { ; Encoding })` |",
            stdout);
    }
}

/// <summary>The published host's test and convert commands on the examples (no peers, no plug-in).</summary>
public class HostScriptFileCommandTests
{
    [HostExecutableFact]
    public void TestCommandRunsTheExampleTestScriptAndWritesJUnit()
    {
        var junit = Path.Combine(Directory.CreateTempSubdirectory("pbjunit-").FullName, "results.xml");
        var (code, stdout, stderr) =
            HostExecutable.Run("test", Repo.Path("examples", "office365-smtp"), "--no-plugin", "--junit", junit);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("PASS Test Extract Access Token", stdout);
        var suite = System.Xml.Linq.XDocument.Load(junit).Root!.Element("testsuite")!;
        Assert.Equal("0", (string?)suite.Attribute("failures"));
        Assert.Equal("Test Extract Access Token", (string?)suite.Element("testcase")!.Attribute("name"));
        Directory.Delete(Path.GetDirectoryName(junit)!, recursive: true);
    }

    [HostExecutableFact]
    public void ConvertWritesASnippetThatRunsLikeTheScripts()
    {
        var dir = Directory.CreateTempSubdirectory("pbconvert-").FullName;
        var xmlFolder = Directory.CreateDirectory(Path.Combine(dir, "office365-smtp")).FullName;
        var (code, _, stderr) = HostExecutable.Run("convert", Repo.Path("examples", "office365-smtp"),
            Path.Combine(xmlFolder, "scripts.xml"));
        Assert.True(code == 0, stderr);
        var test = HostExecutable.Run("test", xmlFolder, "--no-plugin");
        Assert.True(test.Code == 0, test.Out + test.Err);
        Assert.Contains("PASS Test Extract Access Token", test.Out);
        var back = HostExecutable.Run("convert", Path.Combine(xmlFolder, "scripts.xml"), Path.Combine(dir, "back"));
        Assert.True(back.Code == 0, back.Err);
        Assert.Equal(Directory.GetFiles(Repo.Path("examples", "office365-smtp"), "*.fmscript").Length,
            Directory.GetFiles(Path.Combine(dir, "back"), "*.fmscript").Length);
        Directory.Delete(dir, recursive: true);
    }
}

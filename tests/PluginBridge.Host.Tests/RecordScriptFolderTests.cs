namespace PluginBridge.Host.Tests;

/// <summary>
/// Script-level tests: the FileMaker scripts in Scripts/Records check the record steps, the Get selectors and the
/// added calculation functions themselves, run by the published host's test mode, as printed text and after
/// conversion to fmxmlsnippet XML.
/// </summary>
public class RecordScriptFolderTests
{
    static readonly string folder = Repo.Path("tests", "PluginBridge.Host.Tests", "Scripts", "Records");

    [HostExecutableFact]
    public void RecordScriptsPassInTestMode()
    {
        var (code, stdout, stderr) = HostExecutable.Run("test", folder, "--no-plugin");
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("PASS Test Records", stdout);
        Assert.Contains("PASS Test Calc Functions", stdout);
    }

    [HostExecutableFact]
    public void RecordScriptsPassAfterConversionToXml()
    {
        var dir = Directory.CreateTempSubdirectory("pbrecords-").FullName;
        try
        {
            var (code, _, stderr) = HostExecutable.Run("convert", folder, Path.Combine(dir, "Records.xml"));
            Assert.True(code == 0, stderr);
            Assert.Contains("name=\"Go to Record/Request/Page\"", File.ReadAllText(Path.Combine(dir, "Records.xml")));
            var test = HostExecutable.Run("test", dir, "--no-plugin");
            Assert.True(test.Code == 0, test.Out + test.Err);
            Assert.Contains("PASS Test Records", test.Out);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}

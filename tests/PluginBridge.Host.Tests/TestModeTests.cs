using System.Xml.Linq;
using PluginBridge.Host.Script;

namespace PluginBridge.Host.Tests;

/// <summary>pluginbridge test: Test* scripts, each with fresh fields; pass/fail from result, Halt and errors;
/// JUnit.</summary>
public class TestModeTests
{
    [Fact]
    public void EachTestScriptRunsWithFreshFieldsAndIsJudgedByItsEnd()
    {
        using var folder = new ScriptFolder(
            ("Test Passes", "Set Field [ T::F ; T::F + 1 ]\nExit Script [ Text Result: T::F = 1 ]"),
            ("Test Fresh Fields", "Set Field [ T::F ; T::F + 1 ]\nExit Script [ Text Result: T::F = 1 ]"),
            ("Test Empty Result", "Set Variable [ $x ; Value: 1 ]"),
            ("Test False Result", "Exit Script [ Text Result: 0 ]"),
            ("Test Text Result", "Exit Script [ Text Result: \"expected 3, got 4\" ]"),
            ("Test Halts", "Halt Script"),
            ("Test Missing Script",
                "Set Error Capture [ On ]\nPerform Script [ Specified: From list ; “Nope” ; Parameter: ]"),
            ("Test Step Fails", "Set Variable [ $x ; Value: NoSuchName + 1 ]"),
            ("Helper", "Exit Script [ Text Result: 0 ]"));
        var outcomes = TestSuite.Run(folder.Load(), null, TextWriter.Null, TextWriter.Null, TimeSpan.FromSeconds(5))
            .ToDictionary(o => o.Script);
        Assert.Equal(8, outcomes.Count);
        Assert.True(outcomes["Test Passes"].Passed);
        Assert.True(outcomes["Test Fresh Fields"].Passed);
        Assert.True(outcomes["Test Empty Result"].Passed);
        Assert.Equal("result: 0", outcomes["Test False Result"].Message);
        Assert.Equal("result: expected 3, got 4", outcomes["Test Text Result"].Message);
        Assert.Equal("Halt Script", outcomes["Test Halts"].Message);
        Assert.Equal("Get ( LastError ) = 104 at the end", outcomes["Test Missing Script"].Message);
        Assert.False(outcomes["Test Step Fails"].Passed);
        Assert.Contains("Test Step Fails.fmscript:1:", outcomes["Test Step Fails"].Message);

        var junit = Path.Combine(folder.Path, "junit.xml");
        TestSuite.WriteJUnit(junit, folder.Name, outcomes.Values.ToList());
        var suite = XDocument.Load(junit).Root!.Element("testsuite")!;
        Assert.Equal("8", (string?)suite.Attribute("tests"));
        Assert.Equal("5", (string?)suite.Attribute("failures"));
        Assert.Equal("Halt Script", (string?)suite.Elements("testcase")
            .Single(t => (string?)t.Attribute("name") == "Test Halts").Element("failure")!.Attribute("message"));
    }
}

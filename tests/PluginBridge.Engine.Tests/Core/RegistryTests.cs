using PluginBridge.Engine.Core;
using Xunit;

namespace PluginBridge.Engine.Tests.Core;

public class RegistryTests
{
    [Theory]
    [InlineData("", 0, 0)]
    [InlineData("Text { ; Encoding }", 1, 2)]
    [InlineData("WebHook; Port { ; QueueLength }", 2, 3)]
    [InlineData("{ SkipZeros }", 0, 1)]
    [InlineData("curl; Values...", 1, -1)]
    [InlineData("FileName; ScriptName { ; ScriptParameter; ScriptControl }", 2, 4)]
    [InlineData(" a ;; b ; ", 2, 2)] // blank entries do not count
    [InlineData("a { ; b } ; c", 1, 3)]
    [InlineData("a { ; }", 1, 1)]
    [InlineData("Values...", 0, -1)]
    public void CountsParametersFromTheDocumentedText(string parameters, int min, int max)
    {
        Assert.Equal((min, max), Registry.CountParameters(parameters));
    }

    [Fact]
    public void NamesAreCaseInsensitive()
    {
        Assert.Equal("a%20b", Plugin.Call("text.encodeurlcomponent", "a b").Text);
        Assert.Equal("x\ry", Plugin.Call("Text.ReplaceNewline", "x\ny", "1").Text);
    }

    [Fact]
    public void UnknownFunctionIsAnErrorWithItsName()
    {
        var r = Plugin.Call("Foo.Bar");
        Assert.True(r.IsError);
        Assert.Equal("[MBS] Unknown function: Foo.Bar", r.Text);
    }

    [Fact]
    public void TooFewAndTooManyParametersAreClearErrors()
    {
        var few = Plugin.Call("Text.ReplaceNewLine", "x");
        Assert.True(few.IsError);
        Assert.StartsWith("[MBS] Too few parameters for Text.ReplaceNewLine: needs at least 2, got 1.", few.Text);
        Assert.Contains("MBS(\"Text.ReplaceNewLine\"; Text; Mode { ; Wrap })", few.Text);
        var many = Plugin.Call("Version", "1");
        Assert.True(many.IsError);
        Assert.StartsWith("[MBS] Too many parameters for Version: takes at most 0, got 1.", many.Text);
    }

    [Fact]
    public void IsErrorReportsOnlyThePreviousCallOnThisThread()
    {
        Plugin.Call("Foo.Bar");
        Assert.Equal("1", Plugin.Call("IsError").Text);
        Assert.Equal("0", Plugin.Call("IsError").Text);
        Plugin.Call("Foo.Bar");
        string? other = null;
        var thread = new Thread(() => other = Plugin.Call("IsError").Text); // a fresh thread has no previous call
        thread.Start();
        thread.Join();
        Assert.Equal("0", other);
        Plugin.Call("Version");
        Assert.Equal("0", Plugin.Call("IsError").Text);
    }

    [Fact]
    public void EveryFunctionHasADocLineAndAValidSignature()
    {
        foreach (var f in Plugin.Registry.Functions)
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Doc), f.Name);
            Assert.StartsWith($"MBS(\"{f.Name}\"", f.Signature);
            Assert.True(f.MaxArgs == -1 || f.MaxArgs >= f.MinArgs, f.Name);
        }
    }

    [Fact]
    public void EveryDocTableLineBelongsToARegisteredFunction()
    {
        Assert.Empty(Plugin.Registry.UnusedDocs());
    }

    [Fact]
    public void AFunctionWithoutADocLineIsRefused()
    {
        var registry = new Registry(new Dictionary<string, string> { ["Test.Documented"] = "Has a line." });
        registry.Add("Test.Documented", "", _ => Value.Ok);
        Assert.Equal("Has a line.", registry.Find("test.documented")!.Doc);
        var e = Assert.Throws<InvalidOperationException>(() => registry.Add("Test.Undocumented", "", _ => Value.Ok));
        Assert.Contains("functions.tsv", e.Message);
    }

    [Fact]
    public void TheFamiliesDocLinesAreReadAtTheirFirstUseAndAFunctionWithoutOneIsRefusedThen()
    {
        var registry = new Registry(); // the families' functions.tsv tables: not read while functions are added
        registry.Add("Version", "", _ => Value.FromText("v"));
        registry.Add("Test.Undocumented", "", _ => Value.Ok);
        Assert.Equal("v", registry.Find("version")!.Invoke(new Args("Version", [])).Text); // callable meanwhile
        var e = Assert.Throws<InvalidOperationException>(() => registry.Find("Version")!.Doc);
        Assert.Contains("Test.Undocumented has no line in its family's functions.tsv", e.Message);
        Assert.Throws<InvalidOperationException>(() => registry.UnusedDocs().ToList());

        var read = new Registry();
        read.Add("Version", "", _ => Value.Ok);
        Assert.Equal(Plugin.Registry.Find("Version")!.Doc, read.Find("Version")!.Doc);
        // Once read, a function without a line is refused as it is added.
        Assert.Throws<InvalidOperationException>(() => read.Add("Test.Undocumented", "", _ => Value.Ok));
    }

    [Fact]
    public void DocLinesAreReadFromUtf8WithOrWithoutCarriageReturns()
    {
        var docs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var tsv = "\uFEFF# comment\r\nA.One\tFirst — with é.\r\n\nA.Two\tSecond\tkeeps its tab\nA.Three\tlast"u8;
        FunctionDocs.Parse("test.tsv", tsv, docs);
        Assert.Equal(3, docs.Count);
        Assert.Equal("First — with é.", docs["a.one"]);
        Assert.Equal("Second\tkeeps its tab", docs["A.Two"]);
        Assert.Equal("last", docs["A.Three"]);
        Assert.Contains("test.tsv", Assert.Throws<InvalidOperationException>(
            () => FunctionDocs.Parse("test.tsv", "A.One\tagain\n"u8, docs)).Message);
        Assert.Throws<InvalidOperationException>(() => FunctionDocs.Parse("test.tsv", "no tab here\n"u8, docs));
    }

    [Fact]
    public void DocsFunctionsMdIsGeneratedFromTheRegistry()
    {
        var path = Path.Combine(RepoRoot(), "docs", "functions.md");
        Assert.True(File.Exists(path), "docs/functions.md is missing: run ./build.sh docs");
        Assert.True(File.ReadAllText(path) == FunctionsMarkdown.Of(Plugin.Registry),
            "docs/functions.md is stale: run ./build.sh docs");
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PluginBridge.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("repo root (PluginBridge.sln) not found");
    }
}

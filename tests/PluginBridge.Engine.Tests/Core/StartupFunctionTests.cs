using PluginBridge.Engine.Core;
using Xunit;

namespace PluginBridge.Engine.Tests.Core;

/// <summary>The start-up idioms of MBS scripts (examples from MBS's Platform, IsRegistered and Version
/// pages).</summary>
[Collection("Success return")]
public class StartupFunctionTests
{
    [Fact]
    public void VersionSatisfiesMinimumVersionChecks()
    {
        var v = Plugin.Call("Version").Text;
        Assert.Equal("16.2.0.01", v);
        Assert.True(string.CompareOrdinal(v, "11.5") >= 0); // MBS("Version") ≥ "11.5" compares text
        Assert.True(double.Parse(v[..4], System.Globalization.CultureInfo.InvariantCulture) >= 11.5);
        Assert.NotEqual(Plugin.Version, v); // our own version stays in pb_version
    }

    sealed class ArraySink : Utf8Sink
    {
        public byte[] Buffer = [];

        public override Span<byte> Allocate(int capacity) => Buffer = new byte[capacity];
    }

    [Fact]
    public void VersionOnBytesGivesTheOrdinaryResultAndClearsIsError()
    {
        var fn = Plugin.Registry.Find("version")!;
        Assert.NotNull(fn.OnBytes); // pb_call's path: the text copied into the result memory, no string made
        Assert.True(Plugin.Call("No.Such.Function").IsError);
        var sink = new ArraySink();
        var length = Plugin.CallOnBytes(fn, [], sink);
        Assert.Equal(Plugin.Call("Version").Text, System.Text.Encoding.UTF8.GetString(sink.Buffer, 0, length));
        Assert.Equal("0", Plugin.Call("IsError").Text);
        Assert.True(Plugin.Call("No.Such.Function").IsError);
        Assert.Equal(-1, Plugin.CallOnBytes(fn, new Utf8Text[1], sink)); // a parameter too many: the ordinary path
        Assert.True(Plugin.Call("Version", "x").IsError);
    }

    [Fact]
    public void VersionAutoUpdateIsEightDigits() => Assert.Equal("16020001", Plugin.Call("VersionAutoUpdate").Text);

    [Fact]
    public void RegisterAcceptsAndIsRegisteredIsOne()
    {
        Assert.Equal("OK", Plugin.Call("Register", "Some Company", "Complete", "Site", "202612", "123-456").Text);
        Assert.Equal("1", Plugin.Call("IsRegistered").Text);
        Assert.Equal("1", Plugin.Call("IsRegistered", "webview").Text);
        Assert.True(Plugin.Call("Register", "only one").IsError); // MBS's five parameters
    }

    [Fact]
    public void ExactlyOneOperatingSystemCheckIsTrue()
    {
        // The CURL.SetOptionCAInfo example's branches: IsIOS, IsMacOSX, IsWindows, IsLinux; this machine runs one.
        var answers = new[] { "IsIOS", "IsMacOSX", "IsWindows", "IsLinux" }
            .ToDictionary(f => f, f => Plugin.Call(f).Text);
        Assert.All(answers.Values, v => Assert.Contains(v, new[] { "0", "1" }));
        Assert.Single(answers, a => a.Value == "1");
        Assert.Equal(OperatingSystem.IsLinux() ? "1" : "0", answers["IsLinux"]);
        Assert.True(Plugin.Call("IsLinux", "extra").IsError); // MBS documents no parameters
    }

    [Fact]
    public void PlatformIsFileMakerPro() => Assert.Equal("FileMaker Pro", Plugin.Call("Platform").Text);

    [Fact]
    public void SetSuccessReturnChangesWhatSettersReturn()
    {
        try
        {
            Assert.Equal("1", Plugin.Call("Plugin.SetSuccessReturn", "1").Text);
            Assert.Equal("1", Plugin.Call("Plugin.GetSuccessReturn").Text);
            Assert.Equal("1", Plugin.Call("ClearErrors").Text);
        }
        finally
        {
            Plugin.Call("Plugin.SetSuccessReturn", "");
        }
        Assert.Equal("OK", Plugin.Call("Plugin.GetSuccessReturn").Text);
    }

    [Fact]
    public void ClearErrorsHadErrorsAndErrorLog()
    {
        Plugin.Call("Foo.Bar"); // before ClearErrors: not counted
        Assert.Equal("OK", Plugin.Call("ClearErrors").Text);
        Assert.Equal("0", Plugin.Call("HadErrors").Text);
        Plugin.Call("Foo.Bar", "x");
        Plugin.Call("Text.EncodeURLComponent", "a");
        Assert.Equal("1", Plugin.Call("HadErrors").Text);
        var log = Plugin.Call("ErrorLog").Text;
        Assert.StartsWith("[ { \"function\" : \"Foo.Bar\" , \"result\" : \"[MBS] Unknown function: Foo.Bar\" , " +
            "\"parameter\" : [ \"Foo.Bar\" , \"x\" ]", log);
        Plugin.Call("Foo.Bar"); // reading the log stopped logging
        Assert.Equal("1", Plugin.Call("HadErrors").Text);
    }
}

/// <summary>Plugin.SetSuccessReturn is process-wide: these tests run alone so no other test sees "1" for OK.</summary>
[CollectionDefinition("Success return", DisableParallelization = true)]
public class SuccessReturnCollection;

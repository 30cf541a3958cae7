using PluginBridge.Engine.Core;
using PluginBridge.Tests.Shared;
using Xunit;

namespace PluginBridge.Engine.Tests.Core;

/// <summary>MBS's "report the plug-in's status" script (Plugin.LicenseeName's example): Version, Platform,
/// Plugin.BuildNumber, Plugin.Path, IsRegistered, Plugin.LicenseeName and Plugin.isDebug, in this process and
/// through the published native library. In the "trace" collection: the trace tests call
/// Register too.</summary>
[Collection("trace")]
public class PluginFactsTests
{
    [Fact]
    public void StatusScriptCallsAnswer()
    {
        Assert.Equal("1", Plugin.Call("Plugin.BuildNumber").Text); // the last part of pb_version 0.1.0.01
        Assert.Equal("OK", Plugin.Call("Register", "Example Corp", "Complete", "Server", "202712", "1234").Text);
        Assert.Equal("Example Corp", Plugin.Call("Plugin.LicenseeName").Text);
        Assert.Equal("1", Plugin.Call("IsRegistered").Text);
#if DEBUG
        Assert.Equal("1", Plugin.Call("Plugin.isDebug").Text);
#else
        Assert.Equal("0", Plugin.Call("Plugin.IsDebug").Text); // names are case-insensitive (MBS's own example)
#endif
        // This test process has no FileMaker: no application type, so not a server.
        Assert.Equal("0", Plugin.Call("IsServer").Text);
        // The engine runs managed here, not from a library of its own: Plugin.Path says so instead of guessing.
        var path = Plugin.Call("Plugin.Path");
        Assert.True(path.IsError);
        Assert.StartsWith("[MBS] ", path.Text);
    }

    [Fact]
    public void PathIsTheLoadedNativeLibrary()
    {
        var (text, isError) = NativePlugin.Call("Plugin.Path");
        Assert.False(isError, text);
        Assert.Equal(Path.GetFullPath(NativePlugin.PathToPlugin()), text);
        Assert.True(File.Exists(text), text);
        Assert.Equal(("0", false), NativePlugin.Call("IsServer"));
    }
}

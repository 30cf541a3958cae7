using PluginBridge.Tests.Shared;
using Xunit;

namespace PluginBridge.Engine.Tests.Core;

/// <summary>The published NativeAOT library, loaded into this process and called through pb_call.</summary>
public class NativeLibraryTests
{
    [Fact]
    public void EncodesThroughTheNativeLibrary()
    {
        Assert.Equal(("a%20b%2Fc", false), NativePlugin.Call("Text.EncodeURLComponent", "a b/c", "UTF-8"));
    }

    [Fact]
    public void UnknownFunctionIsAnErrorThroughTheNativeLibrary()
    {
        Assert.Equal(("[MBS] Unknown function: No.Such", true), NativePlugin.Call("No.Such"));
    }
}

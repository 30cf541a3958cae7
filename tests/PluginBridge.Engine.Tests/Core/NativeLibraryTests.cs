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
    public void NamesAreFoundWithoutCaseOrSurroundingSpacesThroughTheNativeLibrary()
    {
        // pb_call looks names up from the UTF-8 bytes (no string made); long names take the string path.
        Assert.Equal(("a%20b", false), NativePlugin.Call("  text.ENCODEurlcomponent ", "a b"));
        Assert.Equal(("[MBS] Unknown function: " + new string('x', 200), true),
            NativePlugin.Call(new string('x', 200)));
        Assert.Equal(("[MBS] Unknown function: Grüße.日本", true), NativePlugin.Call("Grüße.日本"));
    }

    [Fact]
    public void UnknownFunctionIsAnErrorThroughTheNativeLibrary()
    {
        Assert.Equal(("[MBS] Unknown function: No.Such", true), NativePlugin.Call("No.Such"));
    }
}

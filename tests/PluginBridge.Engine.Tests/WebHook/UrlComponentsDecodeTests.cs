using System.Text;
using PluginBridge.Engine.Core;
using PluginBridge.Engine.WebHook;
using Xunit;

namespace PluginBridge.Engine.Tests.WebHook;

// WebRequest.URLComponents decodes Path, Query and Parameters with its optional Encoding (default UTF-8): only the
// %XX bytes are read in that encoding; characters the client sent unencoded stay as they are.
public class UrlComponentsDecodeTests
{
    [Theory]
    [InlineData("H%C3%B6llo", "UTF-8", "Höllo")]
    [InlineData("H%F6llo", "ISO-8859-1", "Höllo")]
    [InlineData("é%E9", "ISO-8859-1", "éé")]
    [InlineData("日本%20x", "ISO-8859-1", "日本 x")]
    [InlineData("a+b%2B", "UTF-8", "a b+")]
    [InlineData("100%", "UTF-8", "100%")]
    public void OnlyPercentBytesAreReadInTheEncoding(string raw, string encoding, string expected)
    {
        Assert.Equal(expected, UrlComponents.Decode(raw, plusIsSpace: true, Encodings.Get(encoding)));
    }

    [Fact]
    public void ParametersKeepUnencodedCharacters()
    {
        var p = UrlComponents.Parameters("code=é%E9&state=x+y", Encoding.Latin1).ToList();
        Assert.Equal([new("code", "éé"), new("state", "x y")], p);
    }
}

using PluginBridge.Engine.Core;
using Xunit;

namespace PluginBridge.Engine.Tests.Text;

public class TextFunctionTests
{
    [Theory]
    [InlineData("a b/c", "a%20b%2Fc")]
    [InlineData("http://www.mbsplugins.de", "http%3A%2F%2Fwww%2Embsplugins%2Ede")] // MBS's own example
    [InlineData("http://localhost:9999/", "http%3A%2F%2Flocalhost%3A9999%2F")]
    [InlineData("é", "%C3%A9")]
    [InlineData("Grüße 日本", "Gr%C3%BC%C3%9Fe%20%E6%97%A5%E6%9C%AC")]
    [InlineData("-_.~+", "%2D%5F%2E%7E%2B")]
    [InlineData("", "")]
    public void EncodeURLComponentKeepsOnlyLettersAndDigits(string input, string expected)
    {
        Assert.Equal(expected, Plugin.Call("Text.EncodeURLComponent", input, "UTF-8").Text);
    }

    [Fact]
    public void EncodeURLComponentHonoursTheEncoding()
    {
        Assert.Equal("%E9", Plugin.Call("Text.EncodeURLComponent", "é", "Windows").Text);
        Assert.Equal("%8E", Plugin.Call("Text.EncodeURLComponent", "é", "Mac").Text);
        Assert.Equal("%E9", Plugin.Call("Text.EncodeURLComponent", "é", "ISO-8859-1").Text);
        Assert.Equal("%C3%A9", Plugin.Call("Text.EncodeURLComponent", "é").Text); // native = UTF-8
    }

    [Theory]
    [InlineData("a%20b%2Fc", "a b/c")]
    [InlineData("H%C3%B6llo", "Höllo")]
    [InlineData("a+b", "a+b")]
    [InlineData("100%", "100%")]
    [InlineData("%zz%4", "%zz%4")]
    [InlineData("日本%20x", "日本 x")]
    public void DecodeURLComponent(string input, string expected)
    {
        Assert.Equal(expected, Plugin.Call("Text.DecodeURLComponent", input).Text);
    }

    // mbs-functions.md §5: DecodeURLComponent reverses EncodeURLComponent in the given encoding; only the %XX bytes are
    // decoded with it, characters that were not encoded stay as they are (they were read as UTF-8 bytes before).
    [Theory]
    [InlineData("%E9", "ISO-8859-1", "é")]
    [InlineData("é%E9", "ISO-8859-1", "éé")]
    [InlineData("日本%20x%8E", "Mac", "日本 xé")]
    [InlineData("Grüße%20%C3%A9", "UTF-8", "Grüße é")]
    public void DecodeURLComponentKeepsCharactersThatWereNotEncoded(string input, string encoding, string expected)
    {
        Assert.Equal(expected, Plugin.Call("Text.DecodeURLComponent", input, encoding).Text);
    }

    [Fact]
    public void UnsupportedEncodingIsAnErrorNotAnInternalFailure()
    {
        // Found by libFuzzer: the runtime refuses UTF-7 with NotSupportedException, which escaped as "Internal error".
        var r = Plugin.Call("Text.EncodeURLComponent", "a b/c", "UTF-7");
        Assert.StartsWith("[MBS] Unknown text encoding", r.Text);
    }

    [Fact]
    public void LongRunsAroundEncodedBytesKeepTheirPlace()
    {
        var plain = new string('a', 1000) + "é" + new string('Z', 77) + " " + new string('9', 33);
        var encoded = new string('a', 1000) + "%C3%A9" + new string('Z', 77) + "%20" + new string('9', 33);
        Assert.Equal(encoded, Plugin.Call("Text.EncodeURLComponent", plain, "UTF-8").Text);
        Assert.Equal(plain, Plugin.Call("Text.DecodeURLComponent", encoded, "UTF-8").Text);
    }

    [Fact]
    public void DecodeRoundTripsEncode()
    {
        var s = "Ünïcødé & ?=/ ¶ 🙂";
        Assert.Equal(s, Plugin.Call("Text.DecodeURLComponent", Plugin.Call("Text.EncodeURLComponent", s, "UTF-8").Text,
            "UTF-8").Text);
    }

    [Theory]
    [InlineData("a\r\nb\nc\rd", 0, "abcd")]
    [InlineData("a\r\nb\nc\rd", 1, "a\rb\rc\rd")]
    [InlineData("a\r\nb\nc\rd", 2, "a\nb\nc\nd")]
    [InlineData("a\r\nb\nc\rd", 3, "a\r\nb\r\nc\r\nd")]
    [InlineData("a\nb", 4, "a<br>b")]
    [InlineData("a\nb", 5, "a<br />b")]
    [InlineData("a\n\n\r\nb", 9, "a\rb")]
    [InlineData("a\n\nb", 11, "a\r\nb")]
    [InlineData("a\nb\0c", 1, "a\rb")]
    public void ReplaceNewLineModes(string input, int mode, string expected)
    {
        Assert.Equal(expected, Plugin.Call("Text.ReplaceNewLine", input, mode.ToString()).Text);
    }

    [Fact]
    public void ReplaceNewLineRejectsUnknownModeAndNonNumbers()
    {
        Assert.StartsWith("[MBS] Unknown newline mode 6.", Plugin.Call("Text.ReplaceNewLine", "x", "6").Text);
        var r = Plugin.Call("Text.ReplaceNewLine", "x", "three");
        Assert.True(r.IsError);
        Assert.Equal("[MBS] Parameter 2 of Text.ReplaceNewLine must be a number, got \"three\".", r.Text);
    }

    [Fact]
    public void ReplaceNewLineWrapsLongLines()
    {
        Assert.Equal("aaa bbb\rccc", Plugin.Call("Text.ReplaceNewLine", "aaa bbb ccc", "1", "7").Text);
    }
}

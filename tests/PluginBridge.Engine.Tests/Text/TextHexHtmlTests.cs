using PluginBridge.Engine.Core;
using Xunit;

namespace PluginBridge.Engine.Tests.Text;

/// <summary>Text.EncodeToHex, Text.DecodeFromHex and Text.TextToHTML with the examples and results of MBS's
/// pages.</summary>
public class TextHexHtmlTests
{
    const string Header =
        "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\" \"http://www.w3.org/TR/html4/loose.dtd\">\n" +
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"de\">\n<head>\n" +
        "<meta http-equiv=\"content-type\" content=\"application/xhtml+xml; charset=utf-8\" />\n</head>\n<body>\n";

    [Fact]
    public void HexFollowsMbsExamples()
    {
        Assert.Equal("48656C6C6F20576F726C64", Plugin.Call("Text.EncodeToHex", "Hello World", "utf8").Text);
        Assert.Equal("F09F8D8E20F09F8D9320F09F8D92", Plugin.Call("Text.EncodeToHex", "🍎 🍓 🍒", "UTF-8").Text);
        Assert.Equal("E9", Plugin.Call("Text.EncodeToHex", "é", "ISO-8859-1").Text);
        Assert.Equal("Hello World", Plugin.Call("Text.DecodeFromHex", "48656C6C6F20576F726C64", "utf8").Text);
        Assert.Equal("🍎 🍓 🍒", Plugin.Call("Text.DecodeFromHex", "F09F8D8E20F09F8D9320F09F8D92", "UTF-8").Text);
        Assert.Equal("é", Plugin.Call("Text.DecodeFromHex", "c3 a9").Text); // default native = UTF-8
        Assert.Equal("AB", Plugin.Call("Text.DecodeFromHex", "41004200", "UTF-16LE").Text);
        var bad = Plugin.Call("Text.DecodeFromHex", "4G");
        Assert.True(bad.IsError);
        Assert.StartsWith("[MBS] The text is not valid hexadecimal", bad.Text);
    }

    [Fact]
    public void TextToHtmlFollowsMbsExamples()
    {
        Assert.Equal(Header + "<p>Hello World</p></body>\n</html>", Plugin.Call("Text.TextToHTML", "Hello World").Text);
        Assert.Equal("<p>Hello World</p>", Plugin.Call("Text.TextToHTML", "Hello World", "1").Text);
        Assert.Equal(Header + "<p>Hello World</p>\n<p>\nJust a test</p></body>\n</html>",
            Plugin.Call("Text.TextToHTML", "Hello World\r\rJust a test", "32").Text);
    }

    [Fact]
    public void TextToHtmlEscapesAndBreaksLines()
    {
        Assert.Equal("<p>a &lt;b&gt; &amp; &quot;c&quot;<br/>\nd<br/>\n<br/>\ne</p>",
            Plugin.Call("Text.TextToHTML", "a <b> & \"c\"\rd\n\r\ne", "1").Text);
        Assert.Equal("<p>see <a href=\"https://example.com/\">here</a> &lt;i&gt;</p>",
            Plugin.Call("Text.TextToHTML", "see <a href=\"https://example.com/\">here</a> <i>", "17").Text);
    }
}

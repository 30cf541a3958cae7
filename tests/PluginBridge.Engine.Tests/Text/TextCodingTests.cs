using PluginBridge.Engine.Core;
using Xunit;

namespace PluginBridge.Engine.Tests.Text;

/// <summary>Text.RemovePrefix, Base64URL, URL encoding, text files, Hash.SHA256(.HMAC) and Path.*; expected values
/// from MBS's documented examples (catalogue and vendor pages) and RFC test vectors.</summary>
public class TextCodingTests
{
    [Fact]
    public void RemovePrefixStripsMbsErrorPrefix()
    {
        Assert.Equal("Hello World", Plugin.Call("Text.RemovePrefix", ">Hello World", ">").Text);
        Assert.Equal("🍓🍒", Plugin.Call("Text.RemovePrefix", "🍎🍓🍒", "🍎").Text);
        var error = Plugin.Call("Foo.Bar").Text;
        Assert.Equal("Unknown function: Foo.Bar", Plugin.Call("Text.RemovePrefix", error, "[MBS] ").Text);
        Assert.Equal("Hello", Plugin.Call("Text.RemovePrefix", "abcHello", "ABC").Text); // case-insensitive by default
        Assert.Equal("abcHello", Plugin.Call("Text.RemovePrefix", "abcHello", "ABC", "1").Text);
    }

    [Fact]
    public void Base64UrlRoundTripsWithoutPadding()
    {
        Assert.Equal("eyJhbGciOiJIUzI1NiJ9",
            Plugin.Call("Text.EncodeToBase64URL", "{\"alg\":\"HS256\"}", "UTF-8").Text);
        Assert.Equal("-_8", Plugin.Call("Text.EncodeToBase64URL", "FBFF", "Hex").Text);
        Assert.Equal("{\"alg\":\"HS256\"}",
            Plugin.Call("Text.DecodeFromBase64URL", "eyJhbGciOiJIUzI1NiJ9", "UTF-8").Text);
        Assert.Equal("é", Plugin.Call("Text.DecodeFromBase64URL", "w6k").Text);
        Assert.True(Plugin.Call("Text.DecodeFromBase64URL", "!!!").IsError);
    }

    [Theory]
    [InlineData("Hello World", "Hello+World")]                                   // MBS's example
    [InlineData("Hello öäü", "Hello+%C3%B6%C3%A4%C3%BC")]                        // MBS's example
    [InlineData("🍎 🍓 🍒", "%F0%9F%8D%8E+%F0%9F%8D%93+%F0%9F%8D%92")]          // MBS's example
    [InlineData("a-b_c.d~e/f", "a-b_c.d%7Ee%2Ff")]                               // PHP urlencode keeps -_. only
    public void EncodeToUrlAndBack(string text, string encoded)
    {
        Assert.Equal(encoded, Plugin.Call("Text.EncodeToURL", text, "utf8").Text);
        Assert.Equal(text, Plugin.Call("Text.DecodeFromURL", encoded, "utf8").Text);
    }

    [Fact]
    public void WriteAndReadTextFile()
    {
        var dir = Directory.CreateTempSubdirectory("pb-text-");
        try
        {
            var path = System.IO.Path.Combine(dir.FullName, "test.txt");
            Assert.Equal("OK", Plugin.Call("Text.WriteTextFile", "Grüße\r\n", path, "UTF-8").Text);
            Assert.Equal("Grüße\r\n"u8.ToArray(), File.ReadAllBytes(path)); // no byte order mark
            Assert.Equal("Grüße\r\n", Plugin.Call("Text.ReadTextFile", path, "UTF-8").Text);
            Assert.Equal("4772C3BCC39F650D0A", Plugin.Call("Text.ReadTextFile", path, "Hex").Text);
            // FileMaker path
            Assert.Equal("OK", Plugin.Call("Text.WriteTextFile", "é", "file:" + path, "Windows").Text);
            Assert.Equal(new byte[] { 0xE9 }, File.ReadAllBytes(path));
            Assert.Equal("é", Plugin.Call("Text.ReadTextFile", path, "ISO-8859-1").Text);
            var missing = Plugin.Call("Text.ReadTextFile", System.IO.Path.Combine(dir.FullName, "none.txt"));
            Assert.True(missing.IsError);
            Assert.StartsWith("[MBS] Failed to read file", missing.Text);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void Sha256AsMbsDocuments()
    {
        // Empty text and "abc" (FIPS 180-2 vectors), uppercase hex as MBS returns.
        Assert.Equal("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
            Plugin.Call("Hash.SHA256", "").Text);
        Assert.Equal("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
            Plugin.Call("Hash.SHA256", "abc").Text);
        Assert.Equal("ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=", Plugin.Call("Hash.SHA256", "abc", "1").Text);
        Assert.Equal("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0", Plugin.Call("Hash.SHA256", "abc", "8").Text);
        Assert.Equal("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
            Plugin.Call("Hash.SHA256", "616263", "2").Text);
    }

    [Fact]
    public void Sha256HmacMbsExamples()
    {
        Assert.Equal("B613679A0814D9EC772F95D778C35FC5FF1697C493715653C6C712144292C5AD",
            Plugin.Call("Hash.SHA256.HMAC", "", "").Text);
        Assert.Equal("F7BC83F430538424B13298E6AA6FB143EF4D59A14946175997479DBC2D1A3CD8",
            Plugin.Call("Hash.SHA256.HMAC", "key", "The quick brown fox jumps over the lazy dog").Text);
        Assert.Equal("F7BC83F430538424B13298E6AA6FB143EF4D59A14946175997479DBC2D1A3CD8",
            Plugin.Call("Hash.SHA256.HMAC", "6B6579",
                "54686520717569636B2062726F776E20666F78206A756D7073206F76657220746865206C617A7920646F67", "6").Text);
    }

    [Theory]
    [InlineData("/tmp/folder", "test.jpg", "/tmp/folder/test.jpg")]
    [InlineData("/tmp/folder/", "/test.jpg", "/tmp/folder/test.jpg")]
    [InlineData("C:\\Temp", "test.jpg", "C:\\Temp\\test.jpg")]
    public void AddPathComponent(string path, string component, string expected) =>
        Assert.Equal(expected, Plugin.Call("Path.AddPathComponent", path, component).Text);

    [Fact]
    public void AddPathComponentTakesSeveralComponents() // MBS's example joins a folder and three parts
    {
        Assert.Equal("/Users/Shared/a/b/test.txt",
            Plugin.Call("Path.AddPathComponent", "/Users/Shared", "a", "b/", "test.txt").Text);
        Assert.Equal("C:\\Temp\\a\\test.txt", Plugin.Call("Path.AddPathComponent", "C:\\Temp", "a", "test.txt").Text);
    }

    [Theory]
    [InlineData("file:/home/user/test.txt", "/home/user/test.txt")]
    [InlineData("filelinux:/home/user/a b.txt", "/home/user/a b.txt")]
    [InlineData("/home/user/x.pdf", "/home/user/x.pdf")]
    [InlineData("file:/C:/Users/Joe/x.pdf", "C:/Users/Joe/x.pdf")]
    public void FileMakerPathToNativePath(string fmPath, string expected)
    {
        if (OperatingSystem.IsWindows()) return; // the expectations are for POSIX systems
        Assert.Equal(expected, Plugin.Call("Path.FileMakerPathToNativePath", fmPath).Text);
    }
}

using System.Runtime.InteropServices;
using System.Text;
using PluginBridge.Engine.Core;
using Xunit;

namespace PluginBridge.Engine.Tests.Text;

/// <summary>
/// The bytes paths of Text.EncodeURLComponent, DecodeURLComponent, DecodeFromURL and ReplaceNewLine (what pb_call uses)
/// give
/// exactly the string functions' results, take the common cases, and decline only where they must.
/// </summary>
public class TextOnBytesTests
{
    sealed class ArraySink : Utf8Sink
    {
        public byte[] Buffer = [];
        public int Requests;

        public override Span<byte> Allocate(int capacity)
        {
            Requests++;
            Buffer = new byte[capacity];
            return Buffer;
        }
    }

    /// <summary>The bytes path's result, or null when it declined.</summary>
    static unsafe string? OnBytes(string name, params string[] args)
    {
        var fn = Plugin.Registry.Find(name)!;
        Assert.NotNull(fn.OnBytes);
        var bytes = args.Select(Encoding.UTF8.GetBytes).ToArray();
        var handles = bytes.Select(b => GCHandle.Alloc(b, GCHandleType.Pinned)).ToArray();
        try
        {
            var texts = bytes.Select((b, i) => new Utf8Text((byte*)handles[i].AddrOfPinnedObject(), b.Length))
                .ToArray();
            var sink = new ArraySink();
            var length = Plugin.CallOnBytes(fn, texts, sink);
            Assert.True(sink.Requests <= 1, "the result memory is asked for once");
            return length < 0 ? null : Encoding.UTF8.GetString(sink.Buffer, 0, length);
        }
        finally
        {
            foreach (var h in handles) h.Free();
        }
    }

    static readonly string[] Pieces =
    [
        "a", "Z", "9", " ", "-", "_", ".", "~", "+", "/", "?", "&", "=", "%", "\r", "\n", "\r\n", "\0", "é", "ü", "日",
        "😀", "%2", "%4", "%20", "%C3%A9", "%c3%a9", "%zz", "%E6%97%A5", "%FF", "%C3", "<br>", "abcdefghijklmnopq",
    ];

    static string RandomText(Random random)
    {
        var sb = new StringBuilder();
        for (var n = random.Next(0, 40); n > 0; n--) sb.Append(Pieces[random.Next(Pieces.Length)]);
        return sb.ToString();
    }

    [Fact]
    public void EncodeOnBytesEqualsTheStringFunction()
    {
        var random = new Random(12);
        for (var i = 0; i < 3000; i++)
        {
            var text = i == 0 ? "" : RandomText(random);
            var encoding = (i % 3) switch { 0 => "UTF-8", 1 => "", _ => "utf-8" };
            Assert.Equal(Plugin.Call("Text.EncodeURLComponent", text, encoding).Text,
                OnBytes("Text.EncodeURLComponent", text, encoding));
        }
        // Plain runs of every length around the 16-byte blocks, with one byte to encode at every place.
        for (var length = 0; length < 70; length++)
            for (var at = 0; at <= length; at++)
            {
                var text = new string('a', at) + "/" + new string('Z', length - at);
                Assert.Equal(Plugin.Call("Text.EncodeURLComponent", text).Text,
                    OnBytes("Text.EncodeURLComponent", text));
            }
        Assert.Equal("Gr%C3%BC%C3%9Fe%20%E6%97%A5", OnBytes("Text.EncodeURLComponent", "Grüße 日"));
    }

    [Fact]
    public void DecodeOnBytesEqualsTheStringFunctionOrDeclinesForInvalidUtf8()
    {
        var random = new Random(34);
        var declined = 0;
        for (var i = 0; i < 3000; i++)
        {
            var text = RandomText(random);
            var expected = Plugin.Call("Text.DecodeURLComponent", text, "UTF-8").Text;
            var onBytes = OnBytes("Text.DecodeURLComponent", text, "UTF-8");
            if (onBytes is null)
            {
                Assert.Contains('\uFFFD', expected); // only %XX bytes that are not UTF-8 take the string path
                declined++;
            }
            else Assert.Equal(expected, onBytes);
        }
        Assert.InRange(declined, 1, 2000);
        // Plain runs of every length around the 16-byte blocks, with a %XX (or a lone '%') at every place.
        for (var length = 0; length < 50; length++)
            for (var at = 0; at <= length; at++)
                foreach (var escape in new[] { "%41", "%", "%4" })
                {
                    var text = new string('a', at) + escape + new string('Z', length - at);
                    Assert.Equal(Plugin.Call("Text.DecodeURLComponent", text).Text,
                        OnBytes("Text.DecodeURLComponent", text));
                }
        Assert.Equal("a b/c é", OnBytes("Text.DecodeURLComponent", "a%20b%2Fc%20%C3%A9"));
    }

    /// <summary>PHP's urldecode as Text.DecodeFromURL did it before it worked on bytes, character by character: the
    /// reference the string and bytes paths must both still match.</summary>
    static string UrlDecodeReference(string text, Encoding encoding)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '+') bytes.Add((byte)' ');
            else if (c == '%' && i + 2 < text.Length && char.IsAsciiHexDigit(text[i + 1])
                && char.IsAsciiHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (char.IsSurrogatePair(text, i)) bytes.AddRange(Encoding.UTF8.GetBytes(text.Substring(i++, 2)));
            else bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
        }
        return encoding.GetString(bytes.ToArray());
    }

    [Fact]
    public void DecodeFromUrlOnBytesAndAsTextEqualPhpsUrldecode()
    {
        var random = new Random(78);
        var declined = 0;
        for (var i = 0; i < 3000; i++)
        {
            var text = RandomText(random);
            var expected = UrlDecodeReference(text, Encoding.UTF8);
            Assert.Equal(expected, Plugin.Call("Text.DecodeFromURL", text, "UTF-8").Text);
            Assert.Equal(UrlDecodeReference(text, Encoding.Latin1), Plugin.Call("Text.DecodeFromURL", text,
                "ISO-8859-1").Text);
            var onBytes = OnBytes("Text.DecodeFromURL", text, "UTF-8");
            if (onBytes is null)
            {
                Assert.Contains('\uFFFD', expected); // only bytes that are not UTF-8 take the string path
                declined++;
            }
            else Assert.Equal(expected, onBytes);
        }
        Assert.InRange(declined, 1, 2000);
        for (var length = 0; length < 50; length++)
            for (var at = 0; at <= length; at++)
                foreach (var escape in new[] { "%2b", "+", "%", "%4", "%%41", "+%2" })
                {
                    var text = new string('a', at) + escape + new string('Z', length - at);
                    Assert.Equal(UrlDecodeReference(text, Encoding.UTF8), OnBytes("Text.DecodeFromURL", text));
                    Assert.Equal(UrlDecodeReference(text, Encoding.UTF8), Plugin.Call("Text.DecodeFromURL", text).Text);
                }
        // A character outside the BMP stays whole (it was two U+FFFD when each UTF-16 half was encoded alone).
        Assert.Equal("😀 😀 a+b", Plugin.Call("Text.DecodeFromURL", "😀+%F0%9F%98%80%20a%2Bb").Text);
        Assert.Equal("😀 😀 a+b", OnBytes("Text.DecodeFromURL", "😀+%F0%9F%98%80%20a%2Bb"));
    }

    [Fact]
    public void DecodeRunsOfEscapesAcrossTheBlocks()
    {
        // Escapes back to back and runs of plain bytes of every length, so that each lands at every place of a
        // 16-byte block; '+' stays a '+' for DecodeURLComponent.
        for (var escapes = 0; escapes < 24; escapes++)
            for (var plain = 0; plain < 20; plain++)
            {
                var text = string.Concat(Enumerable.Repeat("%C3%A9" + new string('x', plain) + "+", escapes))
                    + "%E6%97%A5";
                var expected = string.Concat(Enumerable.Repeat("é" + new string('x', plain) + "+", escapes)) + "日";
                Assert.Equal(expected, OnBytes("Text.DecodeURLComponent", text));
                Assert.Equal(expected.Replace('+', ' '), OnBytes("Text.DecodeFromURL", text));
            }
        Assert.Equal("%%zz%4%", OnBytes("Text.DecodeURLComponent", "%25%zz%4%"));
        Assert.Equal("\0", OnBytes("Text.DecodeURLComponent", "%00"));
    }

    [Theory]
    [InlineData("%C3%A9%E6%97%A5%F0%9F%98%80%F4%8F%BF%BF%ED%9F%BF%EE%80%80")] // valid, up to U+10FFFF
    [InlineData("%C0%80")] // overlong
    [InlineData("%C1%BF")]
    [InlineData("%E0%80%80")]
    [InlineData("%F0%80%80%80")]
    [InlineData("%ED%A0%80")] // a surrogate
    [InlineData("%F4%90%80%80")] // above U+10FFFF
    [InlineData("%F5%80%80%80")]
    [InlineData("%E6%97a")] // cut short by a plain byte
    [InlineData("%E6%97+")]
    [InlineData("%E6%97%")]
    [InlineData("%E6%97é")]
    [InlineData("x%E6%97")] // cut short by the end
    [InlineData("%80abc")] // a lone continuation byte
    [InlineData("%BF")]
    [InlineData("%FF%FE")]
    public void DecodedBytesThatAreNotUtf8TakeTheStringPath(string text)
    {
        foreach (var name in new[] { "Text.DecodeURLComponent", "Text.DecodeFromURL" })
        {
            var expected = Plugin.Call(name, text, "UTF-8").Text;
            var onBytes = OnBytes(name, text, "UTF-8");
            if (expected.Contains('\uFFFD')) Assert.Null(onBytes);
            else Assert.Equal(expected, onBytes);
            var padded = new string('p', 40) + text + new string('q', 40); // the same inside blocks of 16
            expected = Plugin.Call(name, padded, "UTF-8").Text;
            onBytes = OnBytes(name, padded, "UTF-8");
            if (expected.Contains('\uFFFD')) Assert.Null(onBytes);
            else Assert.Equal(expected, onBytes);
        }
        Assert.Equal(text.StartsWith("%C3%A9"), OnBytes("Text.DecodeURLComponent", text) is not null);
    }

    [Fact]
    public void ReplaceNewLineOnBytesEqualsTheStringFunction()
    {
        var random = new Random(56);
        int[] modes = [0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 13];
        for (var i = 0; i < 3000; i++)
        {
            var text = RandomText(random);
            var mode = modes[i % modes.Length].ToString();
            Assert.Equal(Plugin.Call("Text.ReplaceNewLine", text, mode).Text,
                OnBytes("Text.ReplaceNewLine", text, mode));
        }
        Assert.Equal("a<br />b<br />c", OnBytes("Text.ReplaceNewLine", "a\r\nb\rc", "5"));
        Assert.Equal("a\nb", OnBytes("Text.ReplaceNewLine", "a\r\n\r\n\nb", "10", "0"));
    }

    [Theory]
    [InlineData("Text.EncodeURLComponent", "é", "Windows")]
    [InlineData("Text.DecodeURLComponent", "%E9", "ISO-8859-1")]
    [InlineData("Text.DecodeFromURL", "%E9", "ISO-8859-1")]
    [InlineData("Text.ReplaceNewLine", "a\rb", "6")]
    [InlineData("Text.ReplaceNewLine", "a\rb", " 1")]
    [InlineData("Text.ReplaceNewLine", "a b c", "1", "2")]
    public void OtherEncodingsErrorsAndWrappingTakeTheStringPath(string name, string text, string option,
        string? wrap = null)
    {
        Assert.Null(wrap is null ? OnBytes(name, text, option) : OnBytes(name, text, option, wrap));
    }
}

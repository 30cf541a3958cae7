using System.Buffers;
using System.Text;

namespace PluginBridge.Engine.Text;

/// <summary>The Text family (MBS Text.*): every Text function is registered here; URL components and new lines are
/// done here, prefixes, Base64URL, PHP-style URL encoding and text files in TextCodingFunctions.</summary>
static class TextFunctions
{
    public static void Register(Registry r)
    {
        r.Add("Text.EncodeURLComponent", "Text { ; Encoding }", EncodeUrlComponent);
        r.Add("Text.DecodeURLComponent", "Text { ; Encoding }", DecodeUrlComponent);
        r.Add("Text.ReplaceNewLine", "Text; Mode { ; Wrap }", ReplaceNewLine);
        r.Add("Text.RemovePrefix", "Text; Prefix { ; CaseSensitive }", TextCodingFunctions.RemovePrefix);
        r.Add("Text.EncodeToBase64URL", "Text { ; Encoding }", TextCodingFunctions.EncodeToBase64Url);
        r.Add("Text.DecodeFromBase64URL", "Text { ; Encoding }", TextCodingFunctions.DecodeFromBase64Url);
        r.Add("Text.EncodeToHex", "Text { ; Encoding }", TextCodingFunctions.EncodeToHex);
        r.Add("Text.DecodeFromHex", "Text { ; Encoding }", TextCodingFunctions.DecodeFromHex);
        r.Add("Text.TextToHTML", "Text { ; Options }", TextToHtml.Convert);
        r.Add("Text.EncodeToURL", "Text { ; Encoding }", TextCodingFunctions.EncodeToUrl);
        r.Add("Text.DecodeFromURL", "Text { ; Encoding }", TextCodingFunctions.DecodeFromUrl);
        r.Add("Text.ReadTextFile", "Path { ; Encoding }", TextCodingFunctions.ReadTextFile);
        r.Add("Text.WriteTextFile", "Text; Path { ; Encoding }", TextCodingFunctions.WriteTextFile);
        TextOnBytes.Register(r);
    }

    static readonly SearchValues<byte> Unreserved =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"u8);

    /// <summary>The text's bytes (UTF-8 unless Encoding says otherwise) in a pooled buffer, encoded straight into
    /// the result string: letters and digits copied in vectorised runs, every other byte as %XX.</summary>
    static Value EncodeUrlComponent(Args a)
    {
        var text = a.Text(0);
        var encoding = Encodings.Get(a.Text(1, ""));
        var buffer = ArrayPool<byte>.Shared.Rent(encoding.GetMaxByteCount(text.Length));
        try
        {
            var count = encoding.GetBytes(text, buffer);
            var bytes = buffer.AsSpan(0, count);
            var length = count;
            for (var i = bytes.IndexOfAnyExcept(Unreserved); i >= 0; i = NextReserved(bytes, i)) length += 2;
            if (length == count && text.Length == count) return Value.FromText(text); // nothing to encode
            return Value.FromText(string.Create(length, (buffer, count), static (chars, state) =>
            {
                var bytes = state.buffer.AsSpan(0, state.count);
                var o = 0;
                while (bytes.Length > 0)
                {
                    var run = bytes.IndexOfAnyExcept(Unreserved);
                    if (run < 0) run = bytes.Length;
                    Ascii.ToUtf16(bytes[..run], chars[o..], out var copied);
                    o += copied;
                    if (run == bytes.Length) break;
                    var b = bytes[run];
                    chars[o++] = '%';
                    chars[o++] = UpperHex[b >> 4];
                    chars[o++] = UpperHex[b & 15];
                    bytes = bytes[(run + 1)..];
                }
            }));
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    static int NextReserved(ReadOnlySpan<byte> bytes, int after)
    {
        var next = bytes[(after + 1)..].IndexOfAnyExcept(Unreserved);
        return next < 0 ? -1 : after + 1 + next;
    }

    const string UpperHex = "0123456789ABCDEF";

    /// <summary>Runs of %XX bytes are decoded with Encoding; characters that were not percent-encoded are kept as
    /// they are. Plain runs are copied in one step (the '%' search is vectorised); no string per run.</summary>
    static Value DecodeUrlComponent(Args a)
    {
        var text = a.Text(0);
        var first = text.IndexOf('%');
        if (first < 0) return Value.FromText(text);
        var encoding = Encodings.Get(a.Text(1, ""));
        var chars = ArrayPool<char>.Shared.Rent(text.Length);
        var bytes = ArrayPool<byte>.Shared.Rent(text.Length / 3 + 1);
        try
        {
            var o = 0;
            var rest = text.AsSpan();
            while (rest.Length > 0)
            {
                var pct = rest.IndexOf('%');
                if (pct < 0) pct = rest.Length;
                rest[..pct].CopyTo(chars.AsSpan(o));
                o += pct;
                rest = rest[pct..];
                var n = 0;
                while (rest.Length >= 3 && rest[0] == '%' && IsHex(rest[1]) && IsHex(rest[2]))
                {
                    bytes[n++] = (byte)(HexValue(rest[1]) << 4 | HexValue(rest[2]));
                    rest = rest[3..];
                }
                if (n > 0) o += encoding.GetChars(bytes, 0, n, chars, o);
                else if (rest.Length > 0) { chars[o++] = rest[0]; rest = rest[1..]; } // '%' without two hex digits
            }
            return Value.FromText(new string(chars, 0, o));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    static Value ReplaceNewLine(Args a)
    {
        var text = LineEndings.Replace(a.Text(0), a.Int(1));
        var wrap = a.Int(2);
        return Value.FromText(wrap > 0 ? Wrap(text, wrap, NewlineFor(a.Int(1))) : text);
    }

    static string NewlineFor(int mode) =>
        (mode & 7) switch { 1 => "\r", 2 => "\n", 3 => "\r\n", 4 => "<br>", 5 => "<br />", _ => " " };

    // Breaks lines longer than width at the last space before it (or hard at width).
    static string Wrap(string text, int width, string newline)
    {
        var lines = text.Split(newline.Length > 0 ? newline : " ");
        var sb = new StringBuilder();
        for (var li = 0; li < lines.Length; li++)
        {
            var line = lines[li];
            while (line.Length > width)
            {
                var cut = line.LastIndexOf(' ', width);
                if (cut <= 0) cut = width;
                sb.Append(line[..cut]).Append(newline);
                line = line[cut..].TrimStart(' ');
            }
            sb.Append(line);
            if (li < lines.Length - 1) sb.Append(newline);
        }
        return sb.ToString();
    }
}

using System.Text;
using PluginBridge.Engine.Core;

namespace PluginBridge.Engine.Text;

/// <summary>The Text.* helpers a mail script needs.</summary>
static class TextFunctions
{
    public static void Register(Registry r)
    {
        r.Add("Text.EncodeURLComponent", "Text { ; Encoding }",
            "Percent-encodes every byte except ASCII letters and digits (space → %20, uppercase hex). Encoding " +
            "default native (UTF-8).",
            EncodeUrlComponent);
        r.Add("Text.DecodeURLComponent", "Text { ; Encoding }",
            "Reverses Text.EncodeURLComponent: %XX sequences become bytes, decoded with Encoding (default UTF-8); " +
            "'+' stays '+'.",
            DecodeUrlComponent);
        r.Add("Text.ReplaceNewLine", "Text; Mode { ; Wrap }",
            "Normalises CR, LF and CRLF: mode 0 remove, 1 CR, 2 LF, 3 CRLF, 4 <br>, 5 <br />; add 8 to collapse " +
            "repeated newlines.",
            ReplaceNewLine);
    }

    const string UpperHex = "0123456789ABCDEF";

    static Value EncodeUrlComponent(Args a)
    {
        var bytes = Encodings.Get(a.Text(1, "")).GetBytes(a.Text(0));
        var sb = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (char.IsAsciiLetterOrDigit((char)b)) sb.Append((char)b);
            else sb.Append('%').Append(UpperHex[b >> 4]).Append(UpperHex[b & 15]);
        }
        return Value.FromText(sb.ToString());
    }

    // Runs of %XX bytes are decoded with Encoding; characters that were not percent-encoded are kept as they are.
    static Value DecodeUrlComponent(Args a)
    {
        var text = a.Text(0);
        var encoding = Encodings.Get(a.Text(1, ""));
        var sb = new StringBuilder(text.Length);
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length && IsHex(text[i + 1]) && IsHex(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
                continue;
            }
            if (bytes.Count > 0) { sb.Append(encoding.GetString(bytes.ToArray())); bytes.Clear(); }
            sb.Append(text[i]);
        }
        if (bytes.Count > 0) sb.Append(encoding.GetString(bytes.ToArray()));
        return Value.FromText(sb.ToString());
    }

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

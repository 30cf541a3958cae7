using System.Text;
using System.Text.RegularExpressions;

namespace PluginBridge.Engine.Text;

/// <summary>
/// Text.TextToHTML. MBS converts FileMaker styled text (bold, italic, fonts, sizes, colours) to HTML; styles never
/// reach a plug-in through our C ABI, which carries plain text, so the result is what MBS gives for unstyled text:
/// its page's header and body (Options 1 leaves them out), the text in one &lt;p&gt; with &amp; &lt; &gt; " escaped,
/// a return as &lt;br/&gt; and a line break, and with Options 32 two returns as a new paragraph
/// (&lt;/p&gt;\n&lt;p&gt;\n, as MBS's example shows). Options 2, 4 and 8 (no font names, no sizes, strong for bold)
/// change nothing without styles; 16 passes &lt;a …&gt;…&lt;/a&gt; tags through.
/// </summary>
static partial class TextToHtml
{
    const string Header =
        "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\" \"http://www.w3.org/TR/html4/loose.dtd\">\n" +
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"de\">\n<head>\n" +
        "<meta http-equiv=\"content-type\" content=\"application/xhtml+xml; charset=utf-8\" />\n</head>\n<body>\n";
    const string Footer = "</body>\n</html>";

    [GeneratedRegex("</?a(\\s[^<>]*)?>", RegexOptions.IgnoreCase)]
    private static partial Regex LinkTag();

    public static Value Convert(Args a)
    {
        var text = a.Text(0).Replace("\r\n", "\r").Replace('\n', '\r');
        var options = a.Long(1);
        var body = new StringBuilder("<p>");
        var keepLinks = (options & 16) != 0;
        var position = 0;
        foreach (Match link in keepLinks ? LinkTag().Matches(text) : Enumerable.Empty<Match>())
        {
            AppendText(body, text[position..link.Index], options);
            body.Append(link.Value);
            position = link.Index + link.Length;
        }
        AppendText(body, text[position..], options);
        body.Append("</p>");
        return Value.FromText((options & 1) != 0 ? body.ToString() : Header + body + Footer);
    }

    static void AppendText(StringBuilder sb, string text, long options)
    {
        var paragraphs = (options & 32) != 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' && paragraphs && i + 1 < text.Length && text[i + 1] == '\r')
            {
                sb.Append("</p>\n<p>\n");
                i++;
                continue;
            }
            sb.Append(c switch
            {
                '\r' => "<br/>\n",
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => c.ToString(),
            });
        }
    }
}

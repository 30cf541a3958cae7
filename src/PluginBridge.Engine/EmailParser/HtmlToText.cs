using System.Text;
using MimeKit.Text;

namespace PluginBridge.Engine.EmailParser;

/// <summary>
/// EmailParser.HTMLToPlainText, and the plain text of an HTML-only email: tags removed, entities decoded (MimeKit's
/// HTML tokenizer), runs of whitespace collapsed to one space, a return (FileMaker's ¶) for &lt;br&gt; and around
/// block elements (p, div, headings, list items, table rows …), a tab between table cells; nothing of head,
/// script and style. Formatting is not converted, as MBS's page says.
/// </summary>
static class HtmlToText
{
    static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "tr", "li", "ul", "ol", "table", "blockquote", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
        "dl", "dt", "dd", "section", "article", "header", "footer", "address",
    };

    static readonly HashSet<string> Hidden = new(StringComparer.OrdinalIgnoreCase) { "head", "script", "style" };

    public static string Convert(string html)
    {
        var sb = new StringBuilder(html.Length);
        var hidden = 0;
        var pre = 0;
        var tokenizer = new HtmlTokenizer(new StringReader(html));
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag when Hidden.Contains(tag.Name):
                    if (!tag.IsEmptyElement) hidden = Math.Max(0, hidden + (tag.IsEndTag ? -1 : 1));
                    break;
                case HtmlTagToken tag when hidden > 0:
                    break;
                case HtmlTagToken tag when tag.Name.Equals("br", StringComparison.OrdinalIgnoreCase):
                    sb.Append('\r');
                    break;
                case HtmlTagToken tag when tag.Name is "td" or "th" && tag.IsEndTag:
                    sb.Append('\t');
                    break;
                case HtmlTagToken tag when Blocks.Contains(tag.Name):
                    if (tag.Name.Equals("pre", StringComparison.OrdinalIgnoreCase)) pre += tag.IsEndTag ? -1 : 1;
                    LineBreak(sb);
                    break;
                case HtmlDataToken data when hidden == 0:
                    AppendData(sb, data.Data, pre > 0);
                    break;
            }
        }
        return Tidy(sb.ToString());
    }

    static void LineBreak(StringBuilder sb)
    {
        while (sb.Length > 0 && sb[^1] is ' ' or '\t') sb.Length--;
        if (sb.Length > 0 && sb[^1] != '\r') sb.Append('\r');
    }

    static void AppendData(StringBuilder sb, string text, bool pre)
    {
        if (pre) { sb.Append(text.Replace("\r\n", "\r").Replace('\n', '\r')); return; }
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) || c == '\u00A0') { sb.Append(c); continue; }
            if (sb.Length > 0 && sb[^1] is not (' ' or '\r' or '\t')) sb.Append(' ');
        }
    }

    /// <summary>No spaces at line ends, no more than one empty line in a row, none at the start or end.</summary>
    static string Tidy(string text)
    {
        var lines = text.Split('\r').Select(l => l.TrimEnd(' ', '\t').TrimStart(' '));
        var sb = new StringBuilder();
        var empty = 0;
        foreach (var line in lines)
        {
            if (line.Length == 0) { empty++; continue; }
            if (sb.Length > 0) sb.Append(empty > 0 ? "\r\r" : "\r");
            sb.Append(line);
            empty = 0;
        }
        return sb.ToString();
    }
}

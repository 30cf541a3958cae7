using System.Text;

namespace PluginBridge.Engine.Core;

/// <summary>FileMaker keeps text with CR (¶) line endings; MBS converts results to CR unless asked not to.</summary>
public static class LineEndings
{
    /// <summary>CRLF, LF and CR all become CR.</summary>
    public static string ToCR(string text) => text.Replace("\r\n", "\r").Replace('\n', '\r');

    /// <summary>Text.ReplaceNewLine: 0 remove, 1 CR, 2 LF, 3 CRLF, 4 &lt;br&gt;, 5 &lt;br /&gt;; +8 collapses runs of
    /// newlines.</summary>
    public static string Replace(string text, int mode)
    {
        var collapse = (mode & 8) != 0;
        var newline = (mode & 7) switch
        {
            0 => "",
            1 => "\r",
            2 => "\n",
            3 => "\r\n",
            4 => "<br>",
            5 => "<br />",
            _ => throw new MbsException($"Unknown newline mode {mode}. Use 0 (remove), 1 (CR), 2 (LF), 3 (CRLF), " +
                "4 (<br>) or 5 (<br />), plus 8 to collapse repeated newlines."),
        };
        var sb = new StringBuilder(text.Length);
        var lastWasNewline = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0') break; // MBS stops at the first NUL
            if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                if (!(collapse && lastWasNewline)) sb.Append(newline);
                lastWasNewline = true;
                continue;
            }
            lastWasNewline = false;
            sb.Append(c);
        }
        return sb.ToString();
    }
}

using System.Text;

namespace PluginBridge.Engine.Json;

/// <summary>
/// JSON.Colorize. MBS returns FileMaker styled text (keys blue, strings purple, numbers and other values orange,
/// brackets black; white instead of black in dark mode). Our C ABI carries plain text, so we return the styled text
/// in the form FileMaker's GetAsCSS gives for it: each coloured run as &lt;span style="color:
/// #RRGGBB;"&gt;…&lt;/span&gt;,
/// with &amp;, &lt; and &gt; escaped. Like MBS it does not check the syntax and leaves escapes in place.
/// </summary>
static class JsonColorize
{
    const string Key = "#0000FF", Text = "#800080", Other = "#FF8000", Light = "#000000", Dark = "#FFFFFF";

    public static void Register(Registry r) =>
        JsonFunctions.Add(r, "JSON.Colorize", "JSON { ; DarkMode }", Colorize);

    static Value Colorize(Args a)
    {
        var json = a.Text(0);
        var brackets = a.Bool(1) ? Dark : Light;
        var sb = new StringBuilder(json.Length * 2);
        var i = 0;
        while (i < json.Length)
        {
            var c = json[i];
            if (c == '"')
            {
                var end = i + 1;
                while (end < json.Length && json[end] != '"') end += json[end] == '\\' ? 2 : 1;
                end = Math.Min(end + 1, json.Length);
                var next = end;
                while (next < json.Length && char.IsWhiteSpace(json[next])) next++;
                Span(sb, next < json.Length && json[next] == ':' ? Key : Text, json[i..end]);
                i = end;
            }
            else if (c is '{' or '}' or '[' or ']' or ',' or ':')
            {
                Span(sb, brackets, c.ToString());
                i++;
            }
            else if (char.IsWhiteSpace(c))
            {
                sb.Append(c);
                i++;
            }
            else
            {
                var end = i;
                while (end < json.Length && !char.IsWhiteSpace(json[end])
                    && json[end] is not ('{' or '}' or '[' or ']' or ',' or ':' or '"')) end++;
                Span(sb, Other, json[i..end]);
                i = end;
            }
        }
        return Value.FromText(sb.ToString());
    }

    static void Span(StringBuilder sb, string color, string text)
    {
        sb.Append("<span style=\"color: ").Append(color).Append(";\">");
        foreach (var ch in text)
            sb.Append(ch switch { '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", _ => ch.ToString() });
        sb.Append("</span>");
    }
}

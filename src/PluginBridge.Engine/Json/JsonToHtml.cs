using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PluginBridge.Engine.Json;

/// <summary>
/// JSON.ToHTML: a table for each object (a row per member: name, value) and each array (a row per item), nested
/// tables for nested values, rows tagged with the CSS classes odd and even (the first row is odd), text
/// HTML-escaped. Flags 1 gives only the table, without the page around it; Flags 2 also shows a string that holds
/// a JSON object or array as a table. The CSS Style text goes into the page's head. MBS's page shows no output,
/// so the markup below is our reading of its description.
/// </summary>
static class JsonToHtml
{
    public static void Register(Registry r) =>
        JsonFunctions.Add(r, "JSON.ToHTML", "JSON { ; Flags; CSS Style }", ToHtml);

    static Value ToHtml(Args a)
    {
        var flags = a.Long(1);
        var table = new StringBuilder();
        Append(table, JsonRefs.Read(a, 0).Node, (flags & 2) != 0);
        if ((flags & 1) != 0) return Value.FromText(table.ToString());
        var page = new StringBuilder("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n");
        if (a.Has(2)) page.Append(a.Text(2)).Append('\n');
        page.Append("</head>\n<body>\n").Append(table).Append("\n</body>\n</html>");
        return Value.FromText(page.ToString());
    }

    static void Append(StringBuilder sb, JsonNode? node, bool embedded)
    {
        switch (node)
        {
            case JsonObject obj:
                sb.Append("<table>");
                var row = 0;
                foreach (var (key, value) in obj)
                {
                    Row(sb, ++row).Append("<td>");
                    Escape(sb, key);
                    sb.Append("</td><td>");
                    Append(sb, value, embedded);
                    sb.Append("</td></tr>");
                }
                sb.Append("</table>");
                return;
            case JsonArray array:
                sb.Append("<table>");
                for (var i = 0; i < array.Count; i++)
                {
                    Row(sb, i + 1).Append("<td>");
                    Append(sb, array[i], embedded);
                    sb.Append("</td></tr>");
                }
                sb.Append("</table>");
                return;
        }
        if (embedded && JsonValues.Kind(node) == JsonValueKind.String
            && node!.GetValue<string>().Trim() is ['{' or '[', ..] quoted
            && JsonRefs.TryParse(quoted, out var inner) && inner is JsonObject or JsonArray)
        {
            Append(sb, inner, embedded);
            return;
        }
        Escape(sb, JsonValues.Kind(node) switch
        {
            JsonValueKind.Null => "null",
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => JsonText.AsValue(node),
        });
    }

    static StringBuilder Row(StringBuilder sb, int number) =>
        sb.Append(number % 2 == 1 ? "<tr class=\"odd\">" : "<tr class=\"even\">");

    static void Escape(StringBuilder sb, string text)
    {
        foreach (var c in text)
            sb.Append(c switch
            {
                '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", '"' => "&quot;", '\r' or '\n' => "<br>",
                _ => c.ToString(),
            });
    }
}

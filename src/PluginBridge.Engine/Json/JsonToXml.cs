using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PluginBridge.Engine.Json;

/// <summary>
/// JSON.ToXML: each object member becomes an element named by its key, an array member one element per item (the
/// reverse of XML.ToJSON, which makes repeated elements an array), values their text (strings unescaped, numbers as
/// written, true/false, null an empty element). As MBS's example shows: the XML declaration, then one element a
/// line, no indentation. The root is RootNodeName; without one, an object with a single member is that member
/// (MBS 10.4), anything else goes into &lt;root&gt;. Items of a top-level array are &lt;item&gt; elements; a key
/// that is not an XML name has its other characters replaced by _ (our choices: MBS's page does not say).
/// </summary>
static class JsonToXml
{
    public static void Register(Registry r) =>
        JsonFunctions.Add(r, "JSON.ToXML", "JSON { ; RootNodeName }",
            a => Value.FromText(Convert(JsonRefs.Read(a, 0).Node, a.Text(1).Trim())));

    public static string Convert(JsonNode? node, string rootName)
    {
        var sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        if (rootName.Length == 0 && node is JsonObject { Count: 1 } single)
            Element(sb, single.GetAt(0).Key, single.GetAt(0).Value);
        else
            Element(sb, rootName.Length > 0 ? rootName : "root", node, arrayAsItems: true);
        return sb.ToString().TrimEnd('\n');
    }

    static void Element(StringBuilder sb, string key, JsonNode? value, bool arrayAsItems = false)
    {
        var name = XmlName(key);
        switch (value)
        {
            case JsonArray array when !arrayAsItems:
                foreach (var item in array) Element(sb, key, item, arrayAsItems: true); // [[1]]: <k><item>1…
                return;
            case JsonArray array:
                sb.Append('<').Append(name).Append(">\n");
                foreach (var item in array) Element(sb, "item", item);
                sb.Append("</").Append(name).Append(">\n");
                return;
            case JsonObject obj:
                sb.Append('<').Append(name).Append(">\n");
                foreach (var (k, v) in obj) Element(sb, k, v);
                sb.Append("</").Append(name).Append(">\n");
                return;
        }
        var text = JsonValues.Kind(value) switch
        {
            JsonValueKind.String => value!.GetValue<string>(),
            JsonValueKind.Number => JsonText.NumberText((JsonValue)value!),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => "",
        };
        if (text.Length == 0) { sb.Append('<').Append(name).Append("/>\n"); return; }
        sb.Append('<').Append(name).Append('>');
        Escape(sb, text);
        sb.Append("</").Append(name).Append(">\n");
    }

    static void Escape(StringBuilder sb, string text)
    {
        foreach (var c in text)
            sb.Append(c switch { '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", _ => c.ToString() });
    }

    /// <summary>An XML name: a letter or _ first, then letters, digits, - _ . (others become _).</summary>
    static string XmlName(string key)
    {
        if (key.Length == 0) return "_";
        var chars = key.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            var ok = char.IsLetter(c) || c == '_' || (i > 0 && (char.IsDigit(c) || c is '-' or '.'));
            if (!ok) chars[i] = '_';
        }
        return new string(chars);
    }
}

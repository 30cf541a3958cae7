using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PluginBridge.Engine.Json;

/// <summary>
/// JSON.Text: the JSON as text for people, without brackets, quotes or escapes. An object member is a line
/// <c>name:</c> followed by a tab and the value, as MBS's example shows (<c>test:</c>, whitespace, 🍎); a member
/// holding an object or array puts its content on the following lines, indented by one more tab; array items
/// are one line each. Strings are decoded, numbers as written, true/false, null empty. Lines are joined by ¶
/// (a FileMaker return). The layout of nested values is our reading: MBS's page shows only a flat object.
/// </summary>
static class JsonReadableText
{
    public static void Register(Registry r) =>
        JsonFunctions.Add(r, "JSON.Text", "JSON", a => Value.FromText(Convert(JsonRefs.Read(a, 0).Node)));

    public static string Convert(JsonNode? node)
    {
        var lines = new List<string>();
        Append(lines, node, 0);
        return string.Join('\r', lines);
    }

    static void Append(List<string> lines, JsonNode? node, int depth)
    {
        var indent = new string('\t', depth);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (value is JsonObject or JsonArray)
                    {
                        lines.Add(indent + key + ":");
                        Append(lines, value, depth + 1);
                    }
                    else lines.Add(indent + key + ":\t" + Scalar(value));
                }
                return;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is JsonObject or JsonArray) Append(lines, item, depth);
                    else lines.Add(indent + Scalar(item));
                }
                return;
            default:
                lines.Add(indent + Scalar(node));
                return;
        }
    }

    static string Scalar(JsonNode? node) => JsonValues.Kind(node) switch
    {
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => JsonText.AsValue(node),
    };
}

using System.Text;
using System.Text.Json.Nodes;

namespace PluginBridge.Host.Calc;

/// <summary>
/// A port of JsonCpp's StyledStreamWriter (the writer behind FileMaker's JSONFormatElements): keys sorted, tab
/// indentation, " : " between key and value, objects and long arrays over several lines, short plain arrays on one.
/// </summary>
sealed class StyledWriter
{
    const int RightMargin = 74;
    readonly StringBuilder document = new();
    readonly List<string> childValues = [];
    string indentString = "";
    bool addChildValues;
    bool indented;

    public string Write(JsonNode? root)
    {
        indented = true;
        WriteValue(root);
        return document.ToString();
    }

    void WriteValue(JsonNode? value)
    {
        switch (value)
        {
            case JsonObject o:
                if (o.Count == 0) { PushValue("{}"); return; }
                WriteWithIndent("{");
                Indent();
                var members = o.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
                for (var i = 0; i < members.Count; i++)
                {
                    var key = new StringBuilder();
                    JsonFunctions.WriteString(key, members[i].Key);
                    WriteWithIndent(key.ToString());
                    document.Append(" : ");
                    WriteValue(members[i].Value);
                    if (i + 1 < members.Count) document.Append(',');
                }
                Unindent();
                WriteWithIndent("}");
                return;
            case JsonArray a:
                WriteArray(a);
                return;
            default:
                PushValue(Scalar(value));
                return;
        }
    }

    static string Scalar(JsonNode? value)
    {
        var sb = new StringBuilder();
        JsonFunctions.Write(sb, value);
        return sb.ToString();
    }

    void WriteArray(JsonArray a)
    {
        if (a.Count == 0) { PushValue("[]"); return; }
        if (IsMultiLine(a))
        {
            WriteWithIndent("[");
            Indent();
            var hasChildValues = childValues.Count > 0;
            var children = hasChildValues ? childValues.ToList() : null;
            for (var i = 0; i < a.Count; i++)
            {
                if (children is not null) WriteWithIndent(children[i]);
                else
                {
                    if (!indented) WriteIndent();
                    indented = true;
                    WriteValue(a[i]);
                    indented = false;
                }
                if (i + 1 < a.Count) document.Append(',');
            }
            Unindent();
            WriteWithIndent("]");
        }
        else
        {
            document.Append("[ ").Append(string.Join(", ", childValues)).Append(" ]");
        }
    }

    /// <summary>An array goes over several lines if it holds a non-empty object or array, or would be too
    /// long.</summary>
    bool IsMultiLine(JsonArray a)
    {
        var multiLine = a.Count * 3 >= RightMargin;
        childValues.Clear();
        for (var i = 0; i < a.Count && !multiLine; i++)
            multiLine = a[i] is JsonObject { Count: > 0 } or JsonArray { Count: > 0 };
        if (!multiLine)
        {
            addChildValues = true;
            var lineLength = 4 + (a.Count - 1) * 2;
            foreach (var child in a)
            {
                WriteValue(child);
                lineLength += childValues[^1].Length;
            }
            addChildValues = false;
            multiLine = lineLength >= RightMargin;
        }
        return multiLine;
    }

    void PushValue(string value)
    {
        if (addChildValues) childValues.Add(value);
        else document.Append(value);
    }

    void WriteIndent() => document.Append('\r').Append(indentString);

    void WriteWithIndent(string value)
    {
        if (!indented) WriteIndent();
        document.Append(value);
        indented = false;
    }

    void Indent() => indentString += "\t";
    void Unindent() => indentString = indentString[..^1];
}

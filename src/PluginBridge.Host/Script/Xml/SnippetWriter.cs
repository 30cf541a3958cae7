using System.Text;
using System.Xml;

namespace PluginBridge.Host.Script.Xml;

/// <summary>Writes scripts as FileMaker's fmxmlsnippet (to paste into the Script Workspace) or as printed
/// text.</summary>
public static class SnippetWriter
{
    public static void WriteSnippet(Stream output, IEnumerable<SnippetScript> scripts, string file)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "\t" };
        using var w = XmlWriter.Create(output, settings);
        w.WriteStartElement("fmxmlsnippet");
        w.WriteAttributeString("type", "FMObjectList");
        foreach (var script in scripts)
        {
            w.WriteStartElement("Script");
            w.WriteAttributeString("includeInMenu", "True");
            w.WriteAttributeString("runFullAccess", "False");
            w.WriteAttributeString("id", "0");
            w.WriteAttributeString("name", script.Name);
            foreach (var step in script.Steps) StepXmlMap.Write(w, step, file);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    /// <summary>The printed form: one step per line (a calculation may span lines), "# " comments, "// " disabled
    /// steps.</summary>
    public static string WritePrinted(SnippetScript script, string file)
    {
        var text = new StringBuilder();
        foreach (var step in script.Steps)
        {
            var prefix = step.Disabled ? "// " : "";
            if (!step.IsComment && StepCatalog.ByName(step.Name) is not { Runs: true })
                throw new ScriptParseException(file, step.Line,
                    $"step \"{step.Name}\" is not one this host can write (see steps.tsv).");
            if (step.IsComment)
            {
                // A comment of several lines becomes several comment steps: printed text has no other form for it.
                var body = step.Text.TrimStart()[1..];
                if (body.StartsWith(' ')) body = body[1..];
                foreach (var line in body.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n'))
                    text.Append(prefix).Append(line.Length == 0 ? "#" : "# " + line).Append('\n');
            }
            else text.Append(prefix).Append(step.Text).Append('\n');
        }
        return text.ToString();
    }
}

using System.Xml;
using System.Xml.Linq;

namespace PluginBridge.Host.Script.Xml;

/// <summary>One script of a snippet: its name and its steps in printed form (disabled steps kept, marked).</summary>
public sealed record SnippetScript(string Name, IReadOnlyList<RawStep> Steps);

/// <summary>
/// Reads FileMaker's clipboard XML, &lt;fmxmlsnippet type="FMObjectList"&gt;: each &lt;Script&gt; (also inside
/// &lt;Group&gt;) is a script; a snippet of bare &lt;Step&gt;s is one script named after the file. UTF-8 and UTF-16
/// are read alike (byte-order mark or XML declaration). Errors are <see cref="ScriptParseException"/>s:
/// "file:line" for malformed XML, "file › Script:N" for the Nth step of a script.
/// </summary>
public static class SnippetReader
{
    public const string Extension = ".xml";

    public static List<SnippetScript> ReadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    public static List<SnippetScript> Read(Stream stream, string path)
    {
        var file = Path.GetFileName(path);
        XDocument doc;
        try
        {
            using var reader = XmlReader.Create(stream,
                new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            doc = XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException e)
        {
            throw new ScriptParseException(file, e.LineNumber, $"not well-formed XML: {e.Message}");
        }
        var root = doc.Root!;
        if (root.Name.LocalName != "fmxmlsnippet")
            throw new ScriptParseException(file, 1, $"<{root.Name.LocalName}> is not FileMaker's <fmxmlsnippet " +
                $"type=\"FMObjectList\">: copy scripts or script steps in FileMaker and save the clipboard's XML.");
        var scripts = ScriptElements(root).Select(s => Script(file, (string?)s.Attribute("name") ?? "", s)).ToList();
        if (root.Elements("Step").Any()) scripts.Insert(0, Script(file, Path.GetFileNameWithoutExtension(path), root));
        if (scripts.Count == 0)
        {
            var held = root.Elements().Select(e => "<" + e.Name.LocalName + ">").Distinct().ToList();
            throw new ScriptParseException(file, 1,
                held.Count == 0 ? "the snippet is empty: it holds no scripts or script steps."
                : $"the snippet holds {string.Join(", ", held)}, not scripts or script steps: copy scripts (Script " +
                    $"Workspace, left) or steps (right) in FileMaker.");
        }
        return scripts;
    }

    /// <summary>&lt;Script&gt; elements at the top or in (nested) &lt;Group&gt;s; a Perform Script's &lt;Script&gt; is
    /// inside a &lt;Step&gt;.</summary>
    static IEnumerable<XElement> ScriptElements(XElement parent)
    {
        foreach (var e in parent.Elements())
        {
            if (e.Name.LocalName == "Script") yield return e;
            else if (e.Name.LocalName == "Group") foreach (var s in ScriptElements(e)) yield return s;
        }
    }

    static SnippetScript Script(string file, string name, XElement script)
    {
        var steps = (script.Element("StepList") ?? script).Elements("Step").ToList();
        var where = $"{file} › {name}";
        return new SnippetScript(name, steps.Select((s, i) => StepXmlMap.Read(s, i + 1, where)).ToList());
    }
}

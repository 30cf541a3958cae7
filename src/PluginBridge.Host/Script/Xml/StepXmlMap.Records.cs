using System.Xml;
using System.Xml.Linq;

namespace PluginBridge.Host.Script.Xml;

/// <summary>The XML shapes of the layout, record and web-viewer steps (steps.tsv: layout, record, webviewer).</summary>
public static partial class StepXmlMap
{
    static readonly string[] webViewerXml = ["Reset", "Reload", "GoForward", "GoBack", "GoToURL"];

    /// <summary>The printed options of a step of these shapes; null for another shape.</summary>
    static List<string>? ReadRecordShape(StepKind kind, XElement step, string where, int position)
    {
        string Calc(XElement? e) => e?.Element("Calculation")?.Value ?? "";
        string? Value(string element) => (string?)step.Element(element)?.Attribute("value");
        switch (kind.Shape)
        {
            case "layout":
                switch (Value("LayoutDestination"))
                {
                    case "SelectedLayout":
                        return [$"“{(string?)step.Element("Layout")?.Attribute("name")}”"];
                    case "LayoutNameByCalc":
                        var calc = Calc(step.Element("Layout"));
                        return ["Layout Name: " + (calc.Length > 0 ? calc : Calc(step))];
                    case "LayoutNumberByCalc":
                        throw new ScriptParseException(where, position,
                            "Go to Layout by number is not supported: this host has no layout order.");
                    default: return ["original layout"];
                }
            case "record":
            {
                var location = Value("RowPageLocation") ?? "First";
                if (location == "ByCalculation")
                    return [State(step, "NoInteract") ? "With dialog: Off" : "With dialog: On", Calc(step)];
                if (step.Element("Exit") is null) return [location];
                return [location, "Exit after last: " + (State(step, "Exit") ? "On" : "Off")];
            }
            case "webviewer":
            {
                var action = Array.IndexOf(webViewerXml, Value("Action") ?? "Reset");
                var options = new List<string>
                {
                    "Object Name: " + Calc(step.Element("ObjectName")),
                    "Action: " + ScriptParser.webViewerActions[Math.Max(0, action)],
                };
                if (action == 4) options.Add("URL: " + Calc(step.Element("URL")));
                return options;
            }
            default: return null;
        }
    }

    static void WriteRecordShape(XmlWriter w, StepKind kind, RawStep raw, string file)
    {
        var o = raw.Options;
        string? Opt(params string?[] labels) => o.FirstOrDefault(x => labels.Contains(ScriptParser.Label(x.Text)))
            is { } hit ? ScriptParser.Strip(hit.Text) : null;
        var unlabeled = o.Where(x => ScriptParser.Label(x.Text) is null).Select(x => x.Text.Trim()).ToList();
        switch (kind.Shape)
        {
            case "layout":
            {
                var byName = Opt("layout name");
                var named = byName is null && unlabeled.FirstOrDefault() is { } t ? ScriptParser.QuotedName(t) : null;
                Value(w, "LayoutDestination",
                    byName is not null ? "LayoutNameByCalc" : named is not null ? "SelectedLayout" : "OriginalLayout");
                if (byName is not null) { w.WriteStartElement("Layout"); Calculation(w, byName); w.WriteEndElement(); }
                else if (named is { } n)
                {
                    // No id: FileMaker links the layout by name when pasting, as for Perform Script.
                    w.WriteStartElement("Layout");
                    w.WriteAttributeString("name", n.Name);
                    w.WriteEndElement();
                }
                break;
            }
            case "record":
            {
                var word = unlabeled.FirstOrDefault(x => x is "First" or "Last" or "Previous" or "Next");
                var calc = Opt("by calculation") ?? unlabeled.FirstOrDefault(x => word is null && x != "No dialog");
                State(w, "NoInteract", Opt("with dialog") is { } d ? d.Equals("Off", StringComparison.OrdinalIgnoreCase)
                    : unlabeled.Contains("No dialog"));
                if (word is "Next" or "Previous" && Opt("exit after last") is { } exit)
                    State(w, "Exit", exit.Equals("On", StringComparison.OrdinalIgnoreCase));
                if (word is null && calc is null)
                    throw new ScriptParseException(file, raw.Line,
                        "Go to Record/Request/Page needs First, Last, Previous, Next or a calculation.");
                Value(w, "RowPageLocation", word ?? "ByCalculation");
                if (word is null) Calculation(w, calc!);
                break;
            }
            case "webviewer":
            {
                var action = Opt("action") ?? (Opt("url") is null ? "Reset" : "Go to URL");
                var index = Array.FindIndex(ScriptParser.webViewerActions,
                    a => a.Equals(action, StringComparison.OrdinalIgnoreCase));
                Value(w, "Action", webViewerXml[Math.Max(0, index)]);
                var name = Opt("object name") ?? unlabeled.FirstOrDefault();
                if (name is not null) { w.WriteStartElement("ObjectName"); Calculation(w, name); w.WriteEndElement(); }
                if (index == 4 && Opt("url") is { } url)
                {
                    w.WriteStartElement("URL");
                    w.WriteAttributeString("custom", "False");
                    Calculation(w, url);
                    w.WriteEndElement();
                }
                break;
            }
        }
    }

    static void Value(XmlWriter w, string element, string value)
    {
        w.WriteStartElement(element);
        w.WriteAttributeString("value", value);
        w.WriteEndElement();
    }
}

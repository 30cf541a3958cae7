using System.Xml;
using System.Xml.Linq;

namespace PluginBridge.Host.Script.Xml;

/// <summary>
/// A step in "Save a Copy as XML" form (FMSaveAsXML, StepsForScripts) ⇄ its printed form, per shape of steps.tsv.
/// SaXML differs from the clipboard's fmxmlsnippet: parameters sit in &lt;ParameterValues&gt;&lt;Parameter
/// type="…"&gt;, a calculation is &lt;Calculation&gt;&lt;Calculation&gt;&lt;Text&gt;, a comment is
/// &lt;Comment value="…"/&gt;, and step names are in the exporting FileMaker's language, so a step is known by its id.
/// The element names are those of FileMaker-written exports (see tests/PluginBridge.Host.Tests/Saxml/README.md).
/// </summary>
public static class SaxmlStepMap
{
    /// <summary>
    /// The step shapes (steps.tsv) read and written here. The record, layout and web viewer steps are not: no
    /// FileMaker-written export with them was at hand, and their SaXML parameters are not guessed.
    /// </summary>
    public static readonly IReadOnlySet<string> Shapes = new HashSet<string>
    {
        "comment", "none", "calc", "exit", "variable", "field", "script", "dialog", "onoff", "pause", "commit",
    };

    /// <summary>A SaXML &lt;Step&gt; as a printed step; position is its place (1-based) in its script.</summary>
    public static RawStep Read(XElement step, int position, string where)
    {
        var idText = (string?)step.Attribute("id");
        var name = (string?)step.Attribute("name") ?? "";
        var disabled = string.Equals((string?)step.Attribute("enable"), "False", StringComparison.OrdinalIgnoreCase);
        var kind = int.TryParse(idText, out var id) ? StepCatalog.ById(id) : null;
        if (kind is null)
            throw new ScriptParseException(where, position,
                $"unknown step id={idText ?? "?"} name=\"{name}\" (step {position}): "
                + "it is not in the step catalogue, so it is not run.");
        if (!kind.Runs && disabled) return new RawStep(position, kind.Name, kind.Name, [], false) { Disabled = true };
        if (!kind.Runs)
            throw new ScriptParseException(where, position,
                $"step id={kind.Id} name=\"{kind.Name}\" (step {position}) is not one this host runs.");
        var parameters = step.Element("ParameterValues")?.Elements("Parameter").ToList() ?? [];
        XElement? Param(string type) => parameters.FirstOrDefault(p => (string?)p.Attribute("type") == type);
        List<string> options;
        switch (kind.Shape)
        {
            case "comment":
                // FileMaker writes a comment's line ends as &#13; in the attribute: CR, as in its text.
                var text = (string?)Param("Comment")?.Element("Comment")?.Attribute("value") ?? "";
                var printed = text.Length == 0 ? "#" : "# " + text;
                return new RawStep(position, printed, "#", [], true) { Disabled = disabled };
            case "none": options = []; break;
            case "calc": options = [Calc(Param("Calculation"))]; break;
            case "exit": options = Calc(Param("Calculation")) is { Length: > 0 } r ? ["Text Result: " + r] : []; break;
            case "variable":
            {
                var variable = Param("Variable");
                var target = ((string?)variable?.Element("Name")?.Attribute("value") ?? "").Trim();
                var repetition = Calc(variable?.Element("repetition")).Trim();
                var value = "Value: " + Calc(variable?.Element("value"));
                options = [repetition is "" or "1" ? target : $"{target}[{repetition}]", value];
                break;
            }
            case "field":
            {
                var field = Param("FieldReference")?.Element("FieldReference")
                    ?? throw new ScriptParseException(where, position,
                        "Set Field without a target field is not supported: name the field.");
                var table = (string?)field.Element("TableOccurrenceReference")?.Attribute("name") ?? "";
                options = [$"{table}::{(string?)field.Attribute("name")}", Calc(Param("Calculation"))];
                break;
            }
            case "script":
            {
                var list = Param("List")?.Element("List");
                if (list?.Element("DataSourceReference") is not null)
                    throw new ScriptParseException(where, position,
                        "Perform Script from another file is not supported: this host runs one file.");
                var parameter = "Parameter: " + Calc(Param("Parameter")?.Element("Parameter"));
                options = (string?)list?.Attribute("value") == "2"
                    ? ["Specified: By name", Calc(list), parameter]
                    : ["Specified: From list", $"“{(string?)list?.Element("ScriptReference")?.Attribute("name")}”",
                        parameter];
                break;
            }
            case "dialog":
            {
                var title = Param("Title") is { } t ? Calc(t) : null;
                var message = Param("Message") is { } m ? Calc(m) : null;
                options = title is not null ? message is not null ? [title, message] : [title]
                    : message is not null ? ["Message: " + message] : [];
                break;
            }
            case "onoff": options = [BooleanValue(Param("Boolean")) == true ? "On" : "Off"]; break;
            case "pause":
                // <Options type="…"> is in the exporting FileMaker's language ("Unbegrenzt"): a duration has a
                // calculation, indefinitely has none.
                var pause = Param("Options")?.Element("Options");
                options = pause?.Element("Calculation") is not null
                    ? ["Duration (seconds): " + Calc(pause)] : ["Indefinitely"];
                break;
            case "commit":
            {
                // Boolean id 128 is "With dialog" (its type attribute is in the exporting FileMaker's language).
                var dialog = parameters.Select(p => p.Element("Boolean"))
                    .FirstOrDefault(b => (string?)b?.Attribute("id") == "128");
                options = dialog is null ? []
                    : [BooleanValue(dialog.Parent) == true ? "With dialog: On" : "With dialog: Off"];
                break;
            }
            default:
                throw new ScriptParseException(where, position,
                    $"step id={kind.Id} name=\"{kind.Name}\" (step {position}) "
                    + "is not read from Save a Copy as XML yet.");
        }
        return StepSplitter.Printed(position, kind.Name, options.Select(o => o.TrimEnd()).ToList(), disabled);
    }

    /// <summary>The text of &lt;Calculation&gt;&lt;Calculation&gt;&lt;Text&gt; under parent, or empty.</summary>
    static string Calc(XElement? parent) =>
        parent?.Element("Calculation")?.Element("Calculation")?.Element("Text")?.Value ?? "";

    static bool? BooleanValue(XElement? parameter) =>
        parameter?.Element("Boolean")?.Attribute("value") is { } v
            ? string.Equals(v.Value, "True", StringComparison.OrdinalIgnoreCase) : null;

    /// <summary>A printed step (disabled ones kept) as a SaXML &lt;Step&gt;, with its index in the script.</summary>
    public static void Write(XmlWriter w, RawStep raw, int index, string file)
    {
        var kind = StepXmlMap.WritableKind(raw, file);
        var o = raw.Options;
        string? Opt(params string?[] labels) => StepXmlMap.Option(raw, labels);
        w.WriteStartElement("Step");
        w.WriteAttributeString("index", index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteAttributeString("id", kind.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteAttributeString("name", kind.Name);
        w.WriteAttributeString("enable", raw.Disabled ? "False" : "True");
        var parameters = new List<Action>();
        switch (kind.Shape)
        {
            case "comment":
                var text = raw.Text.TrimStart()[1..];
                if (text.StartsWith(' ')) text = text[1..];
                parameters.Add(() => Parameter(w, "Comment", () =>
                {
                    w.WriteStartElement("Comment");
                    if (text.Length > 0) w.WriteAttributeString("value", text);
                    w.WriteEndElement();
                }));
                break;
            case "none": break;
            case "calc":
                var condition = o.Count > 0 ? o[0].Text : "";
                parameters.Add(() => Parameter(w, "Calculation", () => Calculation(w, condition, 0)));
                break;
            case "exit":
                if (Opt(null, "text result", "result") is { Length: > 0 } result)
                    parameters.Add(() => Parameter(w, "Calculation", () => Calculation(w, result, 0)));
                break;
            case "variable":
            {
                var (name, repetition) = VariableTarget(o.Count > 0 ? o[0].Text : "", file, raw.Line);
                var value = Opt("value") ?? (o.Count > 1 ? o[1].Text : "");
                parameters.Add(() => Parameter(w, "Variable", () =>
                {
                    Wrapped(w, "value", () => Calculation(w, value, 1));
                    w.WriteStartElement("Name"); w.WriteAttributeString("value", name); w.WriteEndElement();
                    Wrapped(w, "repetition", () => { if (repetition is not null) Calculation(w, repetition, 2); });
                }));
                break;
            }
            case "field":
            {
                var sep = o.Count > 1 ? o[0].Text.IndexOf("::", StringComparison.Ordinal) : -1;
                if (sep <= 0)
                    throw new ScriptParseException(file, raw.Line, "Set Field needs [ Table::Field ; calculation ].");
                parameters.Add(() => Parameter(w, "FieldReference", () =>
                {
                    w.WriteStartElement("FieldReference");
                    w.WriteAttributeString("name", o[0].Text[(sep + 2)..].Trim());
                    w.WriteStartElement("repetition"); w.WriteAttributeString("value", "1"); w.WriteEndElement();
                    w.WriteStartElement("TableOccurrenceReference");
                    w.WriteAttributeString("name", o[0].Text[..sep].Trim());
                    w.WriteEndElement();
                    w.WriteEndElement();
                }));
                parameters.Add(() => Parameter(w, "Calculation", () => Calculation(w, o[1].Text, 0)));
                break;
            }
            case "script":
            {
                var byName = string.Equals(Opt("specified"), "By name", StringComparison.OrdinalIgnoreCase);
                var target = o.FirstOrDefault(x => ScriptParser.Label(x.Text) is null)?.Text.Trim()
                    ?? throw new ScriptParseException(file, raw.Line, "Perform Script needs a script name.");
                var parameter = Opt("parameter") ?? "";
                parameters.Add(() => Parameter(w, "List", () =>
                {
                    w.WriteStartElement("List");
                    w.WriteAttributeString("name", byName ? "By name" : "From list");
                    w.WriteAttributeString("value", byName ? "2" : "1");
                    if (byName) Calculation(w, target, 2);
                    else
                    {
                        w.WriteStartElement("ScriptReference");
                        w.WriteAttributeString("name", target.Trim('“', '”', '"'));
                        w.WriteEndElement();
                    }
                    w.WriteEndElement();
                }));
                parameters.Add(() => Parameter(w, "Parameter", () => Wrapped(w, "Parameter", () =>
                {
                    if (parameter.Length > 0) Calculation(w, parameter, 0);
                })));
                break;
            }
            case "dialog":
            {
                var unlabeled = o.Where(x => ScriptParser.Label(x.Text) is null).Select(x => x.Text).ToList();
                var title = Opt("title") ?? unlabeled.ElementAtOrDefault(0);
                var message = Opt("message") ?? unlabeled.ElementAtOrDefault(Opt("title") is null ? 1 : 0);
                if (title is not null) parameters.Add(() => Parameter(w, "Title", () => Calculation(w, title, 0)));
                if (message is not null)
                    parameters.Add(() => Parameter(w, "Message", () => Calculation(w, message, 1)));
                break;
            }
            case "onoff":
                var on = o.Count > 0 && o[0].Text.Trim().Equals("On", StringComparison.OrdinalIgnoreCase);
                parameters.Add(() => Parameter(w, "Boolean", () => Boolean(w, null, on)));
                break;
            case "pause":
                var duration = Opt("duration (seconds)", "duration");
                parameters.Add(() => Parameter(w, "Options", () =>
                {
                    w.WriteStartElement("Options");
                    w.WriteAttributeString("type", duration is null ? "Indefinitely" : "Duration (seconds)");
                    if (duration is not null) Calculation(w, duration, 0);
                    w.WriteEndElement();
                }));
                break;
            default:
                throw new ScriptParseException(file, raw.Line,
                    $"\"{kind.Name}\" is not written as Save a Copy as XML yet.");
            case "commit":
                if (Opt("with dialog") is { } dialog)
                    parameters.Add(() => Parameter(w, "Boolean", () =>
                        Boolean(w, "With dialog", dialog.Equals("On", StringComparison.OrdinalIgnoreCase), "128")));
                break;
        }
        if (parameters.Count > 0)
        {
            w.WriteStartElement("ParameterValues");
            var count = parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            w.WriteAttributeString("membercount", count);
            foreach (var p in parameters) p();
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    static (string Name, string? Repetition) VariableTarget(string target, string file, int line)
    {
        var t = target.Trim();
        var open = t.IndexOf('[');
        var name = open < 0 ? t : t[..open].Trim();
        if (!name.StartsWith('$'))
            throw new ScriptParseException(file, line, "Set Variable needs a $variable name first.");
        return (name, open < 0 ? null : t[(open + 1)..t.LastIndexOf(']')].Trim());
    }

    static void Parameter(XmlWriter w, string type, Action body)
    {
        w.WriteStartElement("Parameter");
        w.WriteAttributeString("type", type);
        body();
        w.WriteEndElement();
    }

    static void Wrapped(XmlWriter w, string element, Action body)
    {
        w.WriteStartElement(element);
        body();
        w.WriteEndElement();
    }

    static void Calculation(XmlWriter w, string calc, int position)
    {
        w.WriteStartElement("Calculation");
        w.WriteAttributeString("datatype", "1");
        w.WriteAttributeString("position", position.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteStartElement("Calculation");
        w.WriteStartElement("Text");
        w.WriteCData(calc.Trim());
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    }

    static void Boolean(XmlWriter w, string? type, bool value, string id = "131072")
    {
        w.WriteStartElement("Boolean");
        if (type is not null) w.WriteAttributeString("type", type);
        w.WriteAttributeString("id", id);
        w.WriteAttributeString("value", value ? "True" : "False");
        w.WriteEndElement();
    }
}

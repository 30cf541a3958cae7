using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace PluginBridge.Host.Script.Xml;

/// <summary>
/// The one mapping between a step's XML form (fmxmlsnippet) and its printed form, per shape of steps.tsv. Reading
/// turns a &lt;Step&gt; into the printed step the text parser takes, so XML and text run the same code; writing
/// does the reverse. Both directions of a shape sit side by side.
/// </summary>
public static partial class StepXmlMap
{
    /// <summary>A &lt;Step&gt; as a printed step; Line is its position (1-based) in its script.</summary>
    public static RawStep Read(XElement step, int position, string where)
    {
        var idText = (string?)step.Attribute("id");
        var name = (string?)step.Attribute("name") ?? "";
        var disabled = string.Equals((string?)step.Attribute("enable"), "False", StringComparison.OrdinalIgnoreCase);
        var kind = int.TryParse(idText, out var id) ? StepCatalog.ById(id) : StepCatalog.ByName(name);
        if (kind is null)
            throw new ScriptParseException(where, position, $"unknown step id={idText ?? "?"} name=\"{name}\" (step " +
                $"{position}): it is not in the step catalogue, so it is not run.");
        // A disabled step FileMaker skips: keep its place (so conversion can refuse it) without reading its parameters.
        if (!kind.Runs && disabled) return new RawStep(position, kind.Name, kind.Name, [], false) { Disabled = true };
        if (!kind.Runs)
            throw new ScriptParseException(where, position,
                $"step id={kind.Id} name=\"{kind.Name}\" (step {position}) is not one this host runs.");
        string Calc(XElement? e) => e?.Element("Calculation")?.Value ?? "";
        List<string> options;
        switch (kind.Shape)
        {
            case "comment":
                var text = step.Element("Text")?.Value ?? "";
                return new RawStep(position, text.Length == 0 ? "#" : "# " + text, "#", [],
                    true) { Disabled = disabled };
            case "none": options = []; break;
            case "calc": options = [Calc(step)]; break;
            case "exit": options = Calc(step) is { Length: > 0 } result ? ["Text Result: " + result] : []; break;
            case "variable":
            {
                var variable = step.Element("Name")?.Value.Trim() ?? "";
                var repetition = Calc(step.Element("Repetition")).Trim();
                var target = repetition is "" or "1" ? variable : $"{variable}[{repetition}]";
                options = [target, "Value: " + Calc(step.Element("Value"))];
                break;
            }
            case "field":
            {
                var field = step.Element("Field")
                    ?? throw new ScriptParseException(where, position,
                        "Set Field without a <Field> target (the current field) is not supported: name the field.");
                options = [$"{(string?)field.Attribute("table")}::{(string?)field.Attribute("name")}", Calc(step)];
                break;
            }
            case "script":
            {
                if (step.Element("FileReference") is not null)
                    throw new ScriptParseException(where, position,
                        "Perform Script from another file is not supported: this host runs one file.");
                var parameter = "Parameter: " + Calc(step);
                options = step.Element("Calculated") is { } byName
                    ? ["Specified: By name", Calc(byName), parameter]
                    : ["Specified: From list", $"“{(string?)step.Element("Script")?.Attribute("name")}”", parameter];
                break;
            }
            case "dialog":
            {
                var title = step.Element("Title")?.Element("Calculation")?.Value;
                var message = step.Element("Message")?.Element("Calculation")?.Value;
                options = title is not null ? message is not null ? [title, message] : [title]
                    : message is not null ? ["Message: " + message] : [];
                break;
            }
            case "onoff": options = [State(step, "Set") ? "On" : "Off"]; break;
            case "pause":
                options = (string?)step.Element("PauseTime")?.Attribute("value") == "ForDuration"
                    ? ["Duration (seconds): " + Calc(step)] : ["Indefinitely"];
                break;
            case "commit":
                options = step.Element("NoInteract") is null ? []
                    : [State(step, "NoInteract") ? "With dialog: Off" : "With dialog: On"];
                break;
            default:
                options = ReadRecordShape(kind, step, where, position)
                    ?? throw new InvalidOperationException(
                        $"steps.tsv: unknown shape \"{kind.Shape}\" for {kind.Name}.");
                break;
        }
        return StepSplitter.Printed(position, kind.Name, options.Select(o => o.TrimEnd()).ToList(), disabled);
    }

    static bool State(XElement step, string element) =>
        string.Equals((string?)step.Element(element)?.Attribute("state"), "True", StringComparison.OrdinalIgnoreCase);

    /// <summary>The catalogue entry of a printed step about to be written in either XML form; an error for a step
    /// this host does not run.</summary>
    internal static StepKind WritableKind(RawStep raw, string file) =>
        StepCatalog.ByName(raw.IsComment ? "#" : raw.Name) is { Runs: true } kind ? kind
            : throw new ScriptParseException(file, raw.Line,
                $"\"{raw.Name}\" is not a step this host knows how to write as XML (see steps.tsv).");

    /// <summary>The value of a printed step's option with one of these labels ("With dialog"), null if
    /// absent.</summary>
    internal static string? Option(RawStep raw, params string?[] labels) =>
        raw.Options.FirstOrDefault(x => labels.Contains(ScriptParser.Label(x.Text))) is { } hit
            ? ScriptParser.Strip(hit.Text) : null;

    /// <summary>A printed step (from StepSplitter, disabled ones kept) as FileMaker's &lt;Step&gt;.</summary>
    public static void Write(XmlWriter w, RawStep raw, string file)
    {
        var kind = WritableKind(raw, file);
        var o = raw.Options;
        string? Opt(params string?[] labels) => Option(raw, labels);
        w.WriteStartElement("Step");
        w.WriteAttributeString("enable", raw.Disabled ? "False" : "True");
        w.WriteAttributeString("id", kind.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteAttributeString("name", kind.Name);
        switch (kind.Shape)
        {
            case "comment":
                var text = raw.Text.TrimStart()[1..];
                if (text.StartsWith(' ')) text = text[1..];
                if (text.Length > 0) w.WriteElementString("Text", text);
                break;
            case "none": break;
            case "calc": Calculation(w, o.Count > 0 ? o[0].Text : ""); break;
            case "exit":
                if (Opt(null, "text result", "result") is { Length: > 0 } result) Calculation(w, result);
                break;
            case "variable":
            {
                var target = o.Count > 0 ? VariableTarget().Match(o[0].Text) : Match.Empty;
                if (!target.Success)
                    throw new ScriptParseException(file, raw.Line, "Set Variable needs a $variable name first.");
                w.WriteStartElement("Value"); Calculation(w,
                    Opt("value") ?? (o.Count > 1 ? o[1].Text : "")); w.WriteEndElement();
                w.WriteStartElement("Repetition"); Calculation(w,
                    target.Groups[2].Success ? target.Groups[2].Value.Trim() : "1"); w.WriteEndElement();
                w.WriteElementString("Name", target.Groups[1].Value);
                break;
            }
            case "field":
            {
                var sep = o.Count > 1 ? o[0].Text.IndexOf("::", StringComparison.Ordinal) : -1;
                if (sep <= 0)
                    throw new ScriptParseException(file, raw.Line, "Set Field needs [ Table::Field ; calculation ].");
                Calculation(w, o[1].Text);
                w.WriteStartElement("Field");
                w.WriteAttributeString("table", o[0].Text[..sep].Trim());
                w.WriteAttributeString("name", o[0].Text[(sep + 2)..].Trim());
                w.WriteEndElement();
                break;
            }
            case "script":
            {
                var byName = string.Equals(Opt("specified"), "By name", StringComparison.OrdinalIgnoreCase);
                var target = o.FirstOrDefault(x => ScriptParser.Label(x.Text) is null)?.Text.Trim()
                    ?? throw new ScriptParseException(file, raw.Line, "Perform Script needs a script name.");
                if (Opt("parameter") is { Length: > 0 } parameter) Calculation(w, parameter);
                if (byName)
                {
                    w.WriteStartElement("Calculated"); Calculation(w, target); w.WriteEndElement();
                }
                else
                {
                    w.WriteStartElement("Script");
                    w.WriteAttributeString("name", target.Trim('“', '”', '"'));
                    w.WriteEndElement();
                }
                break;
            }
            case "dialog":
            {
                var unlabeled = o.Where(x => ScriptParser.Label(x.Text) is null).Select(x => x.Text).ToList();
                var title = Opt("title") ?? unlabeled.ElementAtOrDefault(0);
                var message = Opt("message") ?? unlabeled.ElementAtOrDefault(Opt("title") is null ? 1 : 0);
                if (title is not null) { w.WriteStartElement("Title"); Calculation(w, title); w.WriteEndElement(); }
                if (message is not null) { w.WriteStartElement("Message"); Calculation(w,
                    message); w.WriteEndElement(); }
                break;
            }
            case "onoff": State(w, "Set",
                o.Count > 0 && o[0].Text.Trim().Equals("On", StringComparison.OrdinalIgnoreCase)); break;
            case "pause":
                var duration = Opt("duration (seconds)", "duration");
                w.WriteStartElement("PauseTime");
                w.WriteAttributeString("value", duration is null ? "Indefinitely" : "ForDuration");
                w.WriteEndElement();
                if (duration is not null) Calculation(w, duration);
                break;
            case "commit":
                if (Opt("with dialog") is { } dialog)
                    State(w, "NoInteract", dialog.Equals("Off", StringComparison.OrdinalIgnoreCase));
                break;
            default: WriteRecordShape(w, kind, raw, file); break;
        }
        w.WriteEndElement();
    }

    static void Calculation(XmlWriter w, string calc)
    {
        w.WriteStartElement("Calculation");
        w.WriteCData(calc.Trim());
        w.WriteEndElement();
    }

    static void State(XmlWriter w, string element, bool on)
    {
        w.WriteStartElement(element);
        w.WriteAttributeString("state", on ? "True" : "False");
        w.WriteEndElement();
    }

    [GeneratedRegex(@"^\s*(\$\$?[^\s\[\]]+)\s*(?:\[(.+)\])?\s*$", RegexOptions.Singleline)]
    private static partial Regex VariableTarget();
}

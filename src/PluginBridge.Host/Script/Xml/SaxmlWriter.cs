using System.Globalization;
using System.Text;
using System.Xml;
using PluginBridge.Host.Calc;
using PluginBridge.Host.Data;

namespace PluginBridge.Host.Script.Xml;

/// <summary>
/// Writes scripts and a table catalog as a "Save a Copy as XML" document, in the grammar FileMaker writes (the
/// catalogs <see cref="SaxmlReader"/> reads): one base table and one table occurrence of the same name per table,
/// its fields, the script catalog and the steps. Source="PluginBridge" says who wrote it: FileMaker writes its own
/// version there. What FileMaker adds that scripts do not need (UUIDs, layouts, themes, accounts) is left out.
/// </summary>
public static class SaxmlWriter
{
    const int FirstTableId = 129, FirstOccurrenceId = 1065089; // where FileMaker starts numbering them

    public static void Write(Stream output, string fileName, IReadOnlyList<SnippetScript> scripts, FieldSchema fields,
        Encoding? encoding = null, Action<XmlWriter>? extra = null)
    {
        var settings = new XmlWriterSettings
        {
            Encoding = encoding ?? new UTF8Encoding(false), Indent = true, IndentChars = "\t",
        };
        using var w = XmlWriter.Create(output, settings);
        w.WriteStartDocument();
        w.WriteStartElement(SaxmlReader.Root);
        w.WriteAttributeString("version", "2.2.3.0");
        w.WriteAttributeString("Source", "PluginBridge");
        w.WriteAttributeString("File", fileName + ".fmp12");
        w.WriteAttributeString("locale", "English");
        w.WriteStartElement("Structure");
        w.WriteStartElement("AddAction");
        var tables = fields.All.GroupBy(f => f.Table, StringComparer.OrdinalIgnoreCase).ToList();
        Catalog(w, "BaseTableCatalog", tables.Count, () =>
        {
            for (var i = 0; i < tables.Count; i++)
                Reference(w, "BaseTable", FirstTableId + i, tables[i].Key, end: true);
        });
        Catalog(w, "TableOccurrenceCatalog", tables.Count, () =>
        {
            for (var i = 0; i < tables.Count; i++)
            {
                Reference(w, "TableOccurrence", FirstOccurrenceId + i, tables[i].Key, end: false);
                w.WriteAttributeString("type", "Local");
                w.WriteStartElement("BaseTableSourceReference");
                w.WriteAttributeString("type", "BaseTableReference");
                Reference(w, "BaseTableReference", FirstTableId + i, tables[i].Key, end: true);
                w.WriteEndElement();
                w.WriteEndElement();
            }
        });
        Catalog(w, "FieldsForTables", tables.Count, () =>
        {
            for (var i = 0; i < tables.Count; i++)
            {
                w.WriteStartElement("FieldCatalog");
                Reference(w, "BaseTableReference", FirstTableId + i, tables[i].Key, end: true);
                var list = tables[i].ToList();
                Catalog(w, "ObjectList", list.Count, () =>
                {
                    for (var f = 0; f < list.Count; f++)
                    {
                        Reference(w, "Field", f + 1, list[f].Field, end: false);
                        w.WriteAttributeString("fieldtype", "Normal");
                        w.WriteAttributeString("datatype", DataType(list[f].Kind));
                        w.WriteAttributeString("comment", "");
                        w.WriteEndElement();
                    }
                });
                w.WriteEndElement();
            }
        });
        Catalog(w, "ScriptCatalog", scripts.Count, () =>
        {
            for (var i = 0; i < scripts.Count; i++) Reference(w, "Script", i + 1, scripts[i].Name, end: true);
        });
        Catalog(w, "StepsForScripts", scripts.Count, () =>
        {
            for (var i = 0; i < scripts.Count; i++)
            {
                w.WriteStartElement("Script");
                Reference(w, "ScriptReference", i + 1, scripts[i].Name, end: true);
                var steps = scripts[i].Steps;
                Catalog(w, "ObjectList", steps.Count, () =>
                {
                    for (var s = 0; s < steps.Count; s++) SaxmlStepMap.Write(w, steps[s], s, fileName);
                });
                w.WriteEndElement();
            }
        });
        w.WriteEndElement();
        w.WriteEndElement();
        extra?.Invoke(w);
        w.WriteEndElement();
    }

    /// <summary>FileMaker's datatype names (FieldCatalog); a container is "Binary".</summary>
    public static string DataType(FmKind kind) => kind switch
    {
        FmKind.Number => "Number",
        FmKind.Date => "Date",
        FmKind.Time => "Time",
        FmKind.Timestamp => "TimeStamp",
        FmKind.Container => "Binary",
        _ => "Text",
    };

    static void Catalog(XmlWriter w, string element, int count, Action body)
    {
        w.WriteStartElement(element);
        w.WriteAttributeString("membercount", count.ToString(CultureInfo.InvariantCulture));
        body();
        w.WriteEndElement();
    }

    static void Reference(XmlWriter w, string element, int id, string name, bool end)
    {
        w.WriteStartElement(element);
        w.WriteAttributeString("id", id.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("name", name);
        if (end) w.WriteEndElement();
    }

    /// <summary>
    /// A table catalog as text: "Table TAB Field TAB Type" lines (Text, Number, Date, Time, TimeStamp, Binary).
    /// </summary>
    public static FieldSchema ReadFieldList(string path)
    {
        var schema = new FieldSchema();
        var n = 0;
        foreach (var line in File.ReadLines(path))
        {
            n++;
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var cols = line.Split('\t');
            if (cols.Length != 3 || FieldSchema.KindOf(cols[2].Trim()) is not { } kind)
                throw new ScriptParseException(Path.GetFileName(path), n,
                    "needs \"Table<TAB>Field<TAB>Type\" (Text, Number, Date, Time, TimeStamp, Binary).");
            schema.Add(cols[0].Trim(), cols[1].Trim(), kind);
        }
        return schema;
    }
}

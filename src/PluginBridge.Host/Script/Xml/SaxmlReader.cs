using System.Xml;
using System.Xml.Linq;
using PluginBridge.Host.Data;

namespace PluginBridge.Host.Script.Xml;

/// <summary>
/// One script of an export: its steps in printed form, or why they cannot be read (an unknown step, say), which is
/// reported when the script is run, so that one such script does not stop the others of a real file. The steps are
/// kept packed (UTF-8, a flag byte each) and unpacked when asked for: a large file's scripts stay small.
/// </summary>
public sealed class SaxmlScript(string name, IReadOnlyList<RawStep> steps, ScriptParseException? error)
{
    const byte Disabled = 1, Comment = 2;
    readonly byte[] packed = Pack(steps);

    public string Name { get; } = name;
    public ScriptParseException? Error { get; } = error;

    /// <summary>The steps, position = place in the script (disabled ones kept and marked).</summary>
    public IReadOnlyList<RawStep> Steps => Unpack();

    /// <summary>Per step: a flag byte, then the name and the option texts (or a comment's text), split by U+0001,
    /// which XML text cannot hold; steps end with NUL, which it cannot hold either.</summary>
    static byte[] Pack(IReadOnlyList<RawStep> steps)
    {
        using var buffer = new MemoryStream();
        foreach (var step in steps)
        {
            buffer.WriteByte((byte)((step.Disabled ? Disabled : 0) | (step.IsComment ? Comment : 0)));
            var fields = step.IsComment ? step.Text
                : string.Join('\u0001', step.Options.Select(o => o.Text).Prepend(step.Name));
            buffer.Write(System.Text.Encoding.UTF8.GetBytes(fields));
            buffer.WriteByte(0);
        }
        return buffer.ToArray();
    }

    /// <summary>The steps as the map made them (StepSplitter.Printed): the same text, options and offsets.</summary>
    List<RawStep> Unpack()
    {
        var list = new List<RawStep>();
        for (var at = 0; at < packed.Length;)
        {
            var end = Array.IndexOf(packed, (byte)0, at + 1);
            var (flags, text) = (packed[at], System.Text.Encoding.UTF8.GetString(packed, at + 1, end - at - 1));
            var (position, disabled) = (list.Count + 1, (flags & Disabled) != 0);
            if ((flags & Comment) != 0) list.Add(new RawStep(position, text, "#", [], true) { Disabled = disabled });
            else
            {
                var fields = text.Split('\u0001');
                list.Add(StepSplitter.Printed(position, fields[0], fields[1..], disabled));
            }
            at = end + 1;
        }
        return list;
    }
}

/// <summary>What the host takes from an export: the file's name, its scripts and its fields with their types.</summary>
public sealed record SaxmlFile(string Name, IReadOnlyList<SaxmlScript> Scripts, FieldSchema Fields);

/// <summary>
/// Reads FileMaker's "Save a Copy as XML" (&lt;FMSaveAsXML&gt;, FileMaker 19.4 and later) as a stream: one pass of
/// an XmlReader, holding only one step (or one table occurrence) as a tree at a time, so a large export (layouts,
/// themes, DDR_INFO, chunk lists) costs the memory of its scripts' printed text, not of the document. UTF-8 and
/// UTF-16 (FileMaker writes UTF-16) are read alike. Used: BaseTableCatalog/TableOccurrenceCatalog (the names
/// scripts use), FieldsForTables (fields and datatypes), ScriptCatalog (script names, folders skipped) and
/// StepsForScripts (the steps); everything else is skipped unread.
/// </summary>
public static class SaxmlReader
{
    public const string Root = "FMSaveAsXML";

    /// <summary>Whether the file's root element is &lt;FMSaveAsXML&gt; (reads only up to it).</summary>
    public static bool IsSaxml(string path)
    {
        try
        {
            using var reader = XmlReader.Create(path, Settings());
            return reader.MoveToContent() == XmlNodeType.Element && reader.LocalName == Root;
        }
        catch (XmlException) { return false; }
    }

    public static SaxmlFile ReadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    public static SaxmlFile Read(Stream stream, string path)
    {
        var display = Path.GetFileName(path);
        var state = new State();
        string name;
        using var reader = XmlReader.Create(stream, Settings());
        try
        {
            reader.MoveToContent();
            if (reader.LocalName != Root)
                throw new ScriptParseException(display, 1,
                    $"<{reader.LocalName}> is not FileMaker's <{Root}> (Save a Copy as XML).");
            var file = reader.GetAttribute("File") ?? Path.GetFileNameWithoutExtension(path);
            name = file.EndsWith(".fmp12", StringComparison.OrdinalIgnoreCase) ? file[..^6] : file;
            reader.Read();
            while (!reader.EOF)
            {
                if (reader.NodeType != XmlNodeType.Element) { reader.Read(); continue; }
                switch (reader.LocalName)
                {
                    // Containers of the catalogs: step into them.
                    case "Structure" or "AddAction" or "ModifyAction": reader.Read(); break;
                    case "TableOccurrenceCatalog": Each(reader, "TableOccurrence", state.TableOccurrence); break;
                    case "FieldsForTables": Each(reader, "FieldCatalog", state.FieldCatalog); break;
                    case "ScriptCatalog": Each(reader, "Script", state.CatalogScript); break;
                    case "StepsForScripts": Each(reader, "Script", r => state.Steps(r, display)); break;
                    default: reader.Skip(); break;
                }
            }
        }
        catch (XmlException e)
        {
            throw new ScriptParseException(display, e.LineNumber, $"not well-formed XML: {e.Message}");
        }
        return new SaxmlFile(name, state.Scripts(), state.Schema());
    }

    static XmlReaderSettings Settings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true,
        NameTable = new BoundedNameTable(),
    };

    /// <summary>
    /// An XmlReader keeps every element name it meets; DDR_INFO names each entry after a UUID ("_7AF3…_0"), so a
    /// large export would leave millions of names behind. This table keeps the first names (FileMaker's element
    /// names, and the reader's own "xml"/"xmlns", added first) and hands out the rest without keeping them.
    /// </summary>
    sealed class BoundedNameTable : XmlNameTable
    {
        const int Limit = 4096;
        readonly NameTable kept = new();
        int count;

        public override string Add(string array) => Get(array) ?? Keep(array);

        public override string Add(char[] array, int offset, int length) =>
            Get(array, offset, length) ?? Keep(new string(array, offset, length));

        public override string? Get(string array) => kept.Get(array);

        public override string? Get(char[] array, int offset, int length) => kept.Get(array, offset, length);

        string Keep(string name) => ++count <= Limit ? kept.Add(name) : name;
    }

    /// <summary>Calls read for each child element named child of the current element; skips the others.</summary>
    static void Each(XmlReader reader, string child, Action<XmlReader> read)
    {
        if (reader.IsEmptyElement) { reader.Read(); return; }
        var depth = reader.Depth;
        reader.Read();
        while (!reader.EOF && reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == child)
            {
                using (var sub = reader.ReadSubtree()) { sub.Read(); read(sub); }
                reader.Skip();
            }
            else if (reader.NodeType == XmlNodeType.Element) reader.Skip();
            else reader.Read();
        }
        if (reader.NodeType == XmlNodeType.EndElement) reader.Read();
    }

    /// <summary>What a step needs of its element, as a small tree: chunk lists and UUIDs are skipped.</summary>
    static readonly HashSet<string> unread = ["ChunkList", "DDRREF", "UUID", "OwnerID"];

    /// <summary>The current element as a tree without the parts in <see cref="unread"/>; leaves r after it.</summary>
    static XElement LeanTree(XmlReader r)
    {
        var root = new XElement(r.LocalName);
        var depth = r.Depth;
        var open = new Stack<XElement>();
        var current = root;
        while (true)
        {
            if (r.NodeType == XmlNodeType.Element)
            {
                var e = r.Depth == depth ? root : new XElement(r.LocalName);
                if (r.MoveToFirstAttribute())
                {
                    do e.SetAttributeValue(r.LocalName, r.Value); while (r.MoveToNextAttribute());
                    r.MoveToElement();
                }
                if (e != root) current.Add(e);
                if (!r.IsEmptyElement) { open.Push(current); current = e; }
                else if (e == root) { r.Read(); return root; }
                r.Read();
            }
            else if (r.NodeType == XmlNodeType.EndElement)
            {
                if (r.Depth == depth) { r.Read(); return root; }
                current = open.Pop();
                r.Read();
            }
            else if (r.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace)
            {
                current.Add(new XText(r.Value));
                r.Read();
            }
            else r.Read();
            while (r.NodeType == XmlNodeType.Element && r.Depth > depth && unread.Contains(r.LocalName)) r.Skip();
        }
    }

    sealed class State
    {
        readonly Dictionary<string, string> occurrences = new(StringComparer.OrdinalIgnoreCase); // TO → base table
        readonly List<(string Table, string Field, string Type)> fields = [];
        readonly List<string> catalog = [];
        readonly Dictionary<string, SaxmlScript> steps = new(StringComparer.OrdinalIgnoreCase);

        public void TableOccurrence(XmlReader r)
        {
            var to = (XElement)XNode.ReadFrom(r);
            var baseTable = to.Element("BaseTableSourceReference")?.Element("BaseTableReference")?.Attribute("name");
            if ((string?)to.Attribute("name") is { } name && baseTable is not null) occurrences[name] = baseTable.Value;
        }

        /// <summary>FieldCatalog: BaseTableReference, then ObjectList of Field (name, datatype).</summary>
        public void FieldCatalog(XmlReader r)
        {
            string? table = null;
            EachElement(r, element =>
            {
                if (element == "BaseTableReference") table = r.GetAttribute("name");
                else if (element == "Field" && table is not null && r.GetAttribute("name") is { } field)
                    fields.Add((table, field, r.GetAttribute("datatype") ?? ""));
                r.Skip();
            });
        }

        public void CatalogScript(XmlReader r)
        {
            // Folders (isFolder="True"), their end markers ("Marker") and separators are not scripts.
            if (r.GetAttribute("isFolder") is null or "False" && r.GetAttribute("isSeparatorItem") is null
                && r.GetAttribute("name") is { Length: > 0 } name)
                catalog.Add(name);
        }

        /// <summary>StepsForScripts/Script: ScriptReference names it, ObjectList holds its Steps (one tree at a time).
        /// </summary>
        public void Steps(XmlReader r, string display)
        {
            string? name = null;
            var raw = new List<RawStep>();
            ScriptParseException? error = null;
            EachElement(r, element =>
            {
                if (element != "Step")
                {
                    if (element == "ScriptReference") name = r.GetAttribute("name");
                    r.Skip();
                    return;
                }
                var step = LeanTree(r);
                KeepGen0Small();
                if (error is not null) return;
                try { raw.Add(SaxmlStepMap.Read(step, raw.Count + 1, $"{display} › {name}")); }
                catch (ScriptParseException e) { error = e; }
            });
            if (name is not null) steps[name] = new SaxmlScript(name, raw, error);
        }

        /// <summary>
        /// Gives each element inside the reader's (a subtree reader) to visit, which consumes it (Skip or a read of
        /// the whole element); ObjectList wrappers are entered rather than visited.
        /// </summary>
        static void EachElement(XmlReader r, Action<string> visit)
        {
            r.Read();
            while (!r.EOF)
            {
                if (r.NodeType != XmlNodeType.Element) r.Read();
                else if (r.LocalName == "ObjectList") r.Read();
                else visit(r.LocalName);
            }
        }

        long collectedAt;

        /// <summary>
        /// Reading steps allocates fast and keeps little; left alone, the GC lets its youngest generation grow to
        /// about the size of the export before collecting (measured: 140 MB peak for 100 MB). A young collection
        /// every 8 MB allocated keeps the peak near the host's own size (bench/saxml-memory.sh).
        /// </summary>
        void KeepGen0Small()
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            if (allocated - collectedAt < 8 << 20) return;
            GC.Collect(0, GCCollectionMode.Forced, blocking: true);
            collectedAt = allocated;
        }

        /// <summary>The catalog's scripts in its order (one without steps is empty), then others.</summary>
        public List<SaxmlScript> Scripts()
        {
            var list = catalog.Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(n => steps.GetValueOrDefault(n) ?? new SaxmlScript(n, [], null)).ToList();
            list.AddRange(steps.Values.Where(s => !catalog.Contains(s.Name, StringComparer.OrdinalIgnoreCase)));
            return list;
        }

        /// <summary>Fields by base table and by every table occurrence of it (scripts name occurrences).</summary>
        public FieldSchema Schema()
        {
            var schema = new FieldSchema();
            foreach (var (table, field, type) in fields)
            {
                if (FieldSchema.KindOf(type) is not { } kind) continue;
                schema.Add(table, field, kind);
                foreach (var (to, baseTable) in occurrences)
                    if (string.Equals(baseTable, table, StringComparison.OrdinalIgnoreCase))
                        schema.Add(to, field, kind);
            }
            return schema;
        }
    }
}

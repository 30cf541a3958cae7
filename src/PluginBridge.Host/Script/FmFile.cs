using PluginBridge.Host.Data;
using PluginBridge.Host.Script.Xml;

namespace PluginBridge.Host.Script;

/// <summary>
/// A FileMaker-like "file": a folder of script files (one script per "Name.fmscript", and any number per
/// fmxmlsnippet "*.xml"). Get ( FileName ) is the
/// folder's name; its fields live by default in "&lt;folder&gt;/&lt;FileName&gt;.pbdb.sqlite". Or one "Save a Copy as
/// XML" export (see <see cref="LoadSaxml"/>).
/// </summary>
public sealed class FmFile
{
    readonly Dictionary<string, Lazy<ParsedScript>> scripts;
    Dictionary<string, string>? layouts;

    /// <summary>The optional layout list of a folder: "Layout Name&lt;TAB&gt;Table" lines, # comments.</summary>
    public const string LayoutsFile = "layouts.tsv";

    /// <summary>
    /// The table a layout shows: as listed in layouts.tsv when the folder has one (null for a layout it does not list:
    /// error 105), else the table of the layout's own name.
    /// </summary>
    public string? TableOfLayout(string layout) =>
        layouts is null ? layout.Trim() : layouts.GetValueOrDefault(layout.Trim());

    public string Name { get; }
    public string Folder { get; }
    /// <summary>The fields the file defines, with their types (a SaXML export); null for a folder of scripts.</summary>
    public FieldSchema? Fields { get; }

    FmFile(string name, string folder, Dictionary<string, Lazy<ParsedScript>> scripts, FieldSchema? fields = null)
    {
        Name = name; Folder = folder; this.scripts = scripts; Fields = fields;
    }

    public IEnumerable<string> ScriptNames => scripts.Keys.Order(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every script, parsed (for an export: each is parsed now, and its error thrown now).</summary>
    public IEnumerable<ParsedScript> Scripts => ScriptNames.Select(n => scripts[n].Value);

    public bool Has(string name) => scripts.ContainsKey(name.Trim());

    /// <summary>The script, parsed; a script of an export that cannot be read throws its parse error here.</summary>
    public ParsedScript? Find(string name) => scripts.GetValueOrDefault(name.Trim())?.Value;

    public string DefaultDatabasePath => System.IO.Path.Combine(Folder, Name + ".pbdb.sqlite");

    /// <summary>A file with no scripts, for eval.</summary>
    public static FmFile Empty(string name) =>
        new(name, Directory.GetCurrentDirectory(), new(StringComparer.OrdinalIgnoreCase));

    /// <summary>Loads and parses every script of the folder; throws <see cref="ScriptParseException"/> on the first bad
    /// one.</summary>
    public static FmFile LoadFolder(string folder)
    {
        var full = System.IO.Path.GetFullPath(folder);
        if (!Directory.Exists(full)) throw new FileNotFoundException($"No such folder: {full}");
        var scripts = new Dictionary<string, Lazy<ParsedScript>>(StringComparer.OrdinalIgnoreCase);
        void Add(ParsedScript script)
        {
            if (scripts.TryGetValue(script.Name, out var other))
                throw new ScriptParseException(System.IO.Path.GetFileName(script.Path), 1,
                    $"the script \"{script.Name}\" is also in {System.IO.Path.GetFileName(other.Value.Path)}: "
                    + "a file's script names must differ.");
            scripts[script.Name] = new Lazy<ParsedScript>(script);
        }
        foreach (var path in Directory.EnumerateFiles(full, "*" + ScriptParser.Extension).Order(StringComparer.Ordinal))
            Add(ScriptParser.ParseFile(path));
        foreach (var path in Directory.EnumerateFiles(full, "*" + SnippetReader.Extension)
            .Order(StringComparer.Ordinal))
        {
            if (SaxmlReader.IsSaxml(path))
                throw new ScriptParseException(System.IO.Path.GetFileName(path), 1, "is a Save a Copy as XML export, "
                    + "a file of its own: run it as pluginbridge run FILE.xml, not as part of a folder.");
            foreach (var s in SnippetReader.ReadFile(path))
                Add(ScriptParser.FromRaw(s.Name, path, $"{System.IO.Path.GetFileName(path)} › {s.Name}", s.Steps));
        }
        return new FmFile(new DirectoryInfo(full).Name, full, scripts) { layouts = ReadLayouts(full) };
    }

    static Dictionary<string, string>? ReadLayouts(string folder)
    {
        var path = System.IO.Path.Combine(folder, LayoutsFile);
        if (!File.Exists(path)) return null;
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
            var cols = line.Split('\t');
            if (cols.Length != 2 || cols[0].Trim().Length == 0 || cols[1].Trim().Length == 0)
                throw new ScriptParseException(LayoutsFile, number, "a layout line is \"Layout Name<TAB>Table\".");
            map[cols[0].Trim()] = cols[1].Trim();
        }
        return map;
    }

    /// <summary>
    /// A "Save a Copy as XML" export as one file: Get ( FileName ) is its File attribute without ".fmp12"; its fields
    /// and their types come from its table catalog. Its scripts are parsed when first run, so a script with a step
    /// this host does not run is reported (id, name, place) when it is run, and does not stop the others.
    /// </summary>
    public static FmFile LoadSaxml(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var export = SaxmlReader.ReadFile(full);
        var display = System.IO.Path.GetFileName(full);
        var scripts = new Dictionary<string, Lazy<ParsedScript>>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in export.Scripts)
            scripts[s.Name] = new Lazy<ParsedScript>(() => s.Error is { } error ? throw error
                : ScriptParser.FromRaw(s.Name, full, $"{display} › {s.Name}", s.Steps));
        return new FmFile(export.Name, System.IO.Path.GetDirectoryName(full)!, scripts, export.Fields);
    }

    /// <summary>PATH as the CLI takes it: a folder, or one script file (its folder is the file, the script is the
    /// start).</summary>
    public static (FmFile File, string? StartScript) Load(string path)
    {
        if (File.Exists(path))
        {
            var full = System.IO.Path.GetFullPath(path);
            if (path.EndsWith(SnippetReader.Extension, StringComparison.OrdinalIgnoreCase) && SaxmlReader.IsSaxml(full))
                return (LoadSaxml(full), null);
            var folder = LoadFolder(System.IO.Path.GetDirectoryName(full)!);
            if (path.EndsWith(ScriptParser.Extension, StringComparison.OrdinalIgnoreCase))
                return (folder, System.IO.Path.GetFileNameWithoutExtension(full));
            if (!path.EndsWith(SnippetReader.Extension, StringComparison.OrdinalIgnoreCase))
                throw new FileNotFoundException($"{path} is not a script file: script files end in " +
                    $"{ScriptParser.Extension} or {SnippetReader.Extension} (fmxmlsnippet).");
            // A snippet with one script starts it; with several, --script chooses.
            var inFile = folder.Scripts.Where(s => s.Path == full).ToList();
            return (folder, inFile.Count == 1 ? inFile[0].Name : null);
        }
        if (Directory.Exists(path)) return (LoadFolder(path), null);
        throw new FileNotFoundException($"No such script file or folder: {path}");
    }
}

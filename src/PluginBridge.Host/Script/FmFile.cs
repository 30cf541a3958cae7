namespace PluginBridge.Host.Script;

/// <summary>
/// A FileMaker-like "file": a folder of script files (one script per "Name.fmscript"). Get ( FileName ) is the
/// folder's name; its fields live by default in "&lt;folder&gt;/&lt;FileName&gt;.pbdb.sqlite".
/// </summary>
public sealed class FmFile
{
    readonly Dictionary<string, ParsedScript> scripts;

    public string Name { get; }
    public string Folder { get; }

    FmFile(string name, string folder, Dictionary<string, ParsedScript> scripts)
    {
        Name = name; Folder = folder; this.scripts = scripts;
    }

    public IEnumerable<ParsedScript> Scripts => scripts.Values.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase);

    public ParsedScript? Find(string name) => scripts.GetValueOrDefault(name.Trim());

    public string DefaultDatabasePath => System.IO.Path.Combine(Folder, Name + ".pbdb.sqlite");

    /// <summary>A file with no scripts, for eval.</summary>
    public static FmFile Empty(string name) => new(name, Directory.GetCurrentDirectory(), new(StringComparer.OrdinalIgnoreCase));

    /// <summary>Loads and parses every script of the folder; throws <see cref="ScriptParseException"/> on the first bad one.</summary>
    public static FmFile LoadFolder(string folder)
    {
        var full = System.IO.Path.GetFullPath(folder);
        if (!Directory.Exists(full)) throw new FileNotFoundException($"No such folder: {full}");
        var scripts = new Dictionary<string, ParsedScript>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in Directory.EnumerateFiles(full, "*" + ScriptParser.Extension).Order(StringComparer.Ordinal))
        {
            var script = ScriptParser.ParseFile(path);
            scripts[script.Name] = script;
        }
        return new FmFile(new DirectoryInfo(full).Name, full, scripts);
    }

    /// <summary>PATH as the CLI takes it: a folder, or one script file (its folder is the file, the script is the start).</summary>
    public static (FmFile File, string? StartScript) Load(string path)
    {
        if (File.Exists(path))
        {
            if (!path.EndsWith(ScriptParser.Extension, StringComparison.OrdinalIgnoreCase))
                throw new FileNotFoundException($"{path} is not a script file: script files end in {ScriptParser.Extension}.");
            var full = System.IO.Path.GetFullPath(path);
            return (LoadFolder(System.IO.Path.GetDirectoryName(full)!), System.IO.Path.GetFileNameWithoutExtension(full));
        }
        if (Directory.Exists(path)) return (LoadFolder(path), null);
        throw new FileNotFoundException($"No such script file or folder: {path}");
    }
}

namespace PluginBridge.Host.Script.Xml;

/// <summary>
/// convert IN OUT: printed scripts (.fmscript, or a folder of them) to an fmxmlsnippet (.xml), and a snippet back to
/// printed text (one .fmscript, or a folder when the snippet holds several scripts). Disabled steps, comments and
/// every calculation's text are kept.
/// </summary>
public static class ScriptConverter
{
    public static void Convert(string input, string output)
    {
        var scripts = Read(input);
        // What cannot run cannot be converted faithfully either: the parser checks every step and calculation first.
        foreach (var script in scripts) ScriptParser.FromRaw(script.Name, input, Path.GetFileName(input), script.Steps);
        if (output.EndsWith(SnippetReader.Extension, StringComparison.OrdinalIgnoreCase))
        {
            Data.AtomicFile.Write(output,
                stream => SnippetWriter.WriteSnippet(stream, scripts, Path.GetFileName(input)));
        }
        else if (output.EndsWith(ScriptParser.Extension, StringComparison.OrdinalIgnoreCase))
        {
            if (scripts.Count != 1)
                throw new FileNotFoundException(
                    $"{input} holds {scripts.Count} scripts; give a folder as OUT to write one .fmscript each.");
            Data.AtomicFile.WriteAllText(output, SnippetWriter.WritePrinted(scripts[0], Path.GetFileName(input)));
        }
        else
        {
            Directory.CreateDirectory(output);
            foreach (var script in scripts)
                Data.AtomicFile.WriteAllText(Path.Combine(output, script.Name + ScriptParser.Extension),
                    SnippetWriter.WritePrinted(script, Path.GetFileName(input)));
        }
    }

    /// <summary>
    /// Scripts (a .fmscript, a folder of them, a snippet) as a "Save a Copy as XML" export named after IN, with the
    /// table catalog of fieldList ("Table TAB Field TAB Type" lines).
    /// </summary>
    public static void ConvertToSaxml(string input, string output, string fieldList)
    {
        var scripts = Read(input);
        foreach (var script in scripts) ScriptParser.FromRaw(script.Name, input, Path.GetFileName(input), script.Steps);
        var name = Directory.Exists(input) ? new DirectoryInfo(Path.GetFullPath(input)).Name
            : Path.GetFileNameWithoutExtension(input);
        var fields = SaxmlWriter.ReadFieldList(fieldList);
        using var stream = File.Create(output);
        SaxmlWriter.Write(stream, name, scripts, fields);
    }

    /// <summary>A .fmscript, a snippet, or a folder of .fmscript files, as scripts with their steps.</summary>
    public static List<SnippetScript> Read(string input)
    {
        if (Directory.Exists(input))
            return Directory.EnumerateFiles(input, "*" + ScriptParser.Extension).Order(StringComparer.Ordinal)
                .Select(ReadPrinted).ToList();
        if (!File.Exists(input)) throw new FileNotFoundException($"No such file or folder: {input}");
        if (input.EndsWith(SnippetReader.Extension, StringComparison.OrdinalIgnoreCase) && SaxmlReader.IsSaxml(input))
            return SaxmlReader.ReadFile(input).Scripts
                .Select(s => s.Error is { } e ? throw e : new SnippetScript(s.Name, s.Steps)).ToList();
        if (input.EndsWith(SnippetReader.Extension, StringComparison.OrdinalIgnoreCase))
            return SnippetReader.ReadFile(input);
        if (input.EndsWith(ScriptParser.Extension, StringComparison.OrdinalIgnoreCase)) return [ReadPrinted(input)];
        throw new FileNotFoundException(
            $"{input}: convert reads .fmscript, .xml (fmxmlsnippet) or a folder of .fmscript files.");
    }

    static SnippetScript ReadPrinted(string path) =>
        new(Path.GetFileNameWithoutExtension(path),
            StepSplitter.Split(Path.GetFileName(path), File.ReadAllText(path), keepDisabled: true));
}

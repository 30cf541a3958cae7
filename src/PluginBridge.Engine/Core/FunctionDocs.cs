using System.Reflection;

namespace PluginBridge.Engine.Core;

/// <summary>
/// What each function does, one line per function in its family's functions.tsv (name, tab, description), embedded
/// in the engine. Registration lines stay short (name, parameters, method) and the prose lives with the other prose.
/// </summary>
static class FunctionDocs
{
    /// <summary>Every doc line of every family: name (case-insensitive) → description.</summary>
    public static Dictionary<string, string> Load()
    {
        var docs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var assembly = typeof(FunctionDocs).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".functions.tsv")))
            Read(assembly, resource, docs);
        return docs;
    }

    static void Read(Assembly assembly, string resource, Dictionary<string, string> docs)
    {
        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var tab = line.IndexOf('\t');
            if (tab <= 0 || !docs.TryAdd(line[..tab], line[(tab + 1)..]))
                throw new InvalidOperationException($"{resource}: not name<TAB>description, or a name twice: {line}");
        }
    }
}

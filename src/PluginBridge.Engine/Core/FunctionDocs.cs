using System.Reflection;
using System.Text;

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
        var docs = new Dictionary<string, string>(512, StringComparer.OrdinalIgnoreCase);
        var assembly = typeof(FunctionDocs).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".functions.tsv")))
            Read(assembly, resource, docs);
        return docs;
    }

    // Read at start-up (the first call builds the registry): the lines are cut from the UTF-8 bytes where the
    // resource lies in the image, without a reader decoding the whole text first.
    static unsafe void Read(Assembly assembly, string resource, Dictionary<string, string> docs)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        if (stream is UnmanagedMemoryStream mapped)
            Parse(resource, new ReadOnlySpan<byte>(mapped.PositionPointer, checked((int)mapped.Length)), docs);
        else
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            Parse(resource, copy.GetBuffer().AsSpan(0, (int)copy.Length), docs);
        }
    }

    /// <summary>Lines end in LF or CRLF; a UTF-8 byte order mark is skipped; empty and "#" lines are comments.
    /// Invalid UTF-8 becomes U+FFFD, as a reader would decode it.</summary>
    internal static void Parse(string resource, ReadOnlySpan<byte> text, Dictionary<string, string> docs)
    {
        if (text.StartsWith("\uFEFF"u8)) text = text[3..];
        while (!text.IsEmpty)
        {
            var end = text.IndexOf((byte)'\n');
            var line = end < 0 ? text : text[..end];
            text = end < 0 ? default : text[(end + 1)..];
            if (line.EndsWith("\r"u8)) line = line[..^1];
            if (line.IsEmpty || line[0] == '#') continue;
            var tab = line.IndexOf((byte)'\t');
            var name = tab > 0 ? Encoding.UTF8.GetString(line[..tab]) : null;
            if (name is null || !docs.TryAdd(name, Encoding.UTF8.GetString(line[(tab + 1)..])))
                throw new InvalidOperationException(
                    $"{resource}: not name<TAB>description, or a name twice: {Encoding.UTF8.GetString(line)}");
        }
    }
}

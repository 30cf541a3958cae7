namespace PluginBridge.Engine.Paths;

/// <summary>MBS Path.*: joining path components and turning FileMaker paths (file:/…, filemac:/…) into native
/// ones.</summary>
static class PathFunctions
{
    public static void Register(Registry r)
    {
        r.Add("Path.AddPathComponent", "Path; Component...",
            a => Value.FromText(a.From(1).Aggregate(a.Text(0), (path, part) => Add(path, part.AsText()))));
        r.Add("Path.FileMakerPathToNativePath", "Path", a => Value.FromText(ToNative(a.Text(0))));
        r.Add("Path.LastPathComponent", "Path", a => Value.FromText(Last(a.Text(0))));
    }

    public static string Add(string path, string component)
    {
        if (path.Length == 0) return component;
        var sep = path.Contains('\\') && !path.Contains('/') ? '\\' : '/';
        return path.TrimEnd('/', '\\') + sep + component.TrimStart('/', '\\');
    }

    // The name after the last slash or backslash, trailing separators ignored: "/a/b/" gives "b".
    public static string Last(string path)
    {
        var p = path.TrimEnd('/', '\\');
        return p[(p.LastIndexOfAny(['/', '\\']) + 1)..];
    }

    static readonly string[] Prefixes = ["filemac:", "filewin:", "filelinux:", "file:", "imagemac:", "imagewin:",
        "imagelinux:", "image:", "moviemac:", "moviewin:", "movielinux:", "movie:"];

    public static string ToNative(string path)
    {
        var p = path.Trim();
        foreach (var prefix in Prefixes)
            if (p.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) { p = p[prefix.Length..]; break; }
        if (p.StartsWith("//", StringComparison.Ordinal)) p = p[1..]; // file:// URL form keeps one slash
        // FileMaker writes Windows paths as /C:/dir/file.
        if (p.Length >= 3 && p[0] == '/' && char.IsAsciiLetter(p[1]) && p[2] == ':')
            return OperatingSystem.IsWindows() ? p[1..].Replace('/', '\\') : p[1..];
        return OperatingSystem.IsWindows() ? p.Replace('/', '\\') : p;
    }
}

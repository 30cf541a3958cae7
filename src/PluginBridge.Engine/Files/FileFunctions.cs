namespace PluginBridge.Engine.Files;

/// <summary>MBS Files.*: asking about and creating files and folders by native path.</summary>
static class FileFunctions
{
    public static void Register(Registry r)
    {
        r.Add("Files.FileExists", "Path", FileExists);
        r.Add("Files.CreateDirectory", "Path", CreateDirectory);
        r.Add("Files.ListAsJSON", "Path { ; Keys; Filter; ExtensionFilter }", FileListing.ListAsJson);
    }

    // MBS: 1 for a file, 0 for a folder (Files.DirectoryExists answers for those) or nothing at the native path.
    static Value FileExists(Args a) => Value.FromBool(File.Exists(a.Text(0)));

    // MBS (10.5+): missing parent folders are created too, and an existing folder is OK.
    static Value CreateDirectory(Args a)
    {
        var path = a.Text(0);
        if (path.Length == 0) return Value.Error("Path is empty: pass the native path of the folder to create.");
        if (File.Exists(path)) return Value.Error($"A file exists at {path}: choose another folder path.");
        try
        {
            Directory.CreateDirectory(path);
            return Value.Ok;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException
            or NotSupportedException)
        {
            return Value.Error($"Failed to create folder {path}: {e.Message} Check the path and its permissions.");
        }
    }
}

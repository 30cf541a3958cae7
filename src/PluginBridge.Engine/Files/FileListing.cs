using System.Globalization;
using PluginBridge.Engine.Lists;

namespace PluginBridge.Engine.Files;

/// <summary>
/// MBS Files.ListAsJSON: the items of a folder as a JSON array of objects, in the order the system lists them.
/// Name, Directory and Type ("File" or "Directory") always; Keys adds Size, CreationTimeStamp, AccessTimeStamp,
/// ModificationTimeStamp, Visible, IsApplication, IsPackage ("All": every one). Filter: 1 files only, 2 folders only,
/// 4 visible only, 8 the path ends in a pattern with * and ?, 128 ExtensionFilter matches anywhere in the name.
/// </summary>
static class FileListing
{
    static readonly string[] AllKeys =
        ["Visible", "Size", "CreationTimeStamp", "AccessTimeStamp", "ModificationTimeStamp", "IsApplication",
         "IsPackage"];

    public static Value ListAsJson(Args a)
    {
        var path = a.Text(0);
        var filter = a.Long(2);
        var pattern = "*";
        if ((filter & 8) != 0)
        {
            pattern = System.IO.Path.GetFileName(path);
            path = System.IO.Path.GetDirectoryName(path) ?? "";
        }
        if (path.Length == 0 || !Directory.Exists(path))
            return Value.Error($"Folder not found: {MbsException.Echo(path)}. Pass the native path of a folder.");
        var keys = Keys(a.Text(1));
        var extensions = ListText.Split(a.Text(3)).Where(e => e.Length > 0).ToList();
        var json = new MbsJson().BeginArray();
        IEnumerable<FileSystemInfo> entries;
        try { entries = new DirectoryInfo(path).EnumerateFileSystemInfos(pattern).ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return Value.Error($"Failed to list {path}: {e.Message} Check that the folder may be read.");
        }
        foreach (var item in entries)
        {
            var isDirectory = (item.Attributes & FileAttributes.Directory) != 0;
            if ((filter & 1) != 0 && isDirectory || (filter & 2) != 0 && !isDirectory) continue;
            if ((filter & 4) != 0 && !Visible(item)) continue;
            if (extensions.Count > 0 && !extensions.Any(e => (filter & 128) != 0
                ? item.Name.Contains(e, StringComparison.OrdinalIgnoreCase)
                : item.Name.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                continue;
            json.BeginObject().Property("Name", item.Name).Property("Directory", isDirectory)
                .Property("Type", isDirectory ? "Directory" : "File");
            foreach (var key in keys) AddKey(json, key, item, isDirectory);
            json.EndObject();
        }
        return Value.FromText(json.EndArray().ToString());
    }

    /// <summary>The Keys asked for, in our fixed order, each once; unknown names are an error.</summary>
    static List<string> Keys(string text)
    {
        var asked = ListText.Split(text).Select(k => k.Trim()).Where(k => k.Length > 0).ToList();
        if (asked.Any(k => k.Equals("All", StringComparison.OrdinalIgnoreCase))) return [.. AllKeys];
        foreach (var k in asked)
            if (!AllKeys.Contains(k, StringComparer.OrdinalIgnoreCase)
                && k is not ("Name" or "Directory" or "Type"))
                throw new MbsException($"Unknown key {MbsException.Echo(k, 40)}: pass Size, CreationTimeStamp, " +
                    "AccessTimeStamp, ModificationTimeStamp, Visible, IsApplication, IsPackage or All.");
        return AllKeys.Where(k => asked.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
    }

    static void AddKey(MbsJson json, string key, FileSystemInfo item, bool isDirectory)
    {
        switch (key)
        {
            case "Visible": json.Property(key, Visible(item)); break;
            // Folders have no size of their own here (MBS reports the system's folder entry size on macOS).
            case "Size": json.Property(key, isDirectory ? 0 : ((FileInfo)item).Length); break;
            case "CreationTimeStamp": json.Property(key, TimeStamp(item.CreationTime)); break;
            case "AccessTimeStamp": json.Property(key, TimeStamp(item.LastAccessTime)); break;
            case "ModificationTimeStamp": json.Property(key, TimeStamp(item.LastWriteTime)); break;
            // Applications and packages are macOS notions (.app bundles); none here.
            case "IsApplication":
            case "IsPackage": json.Property(key, false); break;
        }
    }

    // Unix hides names starting with a dot; Windows has the Hidden attribute.
    static bool Visible(FileSystemInfo item) =>
        !item.Name.StartsWith('.') && (item.Attributes & FileAttributes.Hidden) == 0;

    // FileMaker's timestamp text in its default (US) format, local time, as ErrorLog's currentTimeStamp.
    static string TimeStamp(DateTime t) => t.ToString("M/d/yyyy h:mm:ss tt", CultureInfo.InvariantCulture);
}

namespace PluginBridge.Engine.Folders;

/// <summary>MBS Folders.*: the native paths of the user's and the system's standard folders.</summary>
static class FolderFunctions
{
    public static void Register(Registry r)
    {
        r.Add("Folders.SystemTemporary", "", _ => Folder(Path.GetTempPath()));
        r.Add("Folders.UserDesktop", "", _ => Special(Environment.SpecialFolder.DesktopDirectory, "Desktop"));
        r.Add("Folders.UserDocuments", "", _ => Special(Environment.SpecialFolder.MyDocuments, "Documents"));
    }

    // .NET answers "" where no such folder is configured (a service account); MBS then falls back to the home folder.
    static Value Special(Environment.SpecialFolder folder, string name)
    {
        var path = Environment.GetFolderPath(folder);
        if (path.Length > 0) return Folder(path);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return home.Length > 0 ? Folder(Path.Combine(home, name))
            : Value.Error($"No {name} folder: set the HOME environment variable of the process.");
    }

    // MBS returns folder paths without a trailing separator (so Path.AddPathComponent joins them cleanly).
    static Value Folder(string path) =>
        Value.FromText(path.Length > 1 ? Path.TrimEndingDirectorySeparator(path) : path);
}

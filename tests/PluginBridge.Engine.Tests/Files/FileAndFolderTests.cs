using System.Text.Json;
using PluginBridge.Engine.Core;
using Xunit;

namespace PluginBridge.Engine.Tests.Files;

/// <summary>Path.LastPathComponent, Folders.SystemTemporary/UserDesktop/UserDocuments, Files.FileExists,
/// Files.CreateDirectory and Files.ListAsJSON against real files in a temporary folder; expectations from the MBS
/// catalogue pages.</summary>
public sealed class FileAndFolderTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("pb-files-");

    public void Dispose() => dir.Delete(recursive: true);

    string In(params string[] parts) => System.IO.Path.Combine([dir.FullName, .. parts]);

    [Fact]
    public void LastPathComponentNamesTheFileOrFolder()
    {
        Assert.Equal("test.txt", Plugin.Call("Path.LastPathComponent", "c:\\test.txt").Text); // MBS's example
        Assert.Equal("Desktop", Plugin.Call("Path.LastPathComponent", "/Users/cs/Desktop").Text);
        Assert.Equal("test.txt", Plugin.Call("Path.LastPathComponent",
            "https://www.monkeybreadsoftware.com/filemaker/test.txt").Text); // MBS's "file name from URL" example
        File.WriteAllText(In("a b.txt"), "x");
        Assert.Equal("a b.txt", Plugin.Call("Path.LastPathComponent", In("a b.txt")).Text);
        Assert.Equal(dir.Name, Plugin.Call("Path.LastPathComponent", dir.FullName + "/").Text);
    }

    [Fact]
    public void SystemTemporaryIsAWritableFolderWithoutTrailingSeparator()
    {
        var temp = Plugin.Call("Folders.SystemTemporary");
        Assert.False(temp.IsError);
        Assert.True(Directory.Exists(temp.Text), temp.Text);
        Assert.False(temp.Text.Length > 1 && temp.Text.EndsWith(System.IO.Path.DirectorySeparatorChar));
        // MBS's example: the temp folder joined with a name gives a path a file can be written to.
        var path = Plugin.Call("Path.AddPathComponent", temp.Text, $"pb-{Guid.NewGuid():N}.txt").Text;
        try
        {
            File.WriteAllText(path, "x");
            Assert.Equal("1", Plugin.Call("Files.FileExists", path).Text);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void UserDesktopIsInTheHomeFolder()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var desktop = Plugin.Call("Folders.UserDesktop");
        Assert.False(desktop.IsError, desktop.Text);
        Assert.True(System.IO.Path.IsPathRooted(desktop.Text), desktop.Text);
        Assert.StartsWith(home, desktop.Text);
        Assert.NotEqual(home, desktop.Text);
        Assert.False(desktop.Text.EndsWith(System.IO.Path.DirectorySeparatorChar));
    }

    [Fact]
    public void UserDocumentsIsInTheHomeFolder()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var documents = Plugin.Call("Folders.UserDocuments");
        Assert.False(documents.IsError, documents.Text);
        Assert.True(System.IO.Path.IsPathRooted(documents.Text), documents.Text);
        Assert.StartsWith(home, documents.Text);
        Assert.False(documents.Text.EndsWith(System.IO.Path.DirectorySeparatorChar));
    }

    [Fact]
    public void FileExistsIsOneForFilesOnly()
    {
        File.WriteAllText(In("present.txt"), "x");
        Assert.Equal("1", Plugin.Call("Files.FileExists", In("present.txt")).Text);
        Assert.Equal("0", Plugin.Call("Files.FileExists", In("missing.txt")).Text);
        Assert.Equal("0", Plugin.Call("Files.FileExists", dir.FullName).Text); // a folder: 0, as MBS documents
        Assert.Equal("0", Plugin.Call("Files.FileExists", "").Text);
        Assert.Equal("1", Plugin.Call("files.fileexists", In("present.txt")).Text); // names are case-insensitive
    }

    [Fact]
    public void CreateDirectoryCreatesMissingParentsAndAcceptsExistingFolders()
    {
        var nested = In("test1", "test2", "test3");
        Assert.Equal("OK", Plugin.Call("Files.CreateDirectory", nested + "/").Text); // MBS's recursive example
        Assert.True(Directory.Exists(nested));
        Assert.Equal("OK", Plugin.Call("Files.CreateDirectory", nested).Text); // exists already: OK
        File.WriteAllText(In("file.txt"), "x");
        var onFile = Plugin.Call("Files.CreateDirectory", In("file.txt"));
        Assert.True(onFile.IsError);
        Assert.StartsWith("[MBS] A file exists at", onFile.Text);
        var below = Plugin.Call("Files.CreateDirectory", In("file.txt", "sub"));
        Assert.True(below.IsError);
        Assert.StartsWith("[MBS] Failed to create folder", below.Text);
        Assert.True(Plugin.Call("Files.CreateDirectory", "").IsError);
    }

    // Files.ListAsJSON: the keys MBS's examples ask for, its filters, and the SortWithEvaluate examples' use.
    JsonElement[] List(params string[] more)
    {
        var r = Plugin.Call("Files.ListAsJSON", [dir.FullName, .. more]);
        Assert.False(r.IsError, r.Text);
        return JsonDocument.Parse(r.Text).RootElement.EnumerateArray().OrderBy(e => e.GetProperty("Name").GetString(),
            StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public void ListsFilesAndFoldersWithTheKeysAsked()
    {
        File.WriteAllText(Path.Combine(dir.FullName, "a.txt"), "12345");
        File.WriteAllText(Path.Combine(dir.FullName, "b.rtf"), "1");
        File.WriteAllText(Path.Combine(dir.FullName, ".hidden"), "");
        Directory.CreateDirectory(Path.Combine(dir.FullName, "Projects"));
        var written = new DateTime(2020, 9, 28, 15, 51, 58, DateTimeKind.Local);
        File.SetLastWriteTime(Path.Combine(dir.FullName, "a.txt"), written);

        var all = List("Size\rCreationTimeStamp\rAccessTimeStamp\rModificationTimeStamp\rVisible"); // the example
        Assert.Equal([".hidden", "Projects", "a.txt", "b.rtf"], all.Select(e => e.GetProperty("Name").GetString()));
        var a = all[2];
        Assert.False(a.GetProperty("Directory").GetBoolean());
        Assert.Equal("File", a.GetProperty("Type").GetString());
        Assert.Equal(5, a.GetProperty("Size").GetInt64());
        Assert.Equal("9/28/2020 3:51:58 PM", a.GetProperty("ModificationTimeStamp").GetString());
        Assert.True(a.GetProperty("Visible").GetBoolean());
        Assert.False(all[0].GetProperty("Visible").GetBoolean());
        Assert.True(all[1].GetProperty("Directory").GetBoolean());
        Assert.Equal("Directory", all[1].GetProperty("Type").GetString());

        var plain = List(); // Name, Directory and Type only
        Assert.Equal(["Name", "Directory", "Type"], plain[2].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["a.txt", "b.rtf"], List("", "5").Select(e => e.GetProperty("Name").GetString())); // visible files
        Assert.Equal(["Projects"], List("", "2").Select(e => e.GetProperty("Name").GetString()));
        Assert.Equal(["a.txt", "b.rtf"], List("", "0", ".txt\r.rtf").Select(e => e.GetProperty("Name").GetString()));
        Assert.Equal(10, List("All")[2].EnumerateObject().Count()); // Name, Directory, Type and 7 keys
    }

    [Fact]
    public void GlobsAndErrors()
    {
        File.WriteAllText(Path.Combine(dir.FullName, "e1.exe"), "");
        File.WriteAllText(Path.Combine(dir.FullName, "f.exe"), "");
        var r = Plugin.Call("Files.ListAsJSON", Path.Combine(dir.FullName, "e*.exe"), "", "8");
        Assert.Equal("e1.exe", JsonDocument.Parse(r.Text).RootElement[0].GetProperty("Name").GetString());
        Assert.Equal(1, JsonDocument.Parse(r.Text).RootElement.GetArrayLength());
        var missing = Plugin.Call("Files.ListAsJSON", Path.Combine(dir.FullName, "none"));
        Assert.True(missing.IsError);
        Assert.StartsWith("[MBS] Folder not found", missing.Text);
        Assert.True(Plugin.Call("Files.ListAsJSON", dir.FullName, "Colour").IsError);
    }
}

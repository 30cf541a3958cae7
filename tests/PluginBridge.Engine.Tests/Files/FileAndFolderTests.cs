using PluginBridge.Engine.Core;
using Xunit;

namespace PluginBridge.Engine.Tests.Files;

/// <summary>Path.LastPathComponent, Folders.SystemTemporary/UserDesktop/UserDocuments, Files.FileExists and
/// Files.CreateDirectory against real files in a temporary folder; expectations from the MBS catalogue pages.</summary>
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
}

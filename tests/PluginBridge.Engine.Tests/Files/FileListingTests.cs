using System.Text.Json;
using PluginBridge.Engine.Core;
using Xunit;

namespace PluginBridge.Engine.Tests.Files;

/// <summary>Files.ListAsJSON on a real folder made here: the keys MBS's examples ask for, its filters, and the
/// SortWithEvaluate examples' use (list, then sort by name, size or time).</summary>
public sealed class FileListingTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("pb-list-");

    public void Dispose() => dir.Delete(recursive: true);

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

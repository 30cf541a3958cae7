using PluginBridge.Engine.Core;
using Xunit;

namespace PluginBridge.Engine.Tests.Core;

/// <summary>AtomicFile: the whole new content or the old, owner-only when asked, no temporary file left
/// behind.</summary>
public class AtomicFileTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("pb-atomic-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ReplacesTheWholeFileAndLeavesNoTemporaryFile()
    {
        var path = Path.Combine(folder, "a.txt");
        File.WriteAllText(path, "old content that is longer");
        AtomicFile.Write(path, "new"u8);
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(["a.txt"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void APrivateFileIsReadableByItsOwnerOnly()
    {
        if (OperatingSystem.IsWindows()) return;
        var path = Path.Combine(folder, "secret");
        AtomicFile.Write(path, "k"u8, @private: true);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void WithoutReplaceAFileCreatedFirstIsKept()
    {
        var path = Path.Combine(folder, "key");
        File.WriteAllText(path, "first");
        Assert.ThrowsAny<IOException>(() => AtomicFile.Write(path, "second"u8, replace: false));
        Assert.Equal("first", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(folder));
    }

    [Fact]
    public void AFailedRenameRemovesItsTemporaryFile()
    {
        var target = Path.Combine(folder, "is-a-folder");
        Directory.CreateDirectory(target);
        Assert.ThrowsAny<Exception>(() => AtomicFile.Write(target, "x"u8));
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public void TextWriteTextFileGoesThroughIt()
    {
        var path = Path.Combine(folder, "t.txt");
        Assert.Equal("OK", Plugin.Call("Text.WriteTextFile", "héllo", path, "UTF-8").Text);
        Assert.Equal("héllo", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(folder));
    }
}

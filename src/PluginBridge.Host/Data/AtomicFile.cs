using System.Text;

namespace PluginBridge.Host.Data;

/// <summary>
/// Files the host writes (converted scripts, JUnit reports) are written whole or not at all: into a temporary file
/// beside the target, flushed to disk, then renamed over it. A reader, or the host killed half-way, sees the old file
/// or the new one, never a torn one; the temporary file of a failed write is removed.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true); // rename(2): atomic within one file system
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>UTF-8 without a byte order mark, as File.WriteAllText writes.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, stream => stream.Write(new UTF8Encoding(false).GetBytes(text)));
}

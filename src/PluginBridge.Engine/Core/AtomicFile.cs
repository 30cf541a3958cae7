namespace PluginBridge.Engine.Core;

/// <summary>
/// Writes a whole file so that a reader, or the next start after a crash or SIGKILL, finds the old content or the
/// new, never a torn one: a temporary file in the same folder, flushed to disk, then renamed over the target.
/// </summary>
static class AtomicFile
{
    /// <summary>Writes bytes to path. private = readable by the owner only (0600), for secrets.
    /// replace = false keeps a file another process created first (IOException then).</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes, bool @private = false, bool replace = true)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (@private && !OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: replace);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }
}

using PluginBridge.Engine.Core;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// The files a CURL handle writes, as MBS's CreateOutputFile, CreateDebugOutputFile and CreateHeaderOutputFile:
/// each stays open across transfers (every transfer appends) until its Close function or CURL.Release. The data is
/// written when the transfer ends and flushed, so the file is complete once Perform returns.
/// </summary>
sealed class CurlFiles : IDisposable
{
    public enum Kind { Output, Debug, Header }

    readonly object gate = new();
    readonly Dictionary<Kind, FileStream> open = [];

    public void Create(Kind kind, string path)
    {
        if (path.Trim().Length == 0) throw new MbsException("Pass the native path of the file to create.");
        FileStream stream;
        try { stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new MbsException($"Failed to create file \"{path}\": {e.Message}");
        }
        lock (gate)
        {
            if (open.Remove(kind, out var old)) old.Dispose();
            open[kind] = stream;
        }
    }

    public void Close(Kind kind)
    {
        FileStream? stream;
        lock (gate) open.Remove(kind, out stream);
        try { stream?.Dispose(); }
        catch (IOException e) { throw new MbsException($"Failed to close the file: {e.Message}"); }
    }

    /// <summary>Writes a finished transfer's data, debug text and headers to the open files. In file-only mode the
    /// data is not kept for GetResult*. A failed write is curl's 23 when the transfer itself succeeded.</summary>
    public TransferOutcome Deliver(TransferOutcome result, bool fileOnly)
    {
        lock (gate)
        {
            try
            {
                // The debug text and headers become bytes only for an open file: most handles have none.
                if (open.ContainsKey(Kind.Output)) Write(Kind.Output, result.Body);
                if (open.ContainsKey(Kind.Debug)) Write(Kind.Debug, System.Text.Encoding.UTF8.GetBytes(result.Debug));
                if (open.ContainsKey(Kind.Header))
                    Write(Kind.Header, System.Text.Encoding.UTF8.GetBytes(result.Headers));
            }
            catch (IOException e) when (result.ErrorCode == 0)
            {
                result.ErrorCode = (int)CurlCode.WriteError;
                result.ErrorMessage = $"Failed writing received data to disk/application: {e.Message}";
            }
        }
        if (fileOnly) result.Body = [];
        return result;
    }

    void Write(Kind kind, byte[] bytes)
    {
        if (!open.TryGetValue(kind, out var stream) || bytes.Length == 0) return;
        stream.Write(bytes);
        stream.Flush();
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var stream in open.Values)
                try { stream.Dispose(); } catch (IOException) { /* released: nothing left to report to */ }
            open.Clear();
        }
    }
}

namespace PluginBridge.Engine.Curl;

/// <summary>
/// Bytes moved by the running (or last) transfer, as libcurl's progress callback sees them: read by
/// CURL.GetProgress* while a background transfer runs, so every field is read and written atomically.
/// </summary>
sealed class TransferProgress
{
    long downloadTotal, downloadNow, uploadTotal, uploadNow;

    public long DownloadTotal { get => Get(ref downloadTotal); set => Put(ref downloadTotal, value); }
    public long DownloadNow { get => Get(ref downloadNow); set => Put(ref downloadNow, value); }
    public long UploadTotal { get => Get(ref uploadTotal); set => Put(ref uploadTotal, value); }
    public long UploadNow { get => Get(ref uploadNow); set => Put(ref uploadNow, value); }

    static long Get(ref long field) => Interlocked.Read(ref field);
    static void Put(ref long field, long value) => Interlocked.Exchange(ref field, value);

    public void Downloaded(long bytes) => Interlocked.Add(ref downloadNow, bytes);

    /// <summary>MBS's 0 to 100 of the current transfer: the download when its size is known, else the upload;
    /// a finished transfer whose sizes were never announced counts as done.</summary>
    public long Percent(bool finished)
    {
        var (total, now) = DownloadTotal > 0 ? (DownloadTotal, DownloadNow) : (UploadTotal, UploadNow);
        if (total <= 0) return finished ? 100 : 0;
        return Math.Clamp(now * 100 / total, 0, 100);
    }

    /// <summary>The debug line of CURL.SetDebugWithProgress.</summary>
    public string Line() =>
        $"Progress: downloaded {DownloadNow} of {DownloadTotal} bytes, uploaded {UploadNow} of {UploadTotal} bytes";
}

/// <summary>A write-through stream that counts what the transfer receives, for live progress.</summary>
sealed class CountingStream(Stream inner, TransferProgress progress) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        inner.Write(buffer, offset, count);
        progress.Downloaded(count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        progress.Downloaded(buffer.Length);
    }
}

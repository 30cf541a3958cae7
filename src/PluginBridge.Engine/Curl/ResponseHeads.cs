using System.Text;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// Keeps the response header blocks exactly as received (CURL.GetHeaders, as libcurl's header callback sees
/// them): after each request is written, records the bytes read up to the blank line that ends the head (again for
/// a 1xx interim head). The sink is the kept connection's, which hands the heads to the transfer now using it.
/// Used by <see cref="HeadCapture"/> over TLS and by <see cref="RecordingNetworkStream"/> on plain connections.
/// </summary>
sealed class HeadRecorder(Action<string> sink)
{
    readonly MemoryStream head = new();
    bool recording;

    public void Observe(ReadOnlySpan<byte> data)
    {
        while (recording && data.Length > 0)
        {
            var end = BlankLineEnd(data);
            if (end < 0)
            {
                head.Write(data);
                if (head.Length > 1 << 20) { recording = false; head.SetLength(0); } // not a sane head: stop copying
                return;
            }
            head.Write(data[..end]);
            data = data[end..];
            Complete();
        }
    }

    /// <summary>Index just past the first "\n\n" or "\n\r\n" that ends the head (bytes already kept count),
    /// or -1 when the head goes on past this read.</summary>
    int BlankLineEnd(ReadOnlySpan<byte> data)
    {
        for (var from = 0; ;)
        {
            var i = data[from..].IndexOf((byte)'\n');
            if (i < 0) return -1;
            i += from;
            if (head.Length + i + 1 >= 4)
            {
                var before = At(data, i - 1);
                if (before == '\n' || (before == '\r' && At(data, i - 2) == '\n')) return i + 1;
            }
            from = i + 1;
        }
    }

    // Byte i of this read; negative i reaches back into the bytes kept from earlier reads (-1 before the first).
    int At(ReadOnlySpan<byte> data, int i) =>
        i >= 0 ? data[i] : head.Length + i >= 0 ? head.GetBuffer()[head.Length + i] : -1;

    void Complete()
    {
        var text = Encoding.Latin1.GetString(head.GetBuffer(), 0, (int)head.Length);
        head.SetLength(0);
        sink(text);
        recording = text.StartsWith("HTTP/1.1 1", StringComparison.Ordinal)
            || text.StartsWith("HTTP/1.0 1", StringComparison.Ordinal);
    }

    /// <summary>A request is being written: the next bytes read are its response head.</summary>
    public void StartRecording()
    {
        if (recording) return;
        recording = true;
        head.SetLength(0);
    }
}

/// <summary>The plaintext stream of a TLS connection with a <see cref="HeadRecorder"/> on its reads.</summary>
sealed class HeadCapture(Stream inner, Action<string> sink) : Stream
{
    readonly HeadRecorder recorder = new(sink);

    void Observe(ReadOnlySpan<byte> data) => recorder.Observe(data);

    void StartRecording() => recorder.StartRecording();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancel = default)
    {
        var n = await inner.ReadAsync(buffer, cancel);
        Observe(buffer.Span[..n]);
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = inner.Read(buffer, offset, count);
        Observe(buffer.AsSpan(offset, n));
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancel) =>
        ReadAsync(buffer.AsMemory(offset, count), cancel).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancel = default)
    {
        StartRecording();
        return inner.WriteAsync(buffer, cancel);
    }

    public override void Write(byte[] buffer, int offset,
        int count) { StartRecording(); inner.Write(buffer, offset, count); }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancel) =>
        WriteAsync(buffer.AsMemory(offset, count), cancel).AsTask();

    public override bool CanRead => inner.CanRead;
    public override bool CanWrite => inner.CanWrite;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set =>
        throw new NotSupportedException(); }
    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancel) => inner.FlushAsync(cancel);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();
}

static partial class CurlFunctions
{
    /// <summary>
    /// MBS's CURL.GetHeaderAsJSON: the final response's head as one object — HTTP-Version, HTTP-ResponseCode and
    /// HTTP-ResponseMessage, then each header; a header received more than once becomes an array of its values.
    /// </summary>
    static Value GetHeaderAsJson(Args a)
    {
        var headers = Handles.Get(a, 0).Outcome.Headers;
        var blocks = headers.Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries);
        var last = blocks.LastOrDefault(b => b.StartsWith("HTTP/", StringComparison.Ordinal));
        var json = new MbsJson().BeginObject();
        if (last is not null)
        {
            var lines = last.Split("\r\n");
            var status = lines[0].Split(' ', 3);
            json.Property("HTTP-Version", status[0]["HTTP/".Length..]);
            json.Property("HTTP-ResponseCode", status.Length > 1 ? status[1] : "");
            json.Property("HTTP-ResponseMessage", status.Length > 2 ? status[2] : "");
            foreach (var group in lines.Skip(1).Where(l => l.IndexOf(':') > 0)
                         .Select(l => (Name: l[..l.IndexOf(':')].Trim(), Value: l[(l.IndexOf(':') + 1)..].Trim()))
                         .GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase))
            {
                json.Key(group.First().Name);
                if (group.Count() == 1) json.String(group.First().Value);
                else
                {
                    json.BeginArray();
                    foreach (var h in group) json.String(h.Value);
                    json.EndArray();
                }
            }
        }
        return Value.FromText(json.EndObject().ToString());
    }
}

using System.Text;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// CURLOPT_HTTP200ALIASES: a response whose status line starts with one of the aliases ("ICY 200 OK" of a
/// SHOUTcast server) is read as "HTTP/1.0 200 …". Only the first line of the connection is looked at; a transfer
/// with aliases asks for one response per connection (Connection: close). The recorder below this stream still
/// sees the status line as received, so CURL.GetHeaders shows it as curl does.
/// </summary>
sealed class StatusAliasStream(Stream inner, IReadOnlyList<string> aliases) : DuplexStream
{
    byte[]? pending;
    int offset;
    bool firstLineDone;

    public override int Read(byte[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<byte> buffer)
    {
        if (!firstLineDone) ReadFirstLine();
        if (pending is not null && offset < pending.Length)
        {
            var n = Math.Min(buffer.Length, pending.Length - offset);
            pending.AsSpan(offset, n).CopyTo(buffer);
            offset += n;
            return n;
        }
        return inner.Read(buffer);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancel = default) =>
        !firstLineDone || (pending is not null && offset < pending.Length)
            ? ValueTask.FromResult(Read(buffer.Span)) : inner.ReadAsync(buffer, cancel);

    public override Task<int> ReadAsync(byte[] buffer, int index, int count, CancellationToken cancel) =>
        ReadAsync(buffer.AsMemory(index, count), cancel).AsTask();

    void ReadFirstLine()
    {
        firstLineDone = true;
        var line = new List<byte>();
        var one = new byte[1];
        while (line.Count < 8192 && inner.Read(one) == 1)
        {
            line.Add(one[0]);
            if (one[0] == '\n') break;
        }
        var text = Encoding.Latin1.GetString([.. line]);
        var alias = aliases.FirstOrDefault(a => text.StartsWith(a, StringComparison.OrdinalIgnoreCase));
        if (alias is not null)
        {
            var rest = text[alias.Length..].TrimEnd('\r', '\n');
            text = "HTTP/1.0 200" + (rest.Length > 0 ? rest : " OK") + "\r\n";
        }
        pending = Encoding.Latin1.GetBytes(text);
    }

    public override void Write(byte[] buffer, int index, int count) => inner.Write(buffer, index, count);
    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancel = default) =>
        inner.WriteAsync(buffer, cancel);
    public override Task WriteAsync(byte[] buffer, int index, int count, CancellationToken cancel) =>
        inner.WriteAsync(buffer, index, count, cancel);
    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancel) => inner.FlushAsync(cancel);

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}

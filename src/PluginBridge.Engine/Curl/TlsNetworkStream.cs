using System.Net.Sockets;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// The TLS stream of a kept HTTP/1.1 connection, dressed as a NetworkStream of its socket. SocketsHttpHandler checks
/// an idle connection with a poll of the socket only when its stream is a NetworkStream; any other stream gets an
/// async read-ahead, and every later response is then read through the pool (thread hops that cost more than the
/// request). Every read and write goes to the TLS stream; the socket itself is only polled (readable while idle
/// means the server closed or sent something unasked: the connection is not reused, as curl decides).
/// </summary>
sealed class TlsNetworkStream(Socket socket, Stream tls) : NetworkStream(socket, ownsSocket: false)
{
    public override int Read(byte[] buffer, int offset, int count) => tls.Read(buffer, offset, count);
    public override int Read(Span<byte> buffer) => tls.Read(buffer);
    public override int ReadByte() => tls.ReadByte();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancel = default) =>
        tls.ReadAsync(buffer, cancel);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancel) =>
        tls.ReadAsync(buffer, offset, count, cancel);

    public override IAsyncResult BeginRead(byte[] buffer, int offset, int count, AsyncCallback? callback,
        object? state) => tls.BeginRead(buffer, offset, count, callback, state);

    public override int EndRead(IAsyncResult result) => tls.EndRead(result);

    public override void Write(byte[] buffer, int offset, int count) => tls.Write(buffer, offset, count);
    public override void Write(ReadOnlySpan<byte> buffer) => tls.Write(buffer);
    public override void WriteByte(byte value) => tls.WriteByte(value);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancel = default) =>
        tls.WriteAsync(buffer, cancel);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancel) =>
        tls.WriteAsync(buffer, offset, count, cancel);

    public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback? callback,
        object? state) => tls.BeginWrite(buffer, offset, count, callback, state);

    public override void EndWrite(IAsyncResult result) => tls.EndWrite(result);
    public override void Flush() => tls.Flush();
    public override Task FlushAsync(CancellationToken cancel) => tls.FlushAsync(cancel);
    public override void CopyTo(Stream destination, int bufferSize) => tls.CopyTo(destination, bufferSize);

    public override Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancel) =>
        tls.CopyToAsync(destination, bufferSize, cancel);

    protected override void Dispose(bool disposing)
    {
        if (disposing) tls.Dispose(); // closes the TLS session and, below it, the socket
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await tls.DisposeAsync();
        await base.DisposeAsync();
    }
}

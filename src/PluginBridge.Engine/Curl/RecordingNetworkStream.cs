using System.Net.Sockets;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// The socket stream of a kept HTTP connection. It stays a NetworkStream on purpose: SocketsHttpHandler checks an
/// idle plain connection with a poll only when its stream is one, and otherwise starts an async read-ahead, after
/// which .NET serves every blocking read of that socket through the epoll thread (two thread hops per response).
/// On a plain connection it also records the response heads (<see cref="Recorder"/>); over TLS,
/// <see cref="HeadCapture"/> records above the TLS layer and this one records nothing.
/// </summary>
sealed class RecordingNetworkStream(Socket socket) : NetworkStream(socket, ownsSocket: true)
{
    public HeadRecorder? Recorder { get; set; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = base.Read(buffer, offset, count);
        Recorder?.Observe(buffer.AsSpan(offset, n));
        return n;
    }

    public override int Read(Span<byte> buffer)
    {
        var n = base.Read(buffer);
        Recorder?.Observe(buffer[..n]);
        return n;
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancel = default)
    {
        var n = await base.ReadAsync(buffer, cancel);
        Recorder?.Observe(buffer.Span[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancel) =>
        ReadAsync(buffer.AsMemory(offset, count), cancel).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        Recorder?.StartRecording();
        base.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Recorder?.StartRecording();
        base.Write(buffer);
    }

    public override void WriteByte(byte value) => Write([value]);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancel = default)
    {
        Recorder?.StartRecording();
        return base.WriteAsync(buffer, cancel);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancel) =>
        WriteAsync(buffer.AsMemory(offset, count), cancel).AsTask();
}

using System.Net.Sockets;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// The socket stream of a kept HTTP connection. It stays a NetworkStream on purpose: SocketsHttpHandler checks an
/// idle plain connection with a poll only when its stream is one, and otherwise starts an async read-ahead, after
/// which .NET serves every blocking read of that socket through the epoll thread (two thread hops per response).
/// On a plain connection it also records the response heads (<see cref="Recorder"/>); over TLS,
/// <see cref="HeadCapture"/> records above the TLS layer and this one records nothing.
/// Reads are observed in exactly one place each: NetworkStream sends a derived type's span reads to
/// Read(byte[], …) and its Memory reads straight to the socket, so those two are the ones overridden.
/// </summary>
sealed class RecordingNetworkStream(Socket socket) : NetworkStream(socket, ownsSocket: true)
{
    public HeadRecorder? Recorder { get; set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    // The blocking read straight from the socket, as NetworkStream does it for itself (no pooled copy).
    public override int Read(Span<byte> buffer)
    {
        var n = Socket.Receive(buffer, SocketFlags.None, out var error);
        if (error != SocketError.Success)
        {
            var cause = new SocketException((int)error);
            throw new IOException($"Unable to read data from the transport connection: {cause.Message}.", cause);
        }
        Recorder?.Observe(buffer[..n]);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancel = default)
    {
        var n = await base.ReadAsync(buffer, cancel);
        Recorder?.Observe(buffer.Span[..n]);
        return n;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Recorder?.StartRecording();
        base.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Recorder?.StartRecording();
        base.Write(buffer); // NetworkStream passes a derived type's span write to Write(byte[], …): marked twice
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancel = default)
    {
        Recorder?.StartRecording();
        return base.WriteAsync(buffer, cancel);
    }
}

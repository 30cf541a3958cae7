using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;

namespace PluginBridge.Engine.WebHook;

/// <summary>
/// The listener's reads and writes on one plain (not TLS) connection, on Linux: straight on the socket when bytes
/// are waiting or the answer fits in the send buffer (no allocation, no thread hop); a read that would wait is
/// completed by the hook's <see cref="ReadinessLoop"/>, whose thread then runs what follows. One read at a time.
/// Cancel (the connection closing) ends a waiting read with ObjectDisposedException.
/// </summary>
sealed unsafe class PlainSocket : IValueTaskSource<int>
{
    const int MsgDontWait = 0x40, MsgNoSignal = 0x4000, EAgain = 11, EIntr = 4;

    readonly SafeSocketHandle handle;
    readonly ReadinessLoop loop;
    ManualResetValueTaskSourceCore<int> core; // continuations run on the thread that completes the read
    Memory<byte> target;
    int waiting; // Idle, Waiting for the loop, or the loop is Reading; whoever moves it to Idle completes the read
    const int Idle = 0, Waiting = 1, Reading = 2;
    int cancelled;

    public PlainSocket(Socket socket, ReadinessLoop loop)
    {
        handle = socket.SafeHandle;
        Fd = (int)handle.DangerousGetHandle();
        this.loop = loop;
    }

    public int Fd { get; }

    /// <summary>Known to the loop's epoll set (added once; later reads re-arm it).</summary>
    public bool Registered { get; set; }

    public ValueTask<int> ReceiveAsync(Memory<byte> buffer)
    {
        var n = TryReceive(buffer.Span, out var error);
        if (n >= 0) return new(n);
        if (error is not null) return ValueTask.FromException<int>(error);
        core.Reset();
        var token = core.Version;
        target = buffer;
        Interlocked.Exchange(ref waiting, Waiting);
        // Cancelled before the read began waiting (Cancel found nothing to end), or the loop is gone: end it now.
        if (Volatile.Read(ref cancelled) != 0 || !loop.Arm(this)) Cancel();
        return new(this, token);
    }

    /// <summary>On the loop's thread: bytes or a hang-up arrived (or a stale event: then it waits again).</summary>
    public void OnReady()
    {
        // Claimed first: a Cancel meanwhile cannot complete the read (and free its buffer) while recv writes to it.
        if (Interlocked.CompareExchange(ref waiting, Reading, Waiting) != Waiting) return;
        var n = TryReceive(target.Span, out var error);
        if (n < 0 && error is null)
        {
            Interlocked.Exchange(ref waiting, Waiting);
            if (Volatile.Read(ref cancelled) != 0 || !loop.Arm(this)) Cancel();
            return;
        }
        Volatile.Write(ref waiting, Idle);
        target = default;
        if (error is null) core.SetResult(n);
        else core.SetException(error);
    }

    /// <summary>The connection closes: a waiting read ends (its continuation runs on the pool, not on the closing
    /// thread: the sweep, an eviction or a release). A read the loop is completing right now ends by itself.</summary>
    public void Cancel()
    {
        Interlocked.Exchange(ref cancelled, 1);
        loop.Forget(this);
        if (Interlocked.CompareExchange(ref waiting, Idle, Waiting) != Waiting) return;
        target = default;
        ThreadPool.UnsafeQueueUserWorkItem(static s => s.core.SetException(new ObjectDisposedException(
            nameof(PlainSocket))), this, preferLocal: false);
    }

    /// <summary>Bytes read (0: the client closed its side), or -1 with no error when none are waiting.</summary>
    int TryReceive(Span<byte> buffer, out Exception? error)
    {
        error = null;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added); // the descriptor stays this socket's while we use it
            while (true)
            {
                nint n;
                fixed (byte* p = buffer) n = ReadinessLoop.recv(Fd, p, buffer.Length, MsgDontWait);
                if (n >= 0) return (int)n;
                var errno = Marshal.GetLastPInvokeError();
                if (errno == EIntr) continue;
                if (errno != EAgain) error = new IOException($"Receiving failed (errno {errno}).");
                return -1;
            }
        }
        catch (ObjectDisposedException e)
        {
            error = e;
            return -1;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>Sends what fits in the socket's buffer now, without waiting; the count sent (0 on error).</summary>
    public int TrySend(ReadOnlySpan<byte> data)
    {
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            while (true)
            {
                nint n;
                fixed (byte* p = data) n = ReadinessLoop.send(Fd, p, data.Length, MsgDontWait | MsgNoSignal);
                if (n >= 0) return (int)n;
                if (Marshal.GetLastPInvokeError() != EIntr) return 0;
            }
        }
        catch (ObjectDisposedException) { return 0; }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    public int GetResult(short token) => core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token,
        ValueTaskSourceOnCompletedFlags flags) => core.OnCompleted(continuation, state, token, flags);
}

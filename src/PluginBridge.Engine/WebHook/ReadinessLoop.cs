using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace PluginBridge.Engine.WebHook;

/// <summary>
/// Linux: one thread per hook waits (epoll) for the plain connections whose next read would block, and runs the
/// reader's continuation itself when bytes arrive. A request is then read, answered and its connection closed or
/// kept on this one thread, as an nginx worker does, instead of hopping from the socket engine's thread to the pool
/// (two thread wake-ups per read). The hook's listening sockets are watched here too, so one thread accepts and
/// serves, waking once for whatever is ready. TLS connections, and other systems, read through the stream.
/// </summary>
sealed partial class ReadinessLoop : IDisposable
{
    const int EpollIn = 0x001, EpollRdHup = 0x2000, EpollOneShot = 1 << 30;
    const int CtlAdd = 1, CtlMod = 3, EpollCloexec = 0x80000, EfdCloexec = 0x80000, EExist = 17, EIntr = 4;
    const int MaxEvents = 64;

    // struct epoll_event is packed on x86-64 (12 bytes), naturally aligned elsewhere (16 bytes).
    static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    static readonly int DataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    readonly int epoll, wakeFd;
    readonly ConcurrentDictionary<int, PlainSocket> waiting = new();
    readonly ConcurrentDictionary<int, Action> listeners = new();
    readonly Thread thread;
    volatile bool stopping;

    ReadinessLoop(int epoll, int wakeFd)
    {
        (this.epoll, this.wakeFd) = (epoll, wakeFd);
        thread = new Thread(Run) { IsBackground = true, Name = "WebHook reads" };
    }

    /// <summary>A running loop, or null where there is no epoll (the stream's own reads are used then).</summary>
    public static ReadinessLoop? TryStart()
    {
        if (!OperatingSystem.IsLinux()) return null;
        var epoll = epoll_create1(EpollCloexec);
        if (epoll < 0) return null;
        var wake = eventfd(0, EfdCloexec);
        if (wake < 0 || Control(epoll, CtlAdd, wake, EpollIn) != 0)
        {
            if (wake >= 0) close(wake);
            close(epoll);
            return null;
        }
        var loop = new ReadinessLoop(epoll, wake);
        loop.thread.Start();
        return loop;
    }

    /// <summary>Wakes the loop when bytes (or a hang-up) arrive on the receiver's socket, once.</summary>
    public bool Arm(PlainSocket receiver)
    {
        if (stopping) return false;
        const int events = EpollIn | EpollRdHup | EpollOneShot;
        if (receiver.Registered) return Control(epoll, CtlMod, receiver.Fd, events) == 0;
        waiting[receiver.Fd] = receiver;
        receiver.Registered = true;
        return Control(epoll, CtlAdd, receiver.Fd, events) == 0
            || (Marshal.GetLastPInvokeError() == EExist && Control(epoll, CtlMod, receiver.Fd, events) == 0);
    }

    /// <summary>Calls <paramref name="acceptOne"/> on the loop's thread while connections wait to be accepted (one
    /// accept per call: a connection still waiting is reported again). Closing the listener ends it.</summary>
    public bool AddListener(int fd, Action acceptOne)
    {
        listeners[fd] = acceptOne;
        if (Control(epoll, CtlAdd, fd, EpollIn) == 0) return true;
        listeners.TryRemove(fd, out _);
        return false;
    }

    /// <summary>Before the listener closes.</summary>
    public void RemoveListener(int fd) => listeners.TryRemove(fd, out _);

    /// <summary>Before its socket closes: events still queued for the descriptor no longer reach it.</summary>
    public void Forget(PlainSocket receiver) => waiting.TryRemove(new(receiver.Fd, receiver));

    unsafe void Run()
    {
        var events = stackalloc byte[MaxEvents * 16];
        while (!stopping)
        {
            var n = epoll_wait(epoll, events, MaxEvents, -1);
            if (n < 0)
            {
                if (Marshal.GetLastPInvokeError() == EIntr) continue;
                break;
            }
            for (var i = 0; i < n; i++)
            {
                var fd = (int)*(ulong*)(events + i * EventSize + DataOffset);
                if (fd == wakeFd) continue;
                // A stale event (the descriptor was closed and reused) finds the new receiver, which reads nothing
                // yet and waits again.
                if (waiting.TryGetValue(fd, out var receiver)) receiver.OnReady();
                else if (listeners.TryGetValue(fd, out var acceptOne)) acceptOne();
            }
        }
    }

    public void Dispose()
    {
        if (stopping) return;
        stopping = true;
        var one = 1UL;
        unsafe { _ = write(wakeFd, &one, sizeof(ulong)); }
        if (Thread.CurrentThread != thread) thread.Join();
        close(wakeFd);
        close(epoll);
        foreach (var (_, receiver) in waiting) receiver.Cancel();
    }

    static unsafe int Control(int epoll, int op, int fd, int events)
    {
        var ev = stackalloc byte[16];
        *(uint*)ev = (uint)events;
        *(ulong*)(ev + DataOffset) = (ulong)fd;
        return epoll_ctl(epoll, op, fd, ev);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int epoll_ctl(int epfd, int op, int fd, byte* ev);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int epoll_wait(int epfd, byte* events, int maxEvents, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int eventfd(uint initval, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint write(int fd, void* buf, nint count);

    [LibraryImport("libc")]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    internal static unsafe partial nint recv(int fd, byte* buf, nint len, int flags);

    [LibraryImport("libc", SetLastError = true)]
    internal static unsafe partial nint send(int fd, byte* buf, nint len, int flags);
}

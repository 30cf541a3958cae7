using System.Runtime.InteropServices;

namespace PluginBridge.Native;

/// <summary>
/// malloc and free for pb_result blocks, called without the GC transition of NativeMemory.Alloc and Free: that
/// transition (a frame and two thread-local lookups each way) was a tenth of a trivial pb_call. Both functions
/// return promptly and never call back into .NET, which is what SuppressGCTransition asks. The allocator is the one
/// NativeMemory uses (libSystem.Native's malloc on Unix, the UCRT's on Windows), so a block from either can be
/// freed by the other.
/// </summary>
static unsafe partial class ResultHeap
{
    public static void* Alloc(nuint size)
    {
        var block = OperatingSystem.IsWindows() ? Ucrt.malloc(size) : Unix.SystemNative_Malloc(size);
        return block != null ? block : throw new OutOfMemoryException();
    }

    public static void Free(void* block)
    {
        if (OperatingSystem.IsWindows()) Ucrt.free(block);
        else Unix.SystemNative_Free(block);
    }

    static partial class Unix
    {
        [LibraryImport("libSystem.Native"), SuppressGCTransition]
        internal static partial void* SystemNative_Malloc(nuint size);

        [LibraryImport("libSystem.Native"), SuppressGCTransition]
        internal static partial void SystemNative_Free(void* block);
    }

    static partial class Ucrt
    {
#pragma warning disable IDE1006 // the C names
        [LibraryImport("ucrtbase"), SuppressGCTransition]
        internal static partial void* malloc(nuint size);

        [LibraryImport("ucrtbase"), SuppressGCTransition]
        internal static partial void free(void* block);
#pragma warning restore IDE1006
    }
}

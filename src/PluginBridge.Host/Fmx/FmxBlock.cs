using System.Runtime.InteropServices;

namespace PluginBridge.Host.Fmx;

/// <summary>FileMaker's message codes (FMX_ExternCallStruct.whichCall).</summary>
public enum FmxMessage : byte
{
    Init = 0, Idle = 1, Shutdown = 4, DoAppPreferences = 5, GetString = 7, SessionShutdown = 8, FileShutdown = 9,
}

/// <summary>
/// FMX_ExternCallStruct, written byte by byte: the struct is byte-packed, and unusedID is 2 bytes on Windows but 4 on
/// macOS and Linux, which moves every later field (74 bytes on Linux/macOS, 72 on Windows).
/// </summary>
public sealed unsafe class FmxBlock : IDisposable
{
    /// <summary>Field offsets for an unusedID of 2 bytes (Windows) or 4 (macOS, Linux); pointers of the process's
    /// size.</summary>
    public sealed record Layout(int UnusedIdSize)
    {
        public int ExtnVersion => 0;
        public int UnusedId => 2;
        public int EntryPoint => UnusedId + UnusedIdSize;
        public int UnusedFlag => EntryPoint + IntPtr.Size;
        public int WhichCall => UnusedFlag + 1;
        public int UnsafeCalls => WhichCall + 1;
        public int Parm1 => UnsafeCalls + 1;
        public int Parm2 => Parm1 + 1;
        public int Parm3 => Parm2 + 8;
        public int InstanceId => Parm3 + 8;
        public int Result => InstanceId + 8;
        public int Unused => Result + 8;
        public int StartScript => Unused + 8;
        public int CurrentEnv => StartScript + IntPtr.Size;
        public int Size => CurrentEnv + IntPtr.Size;
    }

    public static Layout Windows { get; } = new(2);
    public static Layout Posix { get; } = new(4);
    public static Layout Current { get; } = OperatingSystem.IsWindows() ? Windows : Posix;

    readonly byte* block = (byte*)NativeMemory.AllocZeroed((nuint)Current.Size);

    public byte* Pointer => block;

    /// <summary>Clears the block, then sets what every message carries; unused parameters stay zero, as FileMaker
    /// does.</summary>
    public void Prepare(short extnVersion, nint entryPoint, nint instance, nint startScript, nint currentEnv,
                        FmxMessage message)
    {
        var l = Current;
        NativeMemory.Clear(block, (nuint)l.Size);
        Write(l.ExtnVersion, extnVersion);
        if (l.UnusedIdSize == 2) Write(l.UnusedId, (short)-1); else Write(l.UnusedId, -1);
        Write(l.EntryPoint, entryPoint);
        block[l.WhichCall] = (byte)message;
        Write(l.InstanceId, (ulong)instance);
        Write(l.StartScript, startScript);
        Write(l.CurrentEnv, currentEnv);
    }

    public void Write<T>(int offset, T value) where T : unmanaged => *(T*)(block + offset) = value;

    public T Read<T>(int offset) where T : unmanaged => *(T*)(block + offset);

    public void Dispose() => NativeMemory.Free(block);
}

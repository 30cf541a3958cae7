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

    public static int UnusedIdSize => Current.UnusedIdSize;
    public static int ExtnVersion => Current.ExtnVersion;
    public static int UnusedId => Current.UnusedId;
    public static int EntryPoint => Current.EntryPoint;
    public static int WhichCall => Current.WhichCall;
    public static int Parm1 => Current.Parm1;
    public static int Parm2 => Current.Parm2;
    public static int Parm3 => Current.Parm3;
    public static int InstanceId => Current.InstanceId;
    public static int Result => Current.Result;
    public static int StartScript => Current.StartScript;
    public static int CurrentEnv => Current.CurrentEnv;
    public static int Size => Current.Size;

    readonly byte* block = (byte*)NativeMemory.AllocZeroed((nuint)Size);

    public byte* Pointer => block;

    /// <summary>Clears the block, then sets what every message carries; unused parameters stay zero, as FileMaker
    /// does.</summary>
    public void Prepare(short extnVersion, nint entryPoint, nint instance, nint startScript, nint currentEnv,
                        FmxMessage message)
    {
        NativeMemory.Clear(block, (nuint)Size);
        Write(ExtnVersion, extnVersion);
        if (UnusedIdSize == 2) Write(UnusedId, (short)-1); else Write(UnusedId, -1);
        Write(EntryPoint, entryPoint);
        block[WhichCall] = (byte)message;
        Write(InstanceId, (ulong)instance);
        Write(StartScript, startScript);
        Write(CurrentEnv, currentEnv);
    }

    public void Write<T>(int offset, T value) where T : unmanaged => *(T*)(block + offset) = value;

    public T Read<T>(int offset) where T : unmanaged => *(T*)(block + offset);

    public void Dispose() => NativeMemory.Free(block);
}

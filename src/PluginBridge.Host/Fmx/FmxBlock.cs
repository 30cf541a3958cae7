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
    public static int UnusedIdSize { get; } = OperatingSystem.IsWindows() ? 2 : 4;
    public static int ExtnVersion => 0;
    public static int UnusedId => 2;
    public static int EntryPoint => UnusedId + UnusedIdSize;
    public static int UnusedFlag => EntryPoint + IntPtr.Size;
    public static int WhichCall => UnusedFlag + 1;
    public static int UnsafeCalls => WhichCall + 1;
    public static int Parm1 => UnsafeCalls + 1;
    public static int Parm2 => Parm1 + 1;
    public static int Parm3 => Parm2 + 8;
    public static int InstanceId => Parm3 + 8;
    public static int Result => InstanceId + 8;
    public static int Unused => Result + 8;
    public static int StartScript => Unused + 8;
    public static int CurrentEnv => StartScript + IntPtr.Size;
    public static int Size => CurrentEnv + IntPtr.Size;

    readonly byte* block = (byte*)NativeMemory.AllocZeroed((nuint)Size);

    public byte* Pointer => block;

    /// <summary>Clears the block, then sets what every message carries; unused parameters stay zero, as FileMaker does.</summary>
    public void Prepare(short extnVersion, nint entryPoint, nint instance, nint startScript, nint currentEnv, FmxMessage message)
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

using System.Runtime.CompilerServices;

namespace PluginBridge.Native.Fmx;

/// <summary>
/// FileMaker's parameter block (FMX_ExternCallStruct), read byte by byte. It is packed (no padding) and its second
/// field, unusedID, is 2 bytes on Windows and 4 on macOS/Linux, so every later field sits 2 bytes earlier on Windows:
/// a struct mirror would silently read the wrong bytes on one of them.
/// </summary>
readonly unsafe struct FmxBlock(byte* p)
{
    /// <summary>Width of unusedID on this OS.</summary>
    public static readonly int UnusedIdSize = OperatingSystem.IsWindows() ? 2 : 4;

    // Offsets in field order: extnVersion int16, unusedID, entryPoint ptr, unusedFlag, whichCall, unsafeCalls, parm1
    // (one byte each), then parm2, parm3, instanceID, result, unused, cStartScript, cCurrentEnv (8 bytes each).
    static int After(int fieldsOf8) => 2 + UnusedIdSize + 8 + 4 + 8 * fieldsOf8;
    public static int WhichCallOffset => 2 + UnusedIdSize + 8 + 1;
    public static int UnsafeCallsOffset => WhichCallOffset + 1;
    public static int Parm1Offset => WhichCallOffset + 2;
    public static int Parm2Offset => After(0);
    public static int Parm3Offset => After(1);
    public static int ResultOffset => After(3);
    public static int StartScriptOffset => After(5);
    public static int Size => After(7);

    public bool IsNull => p == null;
    public short ExtnVersion => Unsafe.ReadUnaligned<short>(p);
    public byte WhichCall => p[WhichCallOffset];
    public bool UnsafeCalls => p[UnsafeCallsOffset] != 0;
    public byte Parm1 => p[Parm1Offset];
    public ulong Parm2 => Unsafe.ReadUnaligned<ulong>(p + Parm2Offset);
    public ulong Parm3 => Unsafe.ReadUnaligned<ulong>(p + Parm3Offset);
    public ulong Result
    {
        get => Unsafe.ReadUnaligned<ulong>(p + ResultOffset);
        set => Unsafe.WriteUnaligned(p + ResultOffset, value);
    }
    public nint StartScript => (nint)Unsafe.ReadUnaligned<ulong>(p + StartScriptOffset);
}

/// <summary>Message codes (whichCall) and their constants, as FileMaker's plug-in documentation gives them.</summary>
static class FmxMessage
{
    public const byte Init = 0, Idle = 1, Shutdown = 4, DoAppPreferences = 5, GetString = 7,
        SessionShutdown = 8, FileShutdown = 9;

    // GetString ids (parm1).
    public const byte NameStr = 128, AppConfigStr = 129, OptionsStr = 131, HelpUrlStr = 132;

    // Idle level (parm1): 4 = kFMXT_Unsafe, where no script may be started.
    public const byte IdleUnsafe = 4;

    // Init results and API versions. 62 = FileMaker 19.0, 77 = FileMaker 22.1 (the version this door is written for).
    public const long BadExtnVersion = -1, DoNotEnable = -2;
    public const short MinimumApi = 62, CurrentApi = 77;
    public const short LowestValidApi = 4, HighestValidApi = 255;
}

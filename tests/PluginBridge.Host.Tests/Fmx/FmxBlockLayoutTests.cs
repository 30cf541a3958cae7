using System.Runtime.InteropServices;
using PluginBridge.Host.Fmx;

namespace PluginBridge.Host.Tests.Fmx;

/// <summary>
/// The host's FMX_ExternCallStruct offsets against what the compiler lays out for a byte-packed struct with the
/// field types FileMaker documents, for both unusedID widths (LP64: int32, Windows x64: int16).
/// </summary>
public sealed class FmxBlockLayoutTests
{
    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    struct Posix
    {
        public short ExtnVersion; public int UnusedId; public nint EntryPoint;
        public byte UnusedFlag, WhichCall, UnsafeCalls, Parm1;
        public ulong Parm2, Parm3, InstanceId, Result, Unused;
        public nint StartScript, CurrentEnv;
    }

    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    struct Windows
    {
        public short ExtnVersion; public short UnusedId; public nint EntryPoint;
        public byte UnusedFlag, WhichCall, UnsafeCalls, Parm1;
        public ulong Parm2, Parm3, InstanceId, Result, Unused;
        public nint StartScript, CurrentEnv;
    }

    static readonly string[] fields =
        ["ExtnVersion", "UnusedId", "EntryPoint", "UnusedFlag", "WhichCall", "UnsafeCalls", "Parm1", "Parm2", "Parm3",
         "InstanceId", "Result", "Unused", "StartScript", "CurrentEnv"];

    static int[] Offsets<T>() where T : struct => fields.Select(f => (int)Marshal.OffsetOf<T>(f)).ToArray();

    static int[] Offsets(FmxBlock.Layout l) =>
        [l.ExtnVersion, l.UnusedId, l.EntryPoint, l.UnusedFlag, l.WhichCall, l.UnsafeCalls, l.Parm1, l.Parm2, l.Parm3,
         l.InstanceId, l.Result, l.Unused, l.StartScript, l.CurrentEnv];

    [Fact]
    public void PosixLayoutIsThePackedStructWithA32BitUnusedId()
    {
        Assert.Equal(Offsets<Posix>(), Offsets(FmxBlock.Posix));
        Assert.Equal(Marshal.SizeOf<Posix>(), FmxBlock.Posix.Size);
        if (IntPtr.Size == 8) Assert.Equal(74, FmxBlock.Posix.Size);
    }

    [Fact]
    public void WindowsLayoutIsThePackedStructWithA16BitUnusedId()
    {
        Assert.Equal(Offsets<Windows>(), Offsets(FmxBlock.Windows));
        Assert.Equal(Marshal.SizeOf<Windows>(), FmxBlock.Windows.Size);
        if (IntPtr.Size == 8) Assert.Equal(72, FmxBlock.Windows.Size);
    }

    [Fact]
    public void TheBlockIsWrittenAtThoseOffsets()
    {
        using var block = new FmxBlock();
        block.Prepare(77, unchecked((nint)0x1122334455667788), 0x0A0B, 0x0C0D, 0x0E0F, FmxMessage.GetString);
        unsafe
        {
            var p = block.Pointer;
            var l = FmxBlock.Current;
            Assert.Equal(77, *(short*)p);
            Assert.Equal(-1, l.UnusedIdSize == 4 ? *(int*)(p + 2) : *(short*)(p + 2));
            Assert.Equal(0x1122334455667788, *(long*)(p + l.EntryPoint));
            Assert.Equal((byte)FmxMessage.GetString, p[l.WhichCall]);
            Assert.Equal(0x0A0BUL, *(ulong*)(p + l.InstanceId));
            Assert.Equal(0x0C0D, *(nint*)(p + l.StartScript));
            Assert.Equal(0x0E0F, *(nint*)(p + l.CurrentEnv));
        }
    }
}

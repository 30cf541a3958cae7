using System.Runtime.InteropServices;

namespace PluginBridge.Host.Native;

// Mirrors of native/include/pluginbridge.h. Field order and types must match the header exactly.

[StructLayout(LayoutKind.Sequential)]
unsafe struct PbValue
{
    public int Type;
    public byte* Data;
    public nuint Size;
    public byte* FileName;
}

[StructLayout(LayoutKind.Sequential)]
unsafe struct PbResult
{
    public uint StructSize;
    public int IsError;
    public PbValue Value;
}

[StructLayout(LayoutKind.Sequential)]
unsafe struct PbHost
{
    public uint StructSize;
    public uint AbiVersion;
    public void* Context;
    public delegate* unmanaged[Cdecl]<void*, byte*, byte*, byte*, int, int> StartScript;
    public delegate* unmanaged[Cdecl]<void*, byte*, byte*, byte*, int> WebViewer;
}

[StructLayout(LayoutKind.Sequential)]
unsafe struct PbFunctionInfo
{
    public uint StructSize;
    public byte* Name;
    public int MinArgs;
    public int MaxArgs;
    public byte* Signature;
    public byte* Doc;
}

static class Pb
{
    public const uint AbiVersion = 1;
    public const int Text = 0, Number = 1, Container = 2;
    public const int Ok = 0;
}

using System.Runtime.InteropServices;

namespace PluginBridge.Native;

// Mirrors of the structs in native/include/pluginbridge.h. Keep field order and types identical.

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

static class AbiConstants
{
    public const uint AbiVersion = 1;
    public const int Ok = 0, ErrArgument = 1, ErrVersion = 2, ErrInternal = 3;
}

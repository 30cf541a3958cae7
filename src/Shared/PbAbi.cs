using System.Runtime.InteropServices;

namespace PluginBridge.Abi;

// The one C# mirror of native/include/pluginbridge.h, compiled into both sides of the ABI: the NativeAOT library
// (PluginBridge.Native) and the host (PluginBridge.Host), which shares no other code with the engine.
// Field order and types must match the header; PluginBridge.Host.Tests checks every size and offset against the
// header compiled by a C compiler.

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
    public delegate* unmanaged[Cdecl]<void*, void> Wake;
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

/// <summary>The header's #defines.</summary>
static class Pb
{
    public const uint AbiVersion = 1;
    public const int Text = 0, Number = 1, Container = 2;
    public const int Ok = 0, ErrArgument = 1, ErrVersion = 2, ErrInternal = 3;

    /// <summary>sizeof(pb_function_info) in ABI 1 (up to the end of doc, its last field): the smallest struct_size
    /// pb_function_at accepts. Fixed, so that a struct grown later still accepts ABI 1 callers.</summary>
    public static unsafe uint FunctionInfoSizeAbi1
    {
        get
        {
            PbFunctionInfo s;
            return (uint)((byte*)&s.Doc - (byte*)&s) + (uint)sizeof(nint);
        }
    }

    /// <summary>What a pb_init code means (pb_errstr).</summary>
    public static string ErrorText(int code) => code switch
    {
        Ok => "ok",
        ErrArgument => "malformed host table: struct_size too small",
        ErrVersion => "abi_version is 0 or newer than the library knows",
        ErrInternal => "internal failure inside the library",
        _ => "unknown code",
    };
}

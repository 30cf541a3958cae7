using System.Runtime.InteropServices;
using PluginBridge.Host.Native;

namespace PluginBridge.Host.Fmx;

/// <summary>FileMaker's _fmxcpt: every FM_* call takes it last; the wrapper sets Code instead of throwing.</summary>
[StructLayout(LayoutKind.Sequential)]
struct FmxCpt
{
    public int Version;
    public int Code;
    public static FmxCpt New() => new() { Version = 1 };
}

/// <summary>One registration as fmw_function_at describes it (native/fmwrapper/include/fmw_host.h).</summary>
[StructLayout(LayoutKind.Sequential)]
unsafe struct FmwFunction
{
    public fixed byte PluginId[5];
    public short FunctionId;
    public int IsScriptStep;
    public byte* Name;
    public byte* Prototype;
    public byte* Description;
    public short MinArgs;
    public short MaxArgs;
    public uint Flags;
    public delegate* unmanaged<short, nint, nint, nint, short> Fn;
}

/// <summary>fmw_host: the host callbacks the stand-in FMWrapper calls.</summary>
[StructLayout(LayoutKind.Sequential)]
unsafe struct FmwHost
{
    public uint StructSize;
    public nint Context;
    public delegate* unmanaged[Cdecl]<nint, nint, ushort*, uint, nint, short> Evaluate;
    public delegate* unmanaged[Cdecl]<nint, ushort*, uint, ushort*, uint, int, ushort*, uint, short> StartScript;
    public delegate* unmanaged[Cdecl]<nint, byte*, byte*, byte*, int> WebViewer;
}

/// <summary>
/// The host's FMWrapper (native/fmwrapper, libFMWrapper.so), loaded once into the global scope, and the FM_* and
/// fmw_* functions the host itself calls to build parameters and read results.
/// </summary>
sealed unsafe class FmWrapper
{
    static readonly Lock gate = new();
    static FmWrapper? loaded;

    public string Path { get; }
    readonly nint lib;

    public readonly delegate* unmanaged<FmxCpt*, nint> TextNew;
    public readonly delegate* unmanaged<nint, FmxCpt*, void> TextDelete;
    public readonly delegate* unmanaged<nint, char*, uint, FmxCpt*, void> TextAssign;
    public readonly delegate* unmanaged<nint, FmxCpt*, uint> TextSize;
    public readonly delegate* unmanaged<nint, char*, uint, uint, FmxCpt*, void> TextGet;
    public readonly delegate* unmanaged<int, FmxCpt*, nint> LocaleNew;
    public readonly delegate* unmanaged<nint, FmxCpt*, void> LocaleDelete;
    public readonly delegate* unmanaged<FmxCpt*, nint> DataNew;
    public readonly delegate* unmanaged<nint, FmxCpt*, void> DataDelete;
    public readonly delegate* unmanaged<nint, nint, nint, int, FmxCpt*, short> DataSetAsText;
    public readonly delegate* unmanaged<nint, nint, byte, FmxCpt*, void> DataSetBinary;
    public readonly delegate* unmanaged<nint, int, FmxCpt*, void> DataClear;
    public readonly delegate* unmanaged<nint, FmxCpt*, nint> DataGetAsText;
    public readonly delegate* unmanaged<nint, FmxCpt*, int> DataNativeType;
    public readonly delegate* unmanaged<nint, FmxCpt*, nint> DataGetBinary;
    public readonly delegate* unmanaged<FmxCpt*, nint> VectNew;
    public readonly delegate* unmanaged<nint, FmxCpt*, void> VectDelete;
    public readonly delegate* unmanaged<nint, nint, FmxCpt*, void> VectPushBack;
    public readonly delegate* unmanaged<nint, uint, byte*, FmxCpt*, nint> BinaryFromFile;
    public readonly delegate* unmanaged<nint, FmxCpt*, void> BinaryDelete;
    public readonly delegate* unmanaged<nint, FmxCpt*, int> BinaryCount;
    public readonly delegate* unmanaged<nint, int, nint, FmxCpt*, void> BinaryType;
    public readonly delegate* unmanaged<nint, int, FmxCpt*, uint> BinarySize;
    public readonly delegate* unmanaged<nint, int, uint, uint, byte*, FmxCpt*, short> BinaryData;
    public readonly delegate* unmanaged<nint, nint, FmxCpt*, short> BinaryFileName;
    public readonly delegate* unmanaged<FmxCpt*, nint> QuadNew;
    public readonly delegate* unmanaged<nint, FmxCpt*, void> QuadDelete;
    public readonly delegate* unmanaged<nint, FmxCpt*, uint> QuadMacType;
    public readonly delegate* unmanaged<FmxCpt*, nint> EnvNew;
    public readonly delegate* unmanaged<nint, FmxCpt*, void> EnvDelete;

    public readonly delegate* unmanaged<FmwHost*, void> SetHost;
    public readonly delegate* unmanaged<long> LiveObjects;
    public readonly delegate* unmanaged<int> FunctionCount;
    public readonly delegate* unmanaged<int, FmwFunction*, int> FunctionAt;
    public readonly delegate* unmanaged<nint> StartScriptProc;
    public readonly delegate* unmanaged<nint> CurrentEnvProc;
    public readonly delegate* unmanaged<nint, ulong, ulong, void> EnvSetIds;
    public readonly delegate* unmanaged<ulong, ulong, void> SetCurrentIds;

    FmWrapper(string path, nint lib)
    {
        Path = path;
        this.lib = lib;
        TextNew = (delegate* unmanaged<FmxCpt*, nint>)Export("FM_Text_Constructor1");
        TextDelete = (delegate* unmanaged<nint, FmxCpt*, void>)Export("FM_Text_Delete");
        TextAssign = (delegate* unmanaged<nint, char*, uint, FmxCpt*, void>)Export("FM_Text_AssignUnicodeWithLength");
        TextSize = (delegate* unmanaged<nint, FmxCpt*, uint>)Export("FM_Text_GetSize");
        TextGet = (delegate* unmanaged<nint, char*, uint, uint, FmxCpt*, void>)Export("FM_Text_GetUnicode");
        LocaleNew = (delegate* unmanaged<int, FmxCpt*, nint>)Export("FM_Locale_Constructor1");
        LocaleDelete = (delegate* unmanaged<nint, FmxCpt*, void>)Export("FM_Locale_Delete");
        DataNew = (delegate* unmanaged<FmxCpt*, nint>)Export("FM_Data_Constructor1");
        DataDelete = (delegate* unmanaged<nint, FmxCpt*, void>)Export("FM_Data_Delete");
        DataSetAsText = (delegate* unmanaged<nint, nint, nint, int, FmxCpt*, short>)Export("FM_Data_SetAsText");
        DataSetBinary = (delegate* unmanaged<nint, nint, byte, FmxCpt*, void>)Export("FM_Data_SetBinaryData");
        DataClear = (delegate* unmanaged<nint, int, FmxCpt*, void>)Export("FM_Data_Clear");
        DataGetAsText = (delegate* unmanaged<nint, FmxCpt*, nint>)Export("FM_Data_GetAsText");
        DataNativeType = (delegate* unmanaged<nint, FmxCpt*, int>)Export("FM_Data_GetNativeType");
        DataGetBinary = (delegate* unmanaged<nint, FmxCpt*, nint>)Export("FM_Data_GetBinaryData");
        VectNew = (delegate* unmanaged<FmxCpt*, nint>)Export("FM_DataVect_Constructor1");
        VectDelete = (delegate* unmanaged<nint, FmxCpt*, void>)Export("FM_DataVect_Delete");
        VectPushBack = (delegate* unmanaged<nint, nint, FmxCpt*, void>)Export("FM_DataVect_PushBack");
        BinaryFromFile = (delegate* unmanaged<nint, uint, byte*, FmxCpt*, nint>)Export("FM_BinaryData_Constructor3");
        BinaryDelete = (delegate* unmanaged<nint, FmxCpt*, void>)Export("FM_BinaryData_Delete");
        BinaryCount = (delegate* unmanaged<nint, FmxCpt*, int>)Export("FM_BinaryData_GetCount");
        BinaryType = (delegate* unmanaged<nint, int, nint, FmxCpt*, void>)Export("FM_BinaryData_GetType");
        BinarySize = (delegate* unmanaged<nint, int, FmxCpt*, uint>)Export("FM_BinaryData_GetSize");
        BinaryData = (delegate* unmanaged<nint, int, uint, uint, byte*, FmxCpt*, short>)Export("FM_BinaryData_GetData");
        BinaryFileName = (delegate* unmanaged<nint, nint, FmxCpt*, short>)Export("FM_BinaryData_GetFNAMData");
        QuadNew = (delegate* unmanaged<FmxCpt*, nint>)Export("FM_QuadChar_Constructor1");
        QuadDelete = (delegate* unmanaged<nint, FmxCpt*, void>)Export("FM_QuadChar_Delete");
        QuadMacType = (delegate* unmanaged<nint, FmxCpt*, uint>)Export("FM_QuadChar_GetMacType");
        EnvNew = (delegate* unmanaged<FmxCpt*, nint>)Export("FM_ExprEnv_Constructor1");
        EnvDelete = (delegate* unmanaged<nint, FmxCpt*, void>)Export("FM_ExprEnv_Delete");
        SetHost = (delegate* unmanaged<FmwHost*, void>)Export("fmw_set_host");
        LiveObjects = (delegate* unmanaged<long>)Export("fmw_live_objects");
        FunctionCount = (delegate* unmanaged<int>)Export("fmw_function_count");
        FunctionAt = (delegate* unmanaged<int, FmwFunction*, int>)Export("fmw_function_at");
        StartScriptProc = (delegate* unmanaged<nint>)Export("fmw_start_script_proc");
        CurrentEnvProc = (delegate* unmanaged<nint>)Export("fmw_current_env_proc");
        EnvSetIds = (delegate* unmanaged<nint, ulong, ulong, void>)Export("fmw_env_set_ids");
        SetCurrentIds = (delegate* unmanaged<ulong, ulong, void>)Export("fmw_set_current_ids");
    }

    nint Export(string name) =>
        NativeLibrary.TryGetExport(lib, name, out var address)
            ? address
            : throw new PluginLoadException($"{Path} is not PluginBridge's FMWrapper: it has no export {name}.");

    /// <summary>The wrapper, loaded on first use into the global scope; one per process, as in FileMaker.</summary>
    public static FmWrapper Load(string path)
    {
        lock (gate)
        {
            if (loaded is not null) return loaded;
            var full = System.IO.Path.GetFullPath(path);
            if (!File.Exists(full))
                throw new PluginLoadException($"FMWrapper not found: {full}. Build it with ./build.sh, or set " +
                                              "PB_FMWRAPPER.");
            return loaded = new FmWrapper(full, NativeLoader.Load(full, global: true));
        }
    }

    /// <summary>Throws when the wrapper reported kBadAlloc or kUnknown through _fmxcpt.</summary>
    public static void Check(in FmxCpt x, string what)
    {
        if (x.Code == 0) return;
        var reason = x.Code == 1 ? "out of memory" : "unknown error";
        throw new FmxException($"{what} failed in FMWrapper ({reason}, _fmxcpt code {x.Code}).");
    }
}

/// <summary>An FM_* call reported an error through its _fmxcpt.</summary>
public sealed class FmxException(string message) : Exception(message);

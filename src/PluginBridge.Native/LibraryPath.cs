using System.Runtime.InteropServices;

namespace PluginBridge.Native;

/// <summary>
/// The file this library was loaded from (Plugin.Path): the module holding one of our own functions, asked of the
/// system loader (dladdr on Linux and macOS, GetModuleHandleExW and GetModuleFileNameW on Windows). The loader's
/// functions are looked up at run time, so no import library is needed.
/// </summary>
static unsafe class LibraryPath
{
    [StructLayout(LayoutKind.Sequential)]
    struct DlInfo
    {
        public nint FileName, BaseAddress, SymbolName, SymbolAddress;
    }

    // An address inside this library: the native entry of this method.
    [UnmanagedCallersOnly]
    static void Anchor() { }

    public static string? Find()
    {
        var address = (nint)(delegate* unmanaged<void>)&Anchor;
        return OperatingSystem.IsWindows() ? FindOnWindows(address) : FindWithDladdr(address);
    }

    static string? FindWithDladdr(nint address)
    {
        if (!NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), "dladdr", out var dladdr)) return null;
        DlInfo info;
        var found = ((delegate* unmanaged<nint, DlInfo*, int>)dladdr)(address, &info);
        if (found == 0 || info.FileName == 0) return null;
        var path = Marshal.PtrToStringUTF8(info.FileName);
        return string.IsNullOrEmpty(path) ? null : Path.GetFullPath(path);
    }

    static string? FindOnWindows(nint address)
    {
        if (!NativeLibrary.TryLoad("kernel32.dll", out var kernel32)
            || !NativeLibrary.TryGetExport(kernel32, "GetModuleHandleExW", out var getHandle)
            || !NativeLibrary.TryGetExport(kernel32, "GetModuleFileNameW", out var getName))
            return null;
        const uint fromAddress = 0x4, unchangedRefCount = 0x2; // GET_MODULE_HANDLE_EX_FLAG_*
        nint module;
        if (((delegate* unmanaged<uint, nint, nint*, int>)getHandle)(fromAddress | unchangedRefCount, address, &module)
            == 0)
            return null;
        var buffer = stackalloc char[32768];
        var length = ((delegate* unmanaged<nint, char*, uint, uint>)getName)(module, buffer, 32768);
        return length == 0 ? null : new string(buffer, 0, (int)length);
    }
}

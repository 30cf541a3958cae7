using System.Runtime.InteropServices;
using System.Text;
using PluginBridge.Host.Native;

namespace PluginBridge.Host.Fmx;

/// <summary>
/// dlopen with explicit flags: FileMaker loads FMWrapper into the global scope, where plug-ins that bind FM_* at run
/// time (dlsym of the process) or at load time (undefined symbols) find it. NativeLibrary.Load cannot say RTLD_GLOBAL.
/// </summary>
static unsafe partial class NativeLoader
{
    [DllImport("libc", EntryPoint = "dlopen")]
    static extern nint DlOpen(byte* file, int mode);

    [DllImport("libc", EntryPoint = "dlerror")]
    static extern byte* DlError();

    static int Now => 2;
    static int Global => OperatingSystem.IsMacOS() ? 8 : 0x100;
    static int Local => OperatingSystem.IsMacOS() ? 4 : 0;

    /// <summary>Loads a library for everyone (global scope) or for its own use; throws with the loader's
    /// message.</summary>
    public static nint Load(string path, bool global)
    {
        if (OperatingSystem.IsWindows()) return NativeLibrary.Load(path); // LoadLibrary: one module per name anyway
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
        {
            var handle = DlOpen(p, Now | (global ? Global : Local));
            if (handle != 0) return handle;
            var error = DlError();
            var reason = error == null ? "dlopen failed" : Marshal.PtrToStringUTF8((nint)error);
            throw new PluginLoadException($"Cannot load {path}: {reason}.");
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PluginBridge.Host.Native;

namespace PluginBridge.Host.Fmx;

/// <summary>
/// The host callbacks FMWrapper calls: ExprEnv Evaluate, the block's cStartScript, and fmw_web_viewer (our wrapper's
/// stand-in for pluginbridge.h's web_viewer: FileMaker has none). The wrapper holds one host per process (FileMaker
/// is one application), so the host that initialised a plug-in last receives them.
/// </summary>
static unsafe class FmxCallbacks
{
    const short CalcError = 1200, FileMissing = 100, ScriptMissing = 104, Unavailable = 3; // FileMaker error codes
    static readonly Lock gate = new();
    static IPluginHost? host;
    static FmxValues? values;

    public static void Attach(FmWrapper fm, IPluginHost pluginHost, FmxValues converter)
    {
        lock (gate) { host = pluginHost; values = converter; }
        var table = new FmwHost
        {
            StructSize = (uint)sizeof(FmwHost),
            Evaluate = &Evaluate,
            StartScript = &StartScript,
            WebViewer = &WebViewer,
        };
        fm.SetHost(&table);
    }

    public static void Detach(FmWrapper fm, IPluginHost pluginHost)
    {
        lock (gate)
        {
            if (!ReferenceEquals(host, pluginHost)) return;
            host = null; values = null;
        }
        fm.SetHost(null);
    }

    static (IPluginHost?, FmxValues?) Current() { lock (gate) return (host, values); }

    static string Utf16(ushort* p, uint length) => length == 0 ? "" : new string((char*)p, 0, checked((int)length));

    // An exception must never unwind into native code: each callback catches everything.

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    static short Evaluate(nint context, nint env, ushort* expression, uint length, nint result)
    {
        try
        {
            var (h, v) = Current();
            if (h is null || v is null) return Unavailable;
            v.Fill(result, h.Evaluate(Utf16(expression, length)));
            return 0;
        }
        catch { return CalcError; }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    static short StartScript(nint context, ushort* file, uint fileLength, ushort* script, uint scriptLength,
                             int control, ushort* parameter, uint parameterLength)
    {
        try
        {
            var (h, _) = Current();
            if (h is null) return Unavailable;
            var rc = h.StartScript(Utf16(file, fileLength), Utf16(script, scriptLength),
                                   Utf16(parameter, parameterLength), (ScriptControl)control);
            // The host answers 0 queued, 1 other file, 2 no such script.
            return rc switch { 0 => 0, 1 => FileMissing, 2 => ScriptMissing, _ => Unavailable };
        }
        catch { return Unavailable; }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    static int WebViewer(nint context, byte* viewer, byte* action, byte* value)
    {
        try
        {
            var (h, _) = Current();
            return h is null ? -1 : h.WebViewer(Utf8(viewer), Utf8(action), Utf8(value));
        }
        catch { return -1; }
    }

    static string Utf8(byte* p) => p == null ? "" : Marshal.PtrToStringUTF8((nint)p) ?? "";
}

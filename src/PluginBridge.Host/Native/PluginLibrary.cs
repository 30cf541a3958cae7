using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using PluginBridge.Host.Calc;

namespace PluginBridge.Host.Native;

/// <summary>
/// The plugin, loaded as FileMaker loads one: NativeLibrary.Load plus the C exports of pluginbridge.h, called
/// through unmanaged function pointers. No reference to the engine's managed code.
/// </summary>
public sealed unsafe class PluginLibrary : IPlugin
{
    readonly nint library;
    readonly delegate* unmanaged[Cdecl]<PbHost*, int> init;
    readonly delegate* unmanaged[Cdecl]<byte*, PbValue*, nuint, PbResult*> call;
    readonly delegate* unmanaged[Cdecl]<PbResult*, void> resultFree;
    readonly delegate* unmanaged[Cdecl]<int> idle;
    readonly delegate* unmanaged[Cdecl]<void> shutdown;
    readonly delegate* unmanaged[Cdecl]<byte*> version;
    readonly delegate* unmanaged[Cdecl]<int> functionCount;
    readonly delegate* unmanaged[Cdecl]<int, PbFunctionInfo*, int> functionAt;
    GCHandle hostHandle;

    public string Path { get; }

    PluginLibrary(string path, nint library)
    {
        Path = path;
        this.library = library;
        init = (delegate* unmanaged[Cdecl]<PbHost*, int>)Export("pb_init");
        call = (delegate* unmanaged[Cdecl]<byte*, PbValue*, nuint, PbResult*>)Export("pb_call");
        resultFree = (delegate* unmanaged[Cdecl]<PbResult*, void>)Export("pb_result_free");
        idle = (delegate* unmanaged[Cdecl]<int>)Export("pb_idle");
        shutdown = (delegate* unmanaged[Cdecl]<void>)Export("pb_shutdown");
        version = (delegate* unmanaged[Cdecl]<byte*>)Export("pb_version");
        functionCount = (delegate* unmanaged[Cdecl]<int>)Export("pb_function_count");
        functionAt = (delegate* unmanaged[Cdecl]<int, PbFunctionInfo*, int>)Export("pb_function_at");
    }

    nint Export(string name) =>
        NativeLibrary.TryGetExport(library, name, out var address)
            ? address
            : throw new PluginLoadException($"{Path} is not a PluginBridge plugin: it has no export {name}.");

    /// <summary>Loads the library at path; throws <see cref="PluginLoadException"/> with a clear message if it
    /// cannot.</summary>
    public static PluginLibrary Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw new PluginLoadException(
            $"Plugin not found: {full}. Build it with ./build.sh plugin, or pass --plugin PATH (or set PB_PLUGIN).");
        try { return new PluginLibrary(full, NativeLibrary.Load(full)); }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            throw new PluginLoadException($"Cannot load plugin {full}: {e.Message}");
        }
    }

    /// <summary>pb_init with a host table whose callbacks reach <paramref name="host"/>.</summary>
    public void Init(IPluginHost host)
    {
        if (hostHandle.IsAllocated) hostHandle.Free();
        hostHandle = GCHandle.Alloc(host);
        var table = new PbHost
        {
            StructSize = (uint)sizeof(PbHost),
            AbiVersion = Pb.AbiVersion,
            Context = (void*)GCHandle.ToIntPtr(hostHandle),
            StartScript = &StartScriptCallback,
            WebViewer = &WebViewerCallback,
            Wake = &WakeCallback,
            Evaluate = &EvaluateCallback,
        };
        var rc = init(&table);
        if (rc != Pb.Ok) throw new PluginLoadException($"pb_init failed with code {rc}: {Pb.ErrorText(rc)}.");
    }

    public string Version => Utf8(version()) ?? "";

    /// <summary>Delivers queued script starts to the host's start_script; returns what still keeps the host
    /// idling.</summary>
    public int Idle(IdleLevel level = IdleLevel.UserIdle) => idle();

    public void Shutdown() => shutdown();

    /// <summary>MBS ( name ; args... ) through pb_call: numbers as PB_NUMBER, containers as PB_CONTAINER, the rest as
    /// PB_TEXT.</summary>
    public PluginResult Call(string name, IReadOnlyList<FmValue> args)
    {
        var pins = new List<GCHandle>();
        try
        {
            var values = new PbValue[args.Count];
            for (var i = 0; i < args.Count; i++)
            {
                var a = args[i];
                var (type, bytes) = a.Kind switch
                {
                    FmKind.Number => (Pb.Number, Encoding.UTF8.GetBytes(FmNumber.Invariant(a.AsNumberOrZero()))),
                    FmKind.Container => (Pb.Container, a.Bytes ?? []),
                    _ => (Pb.Text, Encoding.UTF8.GetBytes(a.AsText())),
                };
                values[i].Type = type;
                values[i].Size = (nuint)bytes.Length;
                values[i].Data = Pin(pins, bytes);
                if (type == Pb.Container) values[i].FileName = Pin(pins, Z(a.FileName ?? ""));
            }
            fixed (byte* n = Z(name))
            fixed (PbValue* v = values)
            {
                var r = call(n, args.Count == 0 ? null : v, (nuint)values.Length);
                if (r == null) return new PluginResult(FmValue.Text("[MBS] Out of memory."), true);
                try { return new PluginResult(ToFm(r->Value), r->IsError != 0); }
                finally { resultFree(r); }
            }
        }
        finally { foreach (var p in pins) p.Free(); }
    }

    /// <summary>The plugin's functions, read with pb_function_count / pb_function_at.</summary>
    public IReadOnlyList<PluginFunction> Functions()
    {
        var list = new List<PluginFunction>();
        var count = functionCount();
        for (var i = 0; i < count; i++)
        {
            var info = new PbFunctionInfo { StructSize = (uint)sizeof(PbFunctionInfo) };
            if (functionAt(i, &info) != Pb.Ok) continue;
            list.Add(new PluginFunction(Utf8(info.Name) ?? "", info.MinArgs, info.MaxArgs, Utf8(info.Signature) ?? "",
                Utf8(info.Doc) ?? ""));
        }
        return list;
    }

    public void Dispose()
    {
        // The library stays mapped: a NativeAOT runtime cannot be unloaded from a process.
        if (hostHandle.IsAllocated) { shutdown(); hostHandle.Free(); }
    }

    static FmValue ToFm(PbValue v)
    {
        var bytes = v.Size == 0 ? [] : new ReadOnlySpan<byte>(v.Data, checked((int)v.Size)).ToArray();
        switch (v.Type)
        {
            case Pb.Container: return FmValue.Container(bytes, Utf8(v.FileName) ?? "");
            case Pb.Number:
                var text = Encoding.UTF8.GetString(bytes);
                return FmNumber.TryParseExact(text, out var d) ? FmValue.Number(d) : FmValue.Text(text);
            default: return FmValue.Text(Encoding.UTF8.GetString(bytes));
        }
    }

    static byte* Pin(List<GCHandle> pins, byte[] bytes)
    {
        if (bytes.Length == 0) bytes = [0];
        var h = GCHandle.Alloc(bytes, GCHandleType.Pinned);
        pins.Add(h);
        return (byte*)h.AddrOfPinnedObject();
    }

    static byte[] Z(string s)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }

    static string? Utf8(byte* p) => p == null ? null : Marshal.PtrToStringUTF8((nint)p);

    static IPluginHost? HostOf(void* context) =>
        context == null ? null : GCHandle.FromIntPtr((nint)context).Target as IPluginHost;

    // Callbacks from the plugin. An exception must never unwind into native code, so each catches everything.

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    static int StartScriptCallback(void* context, byte* file, byte* script, byte* parameter, int control)
    {
        try
        {
            var host = HostOf(context);
            return host is null ? -1
                : host.StartScript(Utf8(file) ?? "", Utf8(script) ?? "", Utf8(parameter) ?? "", (ScriptControl)control);
        }
        catch { return -1; }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    static void WakeCallback(void* context)
    {
        try { HostOf(context)?.Wake(); }
        catch { /* a wake that fails only leaves the host on its timer */ }
    }

    /// <summary>pb_host.evaluate: the host's calc engine in the running script; the result's text goes to the
    /// library's sink, a failure's message too (return 1).</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    static int EvaluateCallback(void* context, byte* expression, nuint size,
                                delegate* unmanaged[Cdecl]<void*, byte*, nuint, void> sink, void* sinkContext)
    {
        try
        {
            var host = HostOf(context);
            if (host is null || expression == null || size > int.MaxValue) return 1;
            var text = Encoding.UTF8.GetString(expression, (int)size);
            string result;
            var failed = 0;
            try { result = host.Evaluate(text).AsText(); }
            catch (Exception e) { result = e.Message; failed = 1; } // CalcException, CalcSyntaxException …
            var bytes = Encoding.UTF8.GetBytes(result);
            if (sink != null && bytes.Length > 0)
                fixed (byte* p = bytes) sink(sinkContext, p, (nuint)bytes.Length);
            return failed;
        }
        catch { return 1; }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    static int WebViewerCallback(void* context, byte* viewer, byte* action, byte* value)
    {
        try
        {
            var host = HostOf(context);
            return host is null ? -1 : host.WebViewer(Utf8(viewer) ?? "", Utf8(action) ?? "", Utf8(value) ?? "");
        }
        catch { return -1; }
    }
}

/// <summary>The plugin could not be found or loaded.</summary>
public sealed class PluginLoadException(string message) : Exception(message);

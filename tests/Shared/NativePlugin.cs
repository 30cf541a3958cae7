using System.Runtime.InteropServices;
using System.Text;
using PluginBridge.Abi;

namespace PluginBridge.Tests.Shared;

/// <summary>
/// Test-side client of the real native library (artifacts/plugin/libPluginBridge.so, or $PB_PLUGIN), through the
/// C ABI exactly as a host uses it. Link this file into a test project; it does not reference the Engine.
/// </summary>
public static unsafe class NativePlugin
{
    static readonly nint lib = NativeLibrary.Load(PathToPlugin());
    static readonly delegate* unmanaged[Cdecl]<byte*, PbValue*, nuint, PbResult*> call =
        (delegate* unmanaged[Cdecl]<byte*, PbValue*, nuint, PbResult*>)NativeLibrary.GetExport(lib, "pb_call");
    static readonly delegate* unmanaged[Cdecl]<PbResult*, void> free =
        (delegate* unmanaged[Cdecl]<PbResult*, void>)NativeLibrary.GetExport(lib, "pb_result_free");
    static readonly delegate* unmanaged[Cdecl]<int> idle =
        (delegate* unmanaged[Cdecl]<int>)NativeLibrary.GetExport(lib, "pb_idle");

    /// <summary>The plugin path: $PB_PLUGIN, else artifacts/plugin/ found by walking up from the test binary.</summary>
    public static string PathToPlugin()
    {
        var env = Environment.GetEnvironmentVariable("PB_PLUGIN");
        if (!string.IsNullOrEmpty(env)) return env;
        var name = OperatingSystem.IsWindows() ? "PluginBridge.dll" : OperatingSystem.IsMacOS()
            ? "libPluginBridge.dylib" : "libPluginBridge.so";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "artifacts", "plugin", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"{name} not found: run ./build.sh plugin first, or set PB_PLUGIN.");
    }

    /// <summary>MBS(name; args...) through pb_call. Returns the text and the error flag.</summary>
    public static (string Text, bool IsError) Call(string name, params string[] args)
    {
        var nameZ = Encoding.UTF8.GetBytes(name + "\0");
        var bytes = args.Select(Encoding.UTF8.GetBytes).ToArray();
        var handles = bytes.Select(b => GCHandle.Alloc(b, GCHandleType.Pinned)).ToArray();
        try
        {
            var values = new PbValue[args.Length];
            for (var i = 0; i < args.Length; i++)
                values[i] = new PbValue { Type = 0, Data = (byte*)handles[i].AddrOfPinnedObject(),
                    Size = (nuint)bytes[i].Length };
            fixed (byte* n = nameZ)
            fixed (PbValue* v = values)
            {
                var r = call(n, v, (nuint)values.Length);
                try { return (Encoding.UTF8.GetString(r->Value.Data, (int)r->Value.Size), r->IsError != 0); }
                finally { free(r); }
            }
        }
        finally { foreach (var h in handles) h.Free(); }
    }

    /// <summary>Text of MBS(name; args...); fails the test on an error result.</summary>
    public static string Ok(string name, params string[] args)
    {
        var (text, isError) = Call(name, args);
        if (isError) throw new InvalidOperationException($"MBS(\"{name}\") failed: {text}");
        return text;
    }

    public static int Idle() => idle();
}

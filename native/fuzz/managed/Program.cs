using System.Runtime.InteropServices;
using SharpFuzz;

namespace PluginBridge.Fuzz;

/// <summary>
/// The managed fuzz targets. Under the libFuzzer driver (native/fuzz/dotnet_driver.c sets __LIBFUZZER_SHM_ID) it
/// serves inputs over SharpFuzz's pipes; otherwise it replays the files named after the target, for debugging a
/// crash: dotnet PluginBridge.Fuzz.dll calc crash-1234.
/// A target returns normally for every input it handles as designed (a parse error included); an exception that
/// escapes is a finding.
/// </summary>
static class Program
{
    static readonly Dictionary<string, ReadOnlySpanAction> targets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["framer"] = FramerTarget.Run,
        ["script"] = ScriptTarget.Run,
        ["calc"] = CalcTarget.Run,
    };

    static int Main(string[] args)
    {
        if (args.Length == 0 || !targets.TryGetValue(args[0], out var target))
        {
            Console.Error.WriteLine($"usage: PluginBridge.Fuzz {string.Join('|', targets.Keys)} [input files]");
            return 2;
        }
        if (Environment.GetEnvironmentVariable("__LIBFUZZER_SHM_ID") is not null)
        {
            Fuzzer.LibFuzzer.Run(target);
            return 0;
        }
        // The instrumented assemblies count edges in SharpFuzz's map: give them one when no fuzzer provides it.
        unsafe { SharpFuzz.Common.Trace.SharedMem = (byte*)NativeMemory.AllocZeroed(1 << 16); }
        foreach (var file in args.Skip(1))
        {
            target(File.ReadAllBytes(file));
            Console.WriteLine($"{file}: ok");
        }
        return 0;
    }
}

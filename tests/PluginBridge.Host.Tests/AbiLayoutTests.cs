using System.Diagnostics;
using System.Globalization;
using PluginBridge.Abi;

namespace PluginBridge.Host.Tests;

/// <summary>
/// The C# mirror of the ABI (src/Shared/PbAbi.cs, compiled into the library and the host) against the header as a
/// C compiler lays it out: every struct's size and every field's offset.
/// </summary>
public unsafe class AbiLayoutTests
{
    static readonly string[] Fields =
    [
        "pb_value", "pb_value.type", "pb_value.data", "pb_value.size", "pb_value.file_name",
        "pb_result", "pb_result.struct_size", "pb_result.is_error", "pb_result.value",
        "pb_host", "pb_host.struct_size", "pb_host.abi_version", "pb_host.context", "pb_host.start_script",
        "pb_host.web_viewer", "pb_host.wake", "pb_host.evaluate",
        "pb_function_info", "pb_function_info.struct_size", "pb_function_info.name", "pb_function_info.min_args",
        "pb_function_info.max_args", "pb_function_info.signature", "pb_function_info.doc",
        "PB_ABI_VERSION", "PB_OK", "PB_ERR_ARGUMENT", "PB_ERR_VERSION", "PB_ERR_INTERNAL",
        "PB_TEXT", "PB_NUMBER", "PB_CONTAINER",
    ];

    [Fact]
    public void EverySizeOffsetAndConstantMatchesTheHeaderAsCompiledByC()
    {
        var fromC = CompileAndRun();
        var fromCSharp = CSharpLayout();
        Assert.Equal(Fields.Length, fromC.Count);
        foreach (var name in Fields)
            Assert.True(fromC[name] == fromCSharp[name], $"{name}: C {fromC[name]}, C# {fromCSharp[name]}");
        Assert.Equal(fromC["pb_function_info"], Pb.FunctionInfoSizeAbi1); // ABI 1's size is today's size
    }

    static Dictionary<string, long> CSharpLayout()
    {
        PbValue v; PbResult r; PbHost h; PbFunctionInfo f;
        static long At(void* field, void* start) => (byte*)field - (byte*)start;
        return new()
        {
            ["pb_value"] = sizeof(PbValue), ["pb_value.type"] = At(&v.Type, &v), ["pb_value.data"] = At(&v.Data, &v),
            ["pb_value.size"] = At(&v.Size, &v), ["pb_value.file_name"] = At(&v.FileName, &v),
            ["pb_result"] = sizeof(PbResult), ["pb_result.struct_size"] = At(&r.StructSize, &r),
            ["pb_result.is_error"] = At(&r.IsError, &r), ["pb_result.value"] = At(&r.Value, &r),
            ["pb_host"] = sizeof(PbHost), ["pb_host.struct_size"] = At(&h.StructSize, &h),
            ["pb_host.abi_version"] = At(&h.AbiVersion, &h), ["pb_host.context"] = At(&h.Context, &h),
            ["pb_host.start_script"] = At(&h.StartScript, &h), ["pb_host.web_viewer"] = At(&h.WebViewer, &h),
            ["pb_host.wake"] = At(&h.Wake, &h), ["pb_host.evaluate"] = At(&h.Evaluate, &h),
            ["pb_function_info"] = sizeof(PbFunctionInfo), ["pb_function_info.struct_size"] = At(&f.StructSize, &f),
            ["pb_function_info.name"] = At(&f.Name, &f), ["pb_function_info.min_args"] = At(&f.MinArgs, &f),
            ["pb_function_info.max_args"] = At(&f.MaxArgs, &f), ["pb_function_info.signature"] = At(&f.Signature, &f),
            ["pb_function_info.doc"] = At(&f.Doc, &f),
            ["PB_ABI_VERSION"] = Pb.AbiVersion, ["PB_OK"] = Pb.Ok, ["PB_ERR_ARGUMENT"] = Pb.ErrArgument,
            ["PB_ERR_VERSION"] = Pb.ErrVersion, ["PB_ERR_INTERNAL"] = Pb.ErrInternal,
            ["PB_TEXT"] = Pb.Text, ["PB_NUMBER"] = Pb.Number, ["PB_CONTAINER"] = Pb.Container,
        };
    }

    /// <summary>Builds a C program printing "name value" for every entry of <see cref="Fields"/>, and runs
    /// it.</summary>
    static Dictionary<string, long> CompileAndRun()
    {
        var dir = Directory.CreateTempSubdirectory("pb-abi-");
        try
        {
            var lines = Fields.Select(name => name.StartsWith("PB_", StringComparison.Ordinal)
                ? $"    printf(\"{name} %lld\\n\", (long long){name});"
                : name.Contains('.')
                    ? $"    printf(\"{name} %zu\\n\", offsetof({name.Split('.')[0]}, {name.Split('.')[1]}));"
                    : $"    printf(\"{name} %zu\\n\", sizeof({name}));");
            var source = Path.Combine(dir.FullName, "layout.c");
            File.WriteAllText(source,
                "#include <stdio.h>\n#include <stddef.h>\n#include \"pluginbridge.h\"\nint main(void) {\n"
                + string.Join('\n', lines) + "\n    return 0;\n}\n");
            var exe = Path.Combine(dir.FullName, "layout");
            var include = Path.Combine(RepoRoot(), "native", "include");
            Run("cc", "-std=c11", "-Wall", "-Werror", "-I", include, "-o", exe, source);
            return Run(exe).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' '))
                .ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));
        }
        finally { dir.Delete(true); }
    }

    static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var errors = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000), $"{file} did not finish");
        Assert.True(p.ExitCode == 0, $"{file} failed: {errors.Result}");
        return output.Result;
    }

    static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PluginBridge.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("repo root (PluginBridge.sln) not found");
    }
}

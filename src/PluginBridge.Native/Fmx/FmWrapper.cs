using System.Runtime.InteropServices;

namespace PluginBridge.Native.Fmx;

/// <summary>
/// Finds the FM_* functions of the host's FMWrapper library at run time: first in the process's global scope (where
/// FileMaker has loaded it), then at the documented per-OS location, or at PB_FMWRAPPER when that is set. Binding at
/// run time, not at link time, lets the file load in any host; a missing required function makes Init refuse.
/// </summary>
static unsafe class FmWrapper
{
    /// <summary>Environment variable: the path of libFMWrapper.so / FMWrapper.dll, used when the global scope
    /// lacks the functions.</summary>
    public const string PathVariable = "PB_FMWRAPPER";

    static string DefaultPath =>
        OperatingSystem.IsWindows() ? "FMWrapper.dll"
        : OperatingSystem.IsMacOS() ? "@executable_path/../Frameworks/FMWrapper.framework/Versions/A/FMWrapper"
        : "/opt/FileMaker/lib/libFMWrapper.so";

    /// <summary>Looks every function up; returns the names of the required ones not found (empty = usable).</summary>
    public static List<string> Bind()
    {
        var scopes = new List<nint>();
        try { scopes.Add(NativeLibrary.GetMainProgramHandle()); } catch { /* no global scope on this OS */ }
        var path = Environment.GetEnvironmentVariable(PathVariable);
        if (NativeLibrary.TryLoad(string.IsNullOrEmpty(path) ? DefaultPath : path, out var library))
            scopes.Add(library);

        var missing = new List<string>();
        foreach (var slot in Fm.Slots)
        {
            nint address = 0;
            foreach (var scope in scopes)
                if (NativeLibrary.TryGetExport(scope, slot.Name, out address)) break;
            slot.Address = address;
            if (address == 0 && slot.Required) missing.Add(slot.Name);
        }
        // Registration needs one of the two forms: Ex (API 56+) or the plain one of older hosts.
        if (Fm.RegisterEx.Address == 0 && Fm.Register.Address == 0)
            missing.Add($"{Fm.RegisterEx.Name} or {Fm.Register.Name}");
        return missing;
    }

    /// <summary>Where the fallback library is looked for, for the log line.</summary>
    public static string Searched =>
        "the global scope, then "
        + (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } p ? p : DefaultPath);
}

/// <summary>One FM_* function: its exported name and the address found for it (0 = not found).</summary>
sealed class FmSlot(string name, bool required)
{
    public string Name { get; } = name;
    public bool Required { get; } = required;
    public nint Address;
}

/// <summary>FileMaker's trailing error argument: m_vers = 1 in, m_code = 0 (kNoErr) out unless the host
/// failed.</summary>
[StructLayout(LayoutKind.Sequential)]
struct Fmxcpt
{
    public int Vers;
    public int Code;
    public static Fmxcpt New() => new() { Vers = 1, Code = 0 };
}

/// <summary>An FM_* call that reported a failure in its _fmxcpt (1 = bad alloc, 2 = unknown).</summary>
sealed class FmxException(string function, int code) : Exception($"{function} failed (_fmxcpt code {code})")
{
    public int Code { get; } = code;
}

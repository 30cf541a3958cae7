namespace PluginBridge.Host.Fmx;

/// <summary>FileMaker plug-in files, and where the host finds its FMWrapper.</summary>
public static class FmxLocator
{
    public static string WrapperFileName =>
        OperatingSystem.IsWindows() ? "FMWrapper.dll"
        : OperatingSystem.IsMacOS() ? "libFMWrapper.dylib"
        : "libFMWrapper.so";

    /// <summary>A FileMaker plug-in by its file name: .fmx (Linux), .fmx64 (Windows), .fmplugin (macOS).</summary>
    public static bool IsFileMakerPlugin(string path) =>
        Path.GetExtension(path.TrimEnd('/', '\\')).ToLowerInvariant() is ".fmx" or ".fmx64" or ".fmplugin";

    /// <summary>$PB_FMWRAPPER, else ../fmwrapper/ beside the host, else artifacts/fmwrapper/ above it
    /// (tests).</summary>
    public static string WrapperPath()
    {
        var env = Environment.GetEnvironmentVariable("PB_FMWRAPPER");
        if (!string.IsNullOrEmpty(env)) return env;
        var beside = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "fmwrapper", WrapperFileName));
        if (File.Exists(beside)) return beside;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "artifacts", "fmwrapper", WrapperFileName);
            if (File.Exists(candidate)) return candidate;
        }
        return beside;
    }
}

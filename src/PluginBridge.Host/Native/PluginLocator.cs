namespace PluginBridge.Host.Native;

/// <summary>Where the host looks for the plugin: --plugin, then $PB_PLUGIN, then ../plugin/ beside the
/// executable.</summary>
public static class PluginLocator
{
    public static string LibraryFileName =>
        OperatingSystem.IsWindows() ? "PluginBridge.dll" : OperatingSystem.IsMacOS() ? "libPluginBridge.dylib"
            : "libPluginBridge.so";

    public static string Resolve(string? explicitPath)
    {
        if (!string.IsNullOrEmpty(explicitPath)) return explicitPath;
        var env = Environment.GetEnvironmentVariable("PB_PLUGIN");
        if (!string.IsNullOrEmpty(env)) return env;
        return Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "plugin", LibraryFileName));
    }
}

using System.Globalization;

namespace PluginBridge.Engine.Meta;

/// <summary>Plugin.BuildNumber, LicenseeName, Path, isDebug and IsServer: what MBS's "report the plug-in's status"
/// script asks, answered for PluginBridge.</summary>
static class PluginFacts
{
    static volatile string licensee = "";

    public static void Register(Registry r)
    {
        // Our own build: the last part of pb_version (0.1.0.01 → 1), so it grows with our releases.
        var build = Value.FromNumber(long.Parse(Core.Plugin.Version.Split('.')[^1], CultureInfo.InvariantCulture));
        r.Add("Plugin.BuildNumber", "", _ => build);
        r.Add("Plugin.LicenseeName", "", _ => Value.FromText(licensee));
        r.Add("Plugin.Path", "", _ => LibraryPath());
#if DEBUG
        r.Add("Plugin.isDebug", "", _ => Value.FromNumber(1));
#else
        r.Add("Plugin.isDebug", "", _ => Value.FromNumber(0));
#endif
        r.Add("IsServer", "", _ => Value.FromBool(HostFacts.IsServer));
    }

    /// <summary>Register keeps the licensee name it was given, for Plugin.LicenseeName (we need no licence).
    /// </summary>
    public static void Registered(string name) => licensee = name;

    static Value LibraryPath() => HostFacts.LibraryPath?.Invoke() is { Length: > 0 } path
        ? Value.FromText(path)
        : Value.Error("The plug-in's file path is not known here: the engine is running inside a managed process, "
            + "not from its native library. Call it through libPluginBridge or PluginBridge.fmx.");
}

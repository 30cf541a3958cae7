using System.Runtime.CompilerServices;

namespace PluginBridge.Native;

static class ModuleSetup
{
    // MimeKit builds its charset table once; code pages must be registered before its first use.
#pragma warning disable CA2255 // ModuleInitializer in a library is what we want: it runs at runtime start-up.
    [ModuleInitializer]
    internal static void Init()
    {
        Engine.Core.Encodings.EnsureRegistered();
        Engine.Core.HostFacts.LibraryPath = LibraryPath.Find; // Plugin.Path
    }
#pragma warning restore CA2255
}

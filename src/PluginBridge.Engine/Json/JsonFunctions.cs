using PluginBridge.Engine.Core;

namespace PluginBridge.Engine.Json;

/// <summary>The JSON family (MBS JSON.*): JSON text and reference numbers interchangeably. See README.md.</summary>
static class JsonFunctions
{
    public static void Register(Registry r)
    {
        JsonBuildFunctions.Register(r);
        JsonReadFunctions.Register(r);
        JsonEditFunctions.Register(r);
        JsonColorize.Register(r);
        JsonPatchFunctions.Register(r);
    }
}

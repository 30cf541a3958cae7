using PluginBridge.Engine.Core;

namespace PluginBridge.Engine.Meta;

/// <summary>Version, IsError and the plugin's own book-keeping.</summary>
static class PluginFunctions
{
    public static void Register(Registry r)
    {
        var version = Value.FromText(StartupFunctions.MbsVersion); // one value for every call
        r.Add("Version", "",
            "The MBS version PluginBridge presents (16.2.0.01, whose documented behaviour it follows); our own " +
            "version is pb_version.",
            _ => version);
        r.Add("IsError", "", "1 if the previous MBS call on this thread returned an error, else 0.", IsError);
        r.Add("Plugin.ObjectCounts", "{ ; SkipZeros }",
            "JSON object with the number of live objects per type (CURL, Email, WebHook, …).",
            a => ObjectCounts(r, a));
    }

    static Value IsError(Args a) => Value.FromBool(Core.Plugin.LastCallFailed);

    static Value ObjectCounts(Registry r, Args a)
    {
        var skipZeros = a.Bool(0);
        var json = new MbsJson().BeginObject();
        foreach (var table in r.Tables.OrderBy(t => t.Kind, StringComparer.Ordinal))
            if (!skipZeros || table.Count > 0) json.Property(table.Kind, table.Count);
        return Value.FromText(json.EndObject().ToString());
    }
}

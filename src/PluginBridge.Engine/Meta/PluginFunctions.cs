using System.Text;

namespace PluginBridge.Engine.Meta;

/// <summary>The Plugin family: Version, IsError and the plugin's own book-keeping here, the start-up checks and
/// result conventions in StartupFunctions.</summary>
static class PluginFunctions
{
    public static void Register(Registry r)
    {
        var version = Value.FromText(StartupFunctions.MbsVersion); // one value for every call
        r.Add("Version", "", _ => version);
        var versionUtf8 = Encoding.UTF8.GetBytes(version.Text); // pb_call: the same text, copied into its result
        r.AddBytesPath("Version", (_, sink) => sink.Write(versionUtf8));
        r.Add("IsError", "", IsError);
        r.AddBytesPath("IsError", (_, sink) =>
        {
            sink.IsNumber = true; // 1 or 0, a number as Value.FromBool's
            return sink.Write(Core.Plugin.LastCallFailed ? "1"u8 : "0"u8);
        });
        r.Add("Plugin.ObjectCounts", "{ ; SkipZeros }", a => ObjectCounts(r, a));
        StartupFunctions.Register(r);
        PluginFacts.Register(r);
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

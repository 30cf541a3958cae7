namespace PluginBridge.Engine;

/// <summary>
/// The one list of function families, one line each. A family's Register(Registry r) declares all it owns:
/// its functions (r.Add), its handle table (r.AddTable: Plugin.ObjectCounts and pb_shutdown's release; numbers from
/// MBS's first number for the family, unique across families) and its background work (r.AddActivity: a live count
/// that keeps the host calling idle). Handle objects implement IHandle (they know their number); "start this script
/// when done" is a Core.ScriptTarget. Nothing registers itself in a static initialiser.
/// First numbers (MBS's where MBS documents one): SendMail 14000, CURL 16000, WebHook 30000, WebRequest 31000,
/// JSON 51000 (MBS's JSON.Clone example shows 51005 → 51006), OAuth 33000, EmailParser 28000 (ours),
/// QuickList 12000 (MBS: "reference numbers are starting at 12000").
/// </summary>
static class Families
{
    public static Registry Build()
    {
        var r = new Registry();
        Meta.PluginFunctions.Register(r);
        Tracing.TraceFunctions.Register(r);
        Text.TextFunctions.Register(r);
        Lists.ListFunctions.Register(r); QuickLists.QuickListFunctions.Register(r);
        Hash.HashFunctions.Register(r); Paths.PathFunctions.Register(r);
        Folders.FolderFunctions.Register(r); Files.FileFunctions.Register(r);
        FM.FmFunctions.Register(r);
        WebHook.WebHookFunctions.Register(r);
        WebHook.WebRequestFunctions.Register(r);
        WebView.WebViewFunctions.Register(r);
        Curl.CurlFunctions.Register(r);
        SendMail.SendMailFunctions.Register(r);
        Json.JsonFunctions.Register(r);
        EmailParser.EmailParserFunctions.Register(r);
        OAuth.OAuthFunctions.Register(r);
        return r;
    }
}

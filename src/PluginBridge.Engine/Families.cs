using PluginBridge.Engine.Core;

namespace PluginBridge.Engine;

/// <summary>The one list of function families. Each family registers its functions, one line each.</summary>
static class Families
{
    public static Registry Build()
    {
        var r = new Registry();
        Meta.PluginFunctions.Register(r);
        Text.TextFunctions.Register(r);
        FM.FmFunctions.Register(r);
        WebHook.WebHookFunctions.Register(r); WebHook.WebRequestFunctions.Register(r); WebView.WebViewFunctions.Register(r);
        Curl.CurlFunctions.Register(r);
        SendMail.SendMailFunctions.Register(r);
        return r;
    }
}

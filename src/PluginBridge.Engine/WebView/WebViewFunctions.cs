namespace PluginBridge.Engine.WebView;

/// <summary>WebView.*: the web viewer lives in the host; these reach it through the host's web-viewer
/// callback.</summary>
static class WebViewFunctions
{
    public static void Register(Registry r)
    {
        r.Add("WebView.LoadURL", "WebViewerRef; URL { ; cachePolicy; timeoutInterval }", LoadUrl);
        r.Add("WebView.SetCustomUserAgent", "WebViewerRef; UserAgent", SetCustomUserAgent);
    }

    static Value LoadUrl(Args a) => Drive(a, "LoadURL", a.Text(1).Trim());

    static Value SetCustomUserAgent(Args a) => Drive(a, "SetCustomUserAgent", a.Text(1));

    static Value Drive(Args a, string action, string value)
    {
        var viewer = a.Text(0).Trim();
        if (viewer.Length == 0) throw new MbsException($"{a.Function} needs the web viewer's object name.");
        var rc = Core.Plugin.Host.WebViewer(viewer, action, value);
        if (rc != 0)
            throw new MbsException($"No web viewer \"{viewer}\" (the host returned {rc}): give the web viewer that " +
                "object name on the layout, or use a host that has web viewers.");
        return Value.Ok;
    }
}

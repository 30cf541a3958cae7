using PluginBridge.Engine.Core;
using Xunit;
using static PluginBridge.Engine.Tests.WebHook.WebHookKit;

namespace PluginBridge.Engine.Tests.WebHook;

/// <summary>The script trigger (delivered only inside idle) and the WebView functions that reach the host.</summary>
[Collection("host")] // installs a host
public class WebHookScriptTests
{
    sealed class RecordingHost(int webViewerResult = 0) : IHost
    {
        public readonly List<(string File, string Script, string Param, ScriptControl Control,
            int Thread)> Started = [];
        public readonly List<(string Viewer, string Action, string Value)> Viewer = [];
        public int StartScript(string f, string s, string p, ScriptControl c)
        {
            lock (Started) Started.Add((f, s, p, c, Environment.CurrentManagedThreadId));
            return 0;
        }
        public int WebViewer(string v, string a, string u) { Viewer.Add((v, a, u)); return webViewerResult; }
    }

    [Fact]
    public void CompleteRequestStartsTheScriptInsideIdleWithTheRequestAsParameter()
    {
        var host = new RecordingHost();
        Plugin.Init(host);
        var (hook, port) = Listen();
        try
        {
            Assert.Equal("OK", Mbs("WebHook.SetScript", hook, "Office 365 oAuth SMTP", "WebHookReceived"));
            Assert.True(Plugin.Idle() >= 1); // a listening hook keeps the host idling
            CurlOk($"http://127.0.0.1:{port}/?code=abc&state=test");
            Assert.True(Eventually(() => { Plugin.Idle(); lock (host.Started) return host.Started.Count == 1; }));
            var (file, script, param, control, thread) = host.Started[0];
            Assert.Equal(("Office 365 oAuth SMTP", "WebHookReceived", ScriptControl.Pause,
                Environment.CurrentManagedThreadId), (file, script, control, thread));
            Assert.Contains("\"Parameters\" : { \"code\" : \"abc\" , \"state\" : \"test\" }",
                Mbs("WebRequest.URLComponents", param));
            Mbs("WebRequest.Release", param);

            // An empty script name stops the trigger; polling still sees the request.
            Mbs("WebHook.SetScript", hook, "", "");
            Assert.Equal("", Mbs("WebHook.GetScriptName", hook));
            CurlOk($"http://127.0.0.1:{port}/again");
            var polled = WaitForRequest(hook);
            Plugin.Idle();
            Assert.Single(host.Started);
            Mbs("WebRequest.Release", polled);
        }
        finally { Plugin.Call("WebHook.Release", hook); Plugin.Shutdown(); }
    }

    [Fact]
    public void ShutdownStopsListeningHooks()
    {
        var (hook, port) = Listen();
        Plugin.Shutdown();
        Assert.StartsWith("[MBS] Invalid WebHook reference number", MbsError("WebHook.GetPort", hook));
        Assert.NotEqual(0, RunCurl($"http://127.0.0.1:{port}/").Exit);
    }

    [Fact]
    public void WebViewFunctionsReachTheHostsWebViewer()
    {
        var host = new RecordingHost();
        Plugin.Init(host);
        try
        {
            Assert.Equal("OK", Mbs("WebView.SetCustomUserAgent", "web", "Mozilla/5.0 (Macintosh) Safari/605.1.15"));
            Assert.Equal("OK", Mbs("WebView.LoadURL", "web", "https://login.example/authorize?x=1"));
            Assert.Equal("OK", Mbs("Webview.LoadURL", "web", "about:blank", "0", "30"));
            Assert.Equal([("web", "SetCustomUserAgent", "Mozilla/5.0 (Macintosh) Safari/605.1.15"), ("web", "LoadURL",
                "https://login.example/authorize?x=1"), ("web", "LoadURL", "about:blank")], host.Viewer);
            Assert.Equal("[MBS] WebView.LoadURL needs the web viewer's object name.",
                MbsError("WebView.LoadURL", "", "about:blank"));

            Plugin.Init(new RecordingHost(webViewerResult: 1));
            Assert.StartsWith("[MBS] No web viewer \"nope\" (the host returned 1)",
                MbsError("WebView.LoadURL", "nope", "about:blank"));
            Plugin.Init(null); // a host without callbacks
            Assert.StartsWith("[MBS] No web viewer \"web\" (the host returned -1)",
                MbsError("WebView.SetCustomUserAgent", "web", "x"));
        }
        finally { Plugin.Shutdown(); }
    }
}

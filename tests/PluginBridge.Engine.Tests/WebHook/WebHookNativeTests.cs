using PluginBridge.Tests.Shared;
using Xunit;

namespace PluginBridge.Engine.Tests.WebHook;

/// <summary>The WebHook family in the published NativeAOT library, called through pb_call like a host does.</summary>
public class WebHookNativeTests
{
    static string Ok(string name, params string[] args) => NativePlugin.Ok(name, args);

    [Fact]
    public void ArticleRedirectThroughTheNativeLibrary()
    {
        var hook = Ok("WebHook.Create");
        try
        {
            Assert.Equal("OK", Ok("WebHook.Listen", hook, "0"));
            var port = Ok("WebHook.GetPort", hook);
            var html = "<html><p>Request arrived.</p></html>";
            Assert.Equal("OK", Ok("WebHook.SetAutoAnswer", hook,
                $"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: {html.Length}\r\n\r\n{html}", "UTF-8"));
            Assert.Equal(html, WebHookKit.CurlOk($"http://127.0.0.1:{port}/?code=n%C3%A4tive&state=test"));

            var request = "";
            Assert.True(WebHookKit.Eventually(() => (request = Ok("WebHook.Check", hook)).Length > 0));
            Assert.Equal(
                $"{{ \"Host\" : \"127.0.0.1\" , \"RelativeURL\" : \"/?code=n%C3%A4tive&state=test\" , \"URL\" : " +
                    $"\"http://127.0.0.1:{port}/?code=n%C3%A4tive&state=test\" , " +
                $"\"Scheme\" : \"http\" , \"Port\" : {port} , \"Path\" : \"/\" , \"Query\" : \"code=nätive&" +
                    $"state=test\" , \"Parameters\" : {{ \"code\" : \"nätive\" , \"state\" : \"test\" }} }}",
                Ok("WebRequest.URLComponents", request));
            Assert.StartsWith("GET /?code=n%C3%A4tive&state=test HTTP/1.1\r\n",
                Ok("WebRequest.GetRawData", request, "UTF-8"));
            Assert.Contains("\"WebRequest\" : 1", Ok("Plugin.ObjectCounts"));
            Assert.Equal("OK", Ok("WebRequest.Release", request));
            Assert.True(NativePlugin.Idle() >= 1); // the listening hook keeps the host idling
        }
        finally { NativePlugin.Call("WebHook.Release", hook); }
        Assert.StartsWith("[MBS] Invalid WebHook reference number", NativePlugin.Call("WebHook.GetPort", hook).Text);
        // No web viewer callback in this process: a clear error, no crash.
        Assert.True(NativePlugin.Call("WebView.LoadURL", "web", "about:blank").IsError);
    }
}

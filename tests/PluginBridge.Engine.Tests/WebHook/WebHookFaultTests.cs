using PluginBridge.Engine.Core;
using Xunit;
using static PluginBridge.Engine.Tests.WebHook.WebHookKit;

namespace PluginBridge.Engine.Tests.WebHook;

/// <summary>
/// A failure of ours while handling a request (forced at each stage) is never silent: the client gets 500, a
/// WebRequest records the error (WebRequest.ErrorMessage, with what had arrived) and the hook's script still starts.
/// </summary>
[Collection("host")] // installs a host
public class WebHookFaultTests
{
    sealed class InjectedFault(string point) : Exception($"injected at {point}");

    sealed class RecordingHost : IHost
    {
        public readonly List<string> Parameters = [];
        public int StartScript(string f, string s, string p,
            ScriptControl c) { lock (Parameters) Parameters.Add(p); return 0; }
        public int WebViewer(string v, string a, string u) => 0;
    }

    [Theory]
    [InlineData("read", "2")]    // bytes arrived, the request was not complete yet
    [InlineData("publish", "3")] // complete, the WebRequest not made yet
    [InlineData("answer", "3")]  // the WebRequest made and its script queued, the auto-answer not sent
    public void InternalFailureEndsInARecordedErrorAndTheScriptStart(string point, string state)
    {
        var host = new RecordingHost();
        Plugin.Init(host);
        var (hook, port) = Listen();
        try
        {
            Mbs("WebHook.SetScript", hook, "Tests", "WebHookReceived");
            PluginBridge.Engine.WebHook.WebHookFunctions.Table.Get(hook).InjectFault = p =>
                { if (p == point) throw new InjectedFault(p); };
            Assert.Equal("500",
                CurlOk("-o", "/dev/null", "-w", "%{http_code}", $"http://127.0.0.1:{port}/fail?at={point}"));

            Assert.True(Eventually(() => { Plugin.Idle(); lock (host.Parameters) return host.Parameters.Count == 1; }));
            var request = host.Parameters[0];
            Assert.Equal(request, WaitForRequest(hook)); // polling sees it too
            Assert.Equal($"Internal error while handling the request: InjectedFault: injected at {point}",
                Mbs("WebRequest.ErrorMessage", request));
            Assert.Equal(state, Mbs("WebRequest.GetState", request));
            Assert.StartsWith($"GET /fail?at={point} HTTP/1.1\r\n", Mbs("WebRequest.GetRawData", request));
            Mbs("WebRequest.Release", request);

            // The hook goes on serving; a request without failure has no error.
            PluginBridge.Engine.WebHook.WebHookFunctions.Table.Get(hook).InjectFault = null;
            CurlOk($"http://127.0.0.1:{port}/fine");
            Assert.True(Eventually(() => { Plugin.Idle(); lock (host.Parameters) return host.Parameters.Count == 2; }));
            Assert.Equal("", Mbs("WebRequest.ErrorMessage", host.Parameters[1]));
            Assert.Equal("3", Mbs("WebRequest.GetState", host.Parameters[1]));
            Mbs("WebRequest.Release", host.Parameters[1]);
        }
        finally { Plugin.Call("WebHook.Release", hook); Plugin.Shutdown(); }
    }
}

using System.Net.Sockets;
using System.Text;
using PluginBridge.Engine.WebHook;
using Xunit;
using static PluginBridge.Engine.Tests.WebHook.WebHookKit;

namespace PluginBridge.Engine.Tests.WebHook;

/// <summary>
/// HTTP/1.1 keep-alive, opted into by an auto-answer that says "Connection: keep-alive" and has an exact
/// Content-Length; MBS's default auto-answer keeps one request per connection.
/// </summary>
[Collection("host")] // see WebHookModeTests
public class WebHookKeepAliveTests
{
    const string KeepAliveAnswer = "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nOK";

    [Fact]
    public void CurlReusesTheConnectionWhenTheAutoAnswerAllowsIt()
    {
        var (hook, port) = Listen();
        try
        {
            Mbs("WebHook.SetAutoAnswer", hook, KeepAliveAnswer);
            var (exit, body, trace) = RunCurl("-v", $"http://127.0.0.1:{port}/one", $"http://127.0.0.1:{port}/two");
            Assert.True(exit == 0, trace);
            Assert.Equal("OKOK", body);
            Assert.Contains("Re-using existing connection", trace);
            Assert.Equal("1", Mbs("WebHook.GetConnectionCounter", hook));
            var requests = WaitForRequests(hook, 2);
            Assert.Equal(["/one", "/two"], requests.Select(r => Mbs("WebRequest.GetURL", r)).Order());
            foreach (var r in requests) Mbs("WebRequest.Release", r);
        }
        finally { Mbs("WebHook.Release", hook); }
    }

    [Fact]
    public void PipelinedRequestsAreAnsweredInOrderAndConnectionCloseEndsTheConnection()
    {
        var (hook, port) = Listen();
        try
        {
            Mbs("WebHook.SetAutoAnswer", hook, KeepAliveAnswer);
            var reply = Encoding.ASCII.GetString(Exchange(port, Ascii(
                "GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nxyz" +
                "GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")));
            Assert.Equal(KeepAliveAnswer + KeepAliveAnswer + KeepAliveAnswer.Replace("keep-alive", "close"), reply);
            var requests = WaitForRequests(hook, 3);
            var b = requests.Single(r => Mbs("WebRequest.GetURL", r) == "/b");
            Assert.Equal("xyz", Mbs("WebRequest.GetBody", b));
            foreach (var r in requests) Mbs("WebRequest.Release", r);
        }
        finally { Mbs("WebHook.Release", hook); }
    }

    [Fact]
    public void DefaultAutoAnswerServesOneRequestPerConnectionAsMbsDoes()
    {
        var (hook, port) = Listen();
        try
        {
            var reply = Encoding.ASCII.GetString(
                Exchange(port, Ascii("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n")));
            Assert.Equal(Hook.DefaultAutoAnswer, reply); // one answer, then the server closed
            var request = WaitForRequest(hook);
            Assert.Equal("/a", Mbs("WebRequest.GetURL", request));
            Assert.Equal("", Mbs("WebHook.Check", hook)); // /b was made before the close if at all
            Mbs("WebRequest.Release", request);
        }
        finally { Mbs("WebHook.Release", hook); }
    }

    /// <summary>Polls WebHook.Check until <paramref name="count"/> requests arrived (bounded).</summary>
    static string[] WaitForRequests(string hook, int count)
    {
        var found = new List<string>();
        Assert.True(Eventually(() =>
        {
            found.AddRange(Mbs("WebHook.Check", hook).Split('\r', StringSplitOptions.RemoveEmptyEntries));
            return found.Count >= count;
        }));
        Assert.Equal(count, found.Count);
        return [.. found];
    }

    [Theory]
    [InlineData(KeepAliveAnswer, true)]
    [InlineData("HTTP/1.1 200 OK\r\nconnection:Keep-Alive\r\nContent-Length: 0\r\n\r\n", true)]
    [InlineData("HTTP/1.1 200 OK\r\nServer: MBS Plugin\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", false)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK", false)]                              // no opt-in
    [InlineData("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 3\r\n\r\nOK", false)]     // wrong length
    [InlineData("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\n\r\nOK", false)]                         // no length
    [InlineData("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n",
        false)]
    [InlineData("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", false)]
    [InlineData("", false)]
    public void OnlyAFramedAnswerThatSaysKeepAliveAllowsIt(string answer, bool allows)
    {
        var parsed = AutoAnswer.From(Encoding.UTF8.GetBytes(answer));
        Assert.Equal(allows, parsed.AllowsKeepAlive);
        Assert.Equal(answer, Encoding.UTF8.GetString(parsed.Bytes));
        var closing = Encoding.UTF8.GetString(parsed.Closing);
        Assert.Equal(allows ? answer.Replace("keep-alive", "close").Replace("Keep-Alive", "close") : answer, closing);
    }
}

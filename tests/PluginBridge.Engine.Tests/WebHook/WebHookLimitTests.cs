using System.Net.Sockets;
using System.Text;
using Xunit;
using static PluginBridge.Engine.Tests.WebHook.WebHookKit;

namespace PluginBridge.Engine.Tests.WebHook;

/// <summary>100-continue, the idle timeout of held-open connections, the cap on unreleased requests, tags.</summary>
[Collection("host")] // see WebHookModeTests
public class WebHookLimitTests
{
    [Fact]
    public void ExpectContinueGetsOneHundredContinueBeforeTheBody()
    {
        var (hook, port) = Listen();
        try
        {
            using var client = new TcpClient("127.0.0.1", port) { ReceiveTimeout = 10_000 };
            var stream = client.GetStream();
            stream.Write(Ascii("PUT /file HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
            var interim = new byte["HTTP/1.1 100 Continue\r\n\r\n".Length];
            stream.ReadExactly(interim);
            Assert.Equal("HTTP/1.1 100 Continue\r\n\r\n", Encoding.ASCII.GetString(interim));
            stream.Write(Ascii("hello"));
            Assert.StartsWith("HTTP/1.1 200 OK\r\n", Encoding.ASCII.GetString(ReadToEnd(stream)));
            var request = WaitForRequest(hook);
            Assert.Equal("hello", Mbs("WebRequest.GetBody", request));
            Assert.Equal("PUT", Mbs("WebRequest.GetHTTPMethod", request));
            Mbs("WebRequest.Release", request);
        }
        finally { Mbs("WebHook.Release", hook); }
    }

    [Fact]
    public void HeldOpenConnectionClosesAfterTheTimeoutWithoutTraffic()
    {
        var (hook, port) = Listen();
        try
        {
            Mbs("WebHook.SetMode", hook, "1");
            Mbs("WebHook.SetAutoAnswer", hook, "");
            Mbs("WebHook.SetTimeOut", hook, "1");
            using var client = new TcpClient("127.0.0.1", port) { ReceiveTimeout = 15_000 };
            var stream = client.GetStream();
            stream.Write(Ascii("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n"));
            var request = WaitForRequest(hook);
            Assert.Empty(ReadToEnd(stream)); // closed by the idle timer, nothing sent
            Assert.StartsWith("[MBS] The connection of this WebRequest is closed",
                MbsError("WebRequest.Send", request, "too late"));
            Assert.Equal("/wait", Mbs("WebRequest.GetURL", request)); // the request itself stays readable
            Mbs("WebRequest.Release", request);
        }
        finally { Mbs("WebHook.Release", hook); }
    }

    [Fact]
    public async Task UnreleasedRequestsAreCappedAndReleasingMakesRoom()
    {
        var (hook, port) = Listen(queueLength: "100");
        var requests = new List<string>();
        try
        {
            const int cap = 1000; // WebHookLimits.MaxLiveRequests
            // Asynchronous clients, 10 at a time: blocking ones would starve the thread pool the listener runs on.
            for (var batch = 0; batch < cap / 10; batch++)
                await Task.WhenAll(Enumerable.Range(batch * 10, 10).Select(async i =>
                    Assert.StartsWith("HTTP/1.1 200 OK",
                        await ExchangeAsync(port, $"GET /{i} HTTP/1.1\r\nHost: x\r\n\r\n"))));
            Assert.True(Eventually(() =>
            {
                requests.AddRange(Mbs("WebHook.Check", hook).Split('\r', StringSplitOptions.RemoveEmptyEntries));
                return requests.Count == cap;
            }));
            Assert.StartsWith("HTTP/1.1 503 Service Unavailable\r\n",
                Encoding.ASCII.GetString(Exchange(port, Ascii("GET /one-more HTTP/1.1\r\nHost: x\r\n\r\n"))));
            Mbs("WebRequest.Release", requests[0]);
            requests.RemoveAt(0);
            Assert.StartsWith("HTTP/1.1 200 OK",
                Encoding.ASCII.GetString(Exchange(port, Ascii("GET /after-release HTTP/1.1\r\nHost: x\r\n\r\n"))));
            var last = WaitForRequest(hook);
            Assert.Equal("/after-release", Mbs("WebRequest.GetURL", last));
            requests.Add(last);
            Assert.Equal((cap + 1).ToString(), Mbs("WebHook.GetWebRequestCounter", hook));
        }
        finally
        {
            foreach (var r in requests) Mbs("WebRequest.Release", r);
            Mbs("WebHook.Release", hook);
        }
    }

    static async Task<string> ExchangeAsync(int port, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        await stream.WriteAsync(Ascii(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        using var timeout = new CancellationTokenSource(10_000);
        return await reader.ReadToEndAsync(timeout.Token);
    }

    [Fact]
    public void RequestTags()
    {
        var (hook, port) = Listen();
        try
        {
            CurlOk($"http://127.0.0.1:{port}/tagged");
            var request = WaitForRequest(hook);
            Assert.Equal("", Mbs("WebRequest.GetTag", request));
            Assert.Equal("OK", Mbs("WebRequest.SetTag", request, "customer 42"));
            Assert.Equal("customer 42", Mbs("WebRequest.GetTag", request));
            Mbs("WebRequest.Release", request);
        }
        finally { Mbs("WebHook.Release", hook); }
    }
}

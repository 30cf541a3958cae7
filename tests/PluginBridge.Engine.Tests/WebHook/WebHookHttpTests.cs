using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using Xunit;
using static PluginBridge.Engine.Tests.WebHook.WebHookKit;

namespace PluginBridge.Engine.Tests.WebHook;

/// <summary>Real HTTP clients (curl, HttpClient) against a WebHook; what the script reads must be exactly what was
/// sent.</summary>
[Collection("host")] // see WebHookModeTests
public class WebHookHttpTests
{
    /// <summary>The article's auto-answer, built the way its script builds it (¶ line ends, then ReplaceNewline
    /// 3).</summary>
    static string ArticleAnswer(out string html)
    {
        html = "<html><p>Request arrived.</p></html>";
        var text = "HTTP/1.1 200 OK\rServer: MyServer 1.0\rConnection: close\rContent-Type: text/html\rContent-Length: "
            + html.Length + "\r\r" + html;
        return Mbs("Text.ReplaceNewline", text, "3");
    }

    [Fact]
    public void ArticleRedirectWithCurl()
    {
        var (hook, port) = Listen();
        try
        {
            Assert.Equal("OK", Mbs("WebHook.SetAutoAnswer", hook, ArticleAnswer(out var html), "UTF-8"));
            var target = "/?code=0.AXoA-abc_DEF.ghi~jkl&state=test&session_state=8f3c1a2b-11";
            Assert.Equal(html, CurlOk($"http://127.0.0.1:{port}{target}"));

            var request = WaitForRequest(hook);
            Assert.Equal(
                "{ \"Host\" : \"127.0.0.1\" , \"RelativeURL\" : \"" + target + "\" , \"URL\" : \"http://127.0.0.1:"
                    + port + target +
                "\" , \"Scheme\" : \"http\" , \"Port\" : " + port + " , \"Path\" : \"/\" , \"Query\" : " +
                    "\"code=0.AXoA-abc_DEF.ghi~jkl&state=test&session_state=8f3c1a2b-11\"" +
                " , \"Parameters\" : { \"code\" : \"0.AXoA-abc_DEF.ghi~jkl\" , \"state\" : \"test\" , " +
                    "\"session_state\" : \"8f3c1a2b-11\" } }",
                Mbs("WebRequest.URLComponents", request));
            Assert.Equal("GET", Mbs("WebRequest.GetHTTPMethod", request));
            Assert.Equal("HTTP/1.1", Mbs("WebRequest.GetHTTPVersion", request));
            Assert.Equal(target, Mbs("WebRequest.GetURL", request));
            Assert.Equal($"127.0.0.1:{port}", Mbs("WebRequest.GetHost", request));
            var curlVersion = CurlOk("--version").Split(' ')[1];
            Assert.Equal($"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUser-Agent: " +
                $"curl/{curlVersion}\r\nAccept: */*\r\n\r\n",
                Mbs("WebRequest.GetRawData", request, "UTF-8"));
            Assert.Equal($"{{ \"Host\" : \"127.0.0.1:{port}\" , \"User-Agent\" : \"curl/{curlVersion}\" , \"Accept\" " +
                $": \"*/*\" }}", Mbs("WebRequest.GetHeaders", request));
            Assert.Equal("127.0.0.1", Mbs("WebRequest.GetRemoteIP", request));
            Assert.Equal("127.0.0.1", Mbs("WebRequest.GetLocalIP", request));
            Assert.Equal(port.ToString(), Mbs("WebRequest.GetLocalPort", request));
            Assert.NotEqual(port.ToString(), Mbs("WebRequest.GetRemotePort", request));
            Assert.Equal("0", Mbs("WebRequest.GetSSL", request));
            Assert.Equal("3", Mbs("WebRequest.GetState", request));
            Assert.Equal(hook, Mbs("WebRequest.GetWebHook", request));
            Assert.Equal("", Mbs("WebHook.Check", hook)); // each request is returned once
            Assert.Equal("OK", Mbs("WebRequest.Release", request));
            Assert.StartsWith("[MBS] Invalid WebRequest reference number", MbsError("WebRequest.GetURL", request));
        }
        finally { Mbs("WebHook.Release", hook); }
    }

    [Fact]
    public async Task NonAsciiPlusAndPercent20WithHttpClient()
    {
        var (hook, port) = Listen();
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
            var target = "/p%C3%A4th/da%20t+a.txt?name=H%C3%B6llo%20W%C3%B6rld&plus=a+b&space=a%20b&literal=%2B1&" +
                "empty=&flag&dup=1&dup=2&emoji=%F0%9F%98%80";
            var response = await http.GetAsync($"http://127.0.0.1:{port}{target}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("MBS Plugin", response.Headers.Server.ToString());

            var request = WaitForRequest(hook);
            Assert.Equal(target, Mbs("WebRequest.GetURL", request));
            Assert.Equal(
                "{ \"Host\" : \"127.0.0.1\" , \"RelativeURL\" : \"" + target + "\" , \"URL\" : \"http://127.0.0.1:"
                    + port + target +
                "\" , \"Scheme\" : \"http\" , \"Port\" : " + port + " , \"Path\" : \"/päth/da t+a.txt\"" +
                " , \"Query\" : \"name=Höllo Wörld&plus=a+b&space=a b&literal=+1&empty=&flag&dup=1&dup=2&emoji=😀\"" +
                " , \"Parameters\" : { \"name\" : \"Höllo Wörld\" , \"plus\" : \"a b\" , \"space\" : \"a b\" , " +
                    "\"literal\" : \"+1\" , \"empty\" : \"\" , \"flag\" : \"\" , \"dup\" : \"2\" , \"emoji\" : " +
                    "\"😀\" } }",
                Mbs("WebRequest.URLComponents", request));
            Mbs("WebRequest.Release", request);
        }
        finally { Mbs("WebHook.Release", hook); }
    }

    [Fact]
    public void PostBodyWithCurl()
    {
        var (hook, port) = Listen();
        try
        {
            var body = "grant=ä&x=1\r\nline2";
            CurlOk("--data-binary", body, "-H", "Content-Type: text/plain; charset=utf-8",
                $"http://127.0.0.1:{port}/upload/report.txt");
            var request = WaitForRequest(hook);
            Assert.Equal("POST", Mbs("WebRequest.GetHTTPMethod", request));
            Assert.Equal(body, Mbs("WebRequest.GetBody", request));
            Assert.Equal(Encoding.UTF8.GetByteCount(body).ToString(), Mbs("WebRequest.GetBodySize", request));
            Assert.Equal(Convert.ToHexString(Encoding.UTF8.GetBytes(body)), Mbs("WebRequest.GetBody", request, "Hex"));
            var raw = Mbs("WebRequest.GetRawData", request);
            Assert.EndsWith("\r\n\r\n" + body, raw);
            Assert.Equal(Encoding.UTF8.GetByteCount(raw).ToString(), Mbs("WebRequest.GetSize", request));
            Assert.Contains("\"Content-Type\" : \"text/plain; charset=utf-8\"", Mbs("WebRequest.GetHeaders", request));
            var container = PluginBridge.Engine.Core.Plugin.Call("WebRequest.GetBodyAsContainer", request);
            Assert.Equal(PluginBridge.Engine.Core.ValueType.Container, container.Type);
            Assert.Equal("report.txt", container.FileName);
            Assert.Equal(Encoding.UTF8.GetBytes(body), container.Bytes);
            Assert.Equal("data.bin",
                PluginBridge.Engine.Core.Plugin.Call("WebRequest.GetBodyAsContainer", request, "data.bin").FileName);
            // Reading the raw data with ClearBuffer empties it.
            Assert.Equal(raw, Mbs("WebRequest.GetRawData", request, "UTF-8", "1"));
            Assert.Equal("", Mbs("WebRequest.GetRawData", request));
            Mbs("WebRequest.Release", request);
        }
        finally { Mbs("WebHook.Release", hook); }
    }

    [Fact]
    public void HeadRequestWithCurl()
    {
        var (hook, port) = Listen();
        try
        {
            var headers = CurlOk("--head", $"http://127.0.0.1:{port}/status?x=1");
            Assert.StartsWith("HTTP/1.1 200 OK\r\nServer: MBS Plugin\r\n", headers);
            var request = WaitForRequest(hook);
            Assert.Equal("HEAD", Mbs("WebRequest.GetHTTPMethod", request));
            Assert.Equal("/status?x=1", Mbs("WebRequest.GetURL", request));
            Assert.Equal("0", Mbs("WebRequest.GetBodySize", request));
            Mbs("WebRequest.Release", request);
        }
        finally { Mbs("WebHook.Release", hook); }
    }

    [Fact]
    public async Task ChunkedBodiesFromCurlAndHttpClient()
    {
        var (hook, port) = Listen();
        try
        {
            var body = string.Concat(Enumerable.Range(0, 3000).Select(i => $"line {i} Ünïcode\n"));
            CurlOk("-H", "Transfer-Encoding: chunked", "--data-binary", body, $"http://127.0.0.1:{port}/chunked");
            var request = WaitForRequest(hook);
            Assert.Contains("\"Transfer-Encoding\" : \"chunked\"", Mbs("WebRequest.GetHeaders", request));
            Assert.Equal(body, Mbs("WebRequest.GetBody", request));
            Assert.DoesNotContain("Content-Length", Mbs("WebRequest.GetRawData", request));
            Mbs("WebRequest.Release", request);

            // HttpClient sends an unknown-length stream chunked, in several chunks.
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
            var content = new StreamContent(new SlowStream(Encoding.UTF8.GetBytes(body), 1000));
            var response = await http.PostAsync($"http://127.0.0.1:{port}/chunked2", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            request = WaitForRequest(hook);
            Assert.Equal(body, Mbs("WebRequest.GetBody", request));
            var raw = Mbs("WebRequest.GetRawData", request);
            Assert.Contains("\r\nTransfer-Encoding: chunked\r\n", raw);
            // several chunks
            Assert.True(raw.Split("\r\n").Count(line => line.Length > 0 && line.All(char.IsAsciiHexDigit)) > 2,
                raw[..300]);
            Mbs("WebRequest.Release", request);
        }
        finally { Mbs("WebHook.Release", hook); }
    }

    /// <summary>A stream without a length that hands out at most n bytes per read, so HttpClient sends several
    /// chunks.</summary>
    sealed class SlowStream(byte[] data, int n) : Stream
    {
        int pos;
        public override int Read(byte[] buffer, int offset, int count)
        {
            var take = Math.Min(Math.Min(n, count), data.Length - pos);
            Array.Copy(data, pos, buffer, offset, take);
            pos += take;
            return take;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => pos; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void Ipv6LoopbackIsListenedOnToo()
    {
        if (!Socket.OSSupportsIPv6) return;
        var (hook, port) = Listen();
        try
        {
            var (exit, _, error) = RunCurl("-g", $"http://[::1]:{port}/v6?a=1");
            if (exit == 7 && error.Contains("Couldn't connect")) return; // no ::1 on this machine
            Assert.Equal(0, exit);
            var request = WaitForRequest(hook);
            Assert.Equal("::1", Mbs("WebRequest.GetLocalIP", request));
            Assert.Equal("::1", Mbs("WebRequest.GetRemoteIP", request));
            Assert.StartsWith($"{{ \"Host\" : \"::1\" , \"RelativeURL\" : \"/v6?a=1\" , \"URL\" : " +
                $"\"http://[::1]:{port}/v6?a=1\"", Mbs("WebRequest.URLComponents", request));
            Mbs("WebRequest.Release", request);
        }
        finally { Mbs("WebHook.Release", hook); }
    }

    [Fact]
    public void RequestSizeLimitsAnswer413And414()
    {
        var (hook, port) = Listen();
        try
        {
            Mbs("WebHook.SetMaximumRequestSize", hook, "1000");
            Assert.Equal("1000", Mbs("WebHook.GetMaximumRequestSize", hook));
            Assert.Equal("413", CurlOk("-o", "/dev/null", "-w", "%{http_code}", "--data-binary", new string('x', 2000),
                $"http://127.0.0.1:{port}/big"));
            Assert.Equal("200", CurlOk("-o", "/dev/null", "-w", "%{http_code}", "--data-binary", new string('x', 500),
                $"http://127.0.0.1:{port}/small"));
            Mbs("WebHook.SetMaximumRequestSize", hook, "0");
            Assert.Equal("414",
                CurlOk("-o", "/dev/null", "-w", "%{http_code}", $"http://127.0.0.1:{port}/" + new string('a', 9000)));
            var request = WaitForRequest(hook);
            Assert.Equal("/small", Mbs("WebRequest.GetURL", request));
            Assert.Equal("3", Mbs("WebHook.GetConnectionCounter", hook));
            Assert.Equal("1", Mbs("WebHook.GetWebRequestCounter", hook));
            Mbs("WebRequest.Release", request);
        }
        finally { Mbs("WebHook.Release", hook); }
    }

    [Fact]
    public void UrlComponentsWithoutHostHeaderAndForAnAbsoluteTarget()
    {
        var (hook, port) = Listen();
        try
        {
            Exchange(port, Ascii("GET /old?x=%41 HTTP/1.0\r\n\r\n"));
            var request = WaitForRequest(hook);
            Assert.Equal($"{{ \"Host\" : \"127.0.0.1\" , \"RelativeURL\" : \"/old?x=%41\" , \"URL\" : " +
                $"\"http://127.0.0.1:{port}/old?x=%41\" , \"Scheme\" : \"http\" , " +
                $"\"Port\" : {port} , \"Path\" : \"/old\" , \"Query\" : \"x=A\" , \"Parameters\" : {{ \"x\" : \"A\" " +
                    $"}} }}", Mbs("WebRequest.URLComponents", request));
            Assert.Equal("HTTP/1.0", Mbs("WebRequest.GetHTTPVersion", request));
            Assert.Equal("", Mbs("WebRequest.GetHost", request));
            Mbs("WebRequest.Release", request);

            Exchange(port, Ascii("GET http://example.test:8080/abs?y=1 HTTP/1.1\r\nHost: example.test:8080\r\n\r\n"));
            request = WaitForRequest(hook);
            Assert.Equal("{ \"Host\" : \"example.test\" , \"RelativeURL\" : \"/abs?y=1\" , \"URL\" : " +
                "\"http://example.test:8080/abs?y=1\" , \"Scheme\" : \"http\" , " +
                "\"Port\" : 8080 , \"Path\" : \"/abs\" , \"Query\" : \"y=1\" , \"Parameters\" : { \"y\" : \"1\" } }",
                    Mbs("WebRequest.URLComponents", request));
            Assert.Equal("http://example.test:8080/abs?y=1", Mbs("WebRequest.GetURL", request)); // as received
            Mbs("WebRequest.Release", request);

            // MBS's own example passes an encoding: UTF-8 is the default, others decode the escapes their way.
            Exchange(port, Ascii("GET /caf%E9?name=Jos%E9 HTTP/1.1\r\nHost: h\r\n\r\n"));
            request = WaitForRequest(hook);
            Assert.Contains("\"Path\" : \"/café\" , \"Query\" : \"name=José\" , \"Parameters\" : { \"name\" : " +
                "\"José\" }", Mbs("WebRequest.URLComponents", request, "ISO-8859-1"));
            Assert.Contains("\"name\" : \"Jos\uFFFD\"", Mbs("WebRequest.URLComponents", request, "UTF-8"));
            Mbs("WebRequest.Release", request);
        }
        finally { Mbs("WebHook.Release", hook); }
    }

    [Fact]
    public void SmugglingShapesAreRefused()
    {
        var (hook, port) = Listen();
        try
        {
            var both = Exchange(port, Ascii(
                "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));
            Assert.StartsWith("HTTP/1.1 400 ", Encoding.ASCII.GetString(both));
            var twoLengths = Exchange(port,
                Ascii("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde"));
            Assert.StartsWith("HTTP/1.1 400 ", Encoding.ASCII.GetString(twoLengths));
            var http2 = Exchange(port, Ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
            Assert.StartsWith("HTTP/1.1 505 ", Encoding.ASCII.GetString(http2));
            Assert.Equal("", Mbs("WebHook.Check", hook));
            Assert.Equal("0", Mbs("WebHook.GetWebRequestCounter", hook));
        }
        finally { Mbs("WebHook.Release", hook); }
    }
}

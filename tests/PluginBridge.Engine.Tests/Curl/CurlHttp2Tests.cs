using System.Diagnostics;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>
/// HTTP/2 as libcurl speaks it by default (CURL_HTTP_VERSION_2TLS): h2 offered by ALPN over TLS and used when the
/// server accepts it, one connection kept for the handle's requests; HTTP/1.1 when asked for. Against nginx on
/// 127.0.0.1, with the curl command line as the independent client that shows the server speaks h2.
/// </summary>
[Collection("host")]
public class CurlHttp2Tests
{
    const string Body = "h2 body\n";

    static string CurlCli(params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo("curl", args) { RedirectStandardOutput = true })!;
        var output = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(20_000));
        return output;
    }

    [Fact]
    public void HttpsSpeaksHttp2WhenTheServerAcceptsItAndKeepsOneConnection()
    {
        using var nginx = new NginxH2("/page.txt", Body);
        var url = $"https://127.0.0.1:{nginx.TlsPort}/page.txt";
        // The independent client: curl itself negotiates h2 with this server.
        Assert.Equal("2 200", CurlCli("-s", "-o", "/dev/null", "-w", "%{http_version} %{http_code}", "--http2",
            "--cacert", nginx.CaPem, url));

        var curl = New();
        Ok("CURL.SetOptionURL", curl, url);
        Ok("CURL.SetOptionCAPath", curl, nginx.CaDir);
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        var debug = Debug(curl);
        Assert.Contains("ALPN: offers h2,http/1.1\n", debug);
        Assert.Contains("ALPN: server accepted h2\n", debug);
        Assert.Contains("using HTTP/2\n", debug);
        Assert.Contains("GET /page.txt HTTP/2\nHost: 127.0.0.1:" + nginx.TlsPort + "\naccept: */*\n", debug);
        Assert.Contains("HTTP/2 200 \n", debug);
        for (var i = 0; i < 2; i++) Assert.Equal("OK", Ok("CURL.Perform", curl));

        Assert.Equal("200", Ok("CURL.GetResponseCode", curl));
        Assert.Equal("3", Ok("CURL.GetHTTPVersion", curl)); // CURL_HTTP_VERSION_2_0
        Assert.Equal(Body, Ok("CURL.GetResultAsText", curl, "UTF-8", "1"));
        var headers = Ok("CURL.GetHeaders", curl, "UTF-8", "1");
        Assert.StartsWith("HTTP/2 200 \r\nserver: nginx", headers);
        Assert.Contains($"\r\ncontent-length: {Body.Length}\r\n", headers);
        Assert.EndsWith("\r\n\r\n", headers);
        using var json = System.Text.Json.JsonDocument.Parse(Ok("CURL.GetHeaderAsJSON", curl));
        Assert.Equal("2", json.RootElement.GetProperty("HTTP-Version").GetString());
        Assert.Equal("200", json.RootElement.GetProperty("HTTP-ResponseCode").GetString());
        debug = Debug(curl);
        Assert.StartsWith("Re-using existing connection #0 with host 127.0.0.1\n", debug);
        Assert.DoesNotContain("ALPN", debug);
        Ok("CURL.Release", curl);

        // curl's request, then our three on one connection (numbered 1, 2, 3 on it), all HTTP/2.
        var log = nginx.Requests();
        Assert.Equal(4, log.Count);
        Assert.All(log, l => Assert.EndsWith(" HTTP/2.0 200", l));
        var ours = log.Skip(1).Select(l => l.Split(' ')).ToList();
        Assert.Single(ours.Select(l => l[0]).Distinct());
        Assert.Equal(["1", "2", "3"], ours.Select(l => l[1]));
    }

    [Fact]
    public void Http11WhenAskedForAndOnOpenSslsTlsPath()
    {
        using var nginx = new NginxH2("/page.txt", Body);
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"https://127.0.0.1:{nginx.TlsPort}/page.txt");
        Ok("CURL.SetOptionCAPath", curl, nginx.CaDir);
        Ok("CURL.SetOptionHTTPVersion", curl, "2"); // CURL_HTTP_VERSION_1_1
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Equal("2", Ok("CURL.GetHTTPVersion", curl));
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", Ok("CURL.GetHeaders", curl, "UTF-8", "1"));
        Assert.Contains("ALPN: offers http/1.1\n", Debug(curl));
        Ok("CURL.Release", curl);

        // CAInfo alone puts the TLS on OpenSSL directly, which offers no ALPN here: HTTP/1.1 (see Curl/README.md).
        curl = New();
        Ok("CURL.SetOptionURL", curl, $"https://127.0.0.1:{nginx.TlsPort}/page.txt");
        Ok("CURL.SetOptionCAInfo", curl, nginx.CaPem);
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Equal("2", Ok("CURL.GetHTTPVersion", curl));
        Assert.Equal(Body, Ok("CURL.GetResultAsText", curl, "UTF-8", "1"));
        Ok("CURL.Release", curl);
        Assert.Equal([" HTTP/1.1 200", " HTTP/1.1 200"],
            nginx.Requests().Select(l => l[l.IndexOf(" HTTP", StringComparison.Ordinal)..]));
    }

    [Fact]
    public void PriorKnowledgeSpeaksHttp2WithoutTls()
    {
        using var nginx = new NginxH2("/page.txt", Body);
        var url = $"http://127.0.0.1:{nginx.PlainPort}/page.txt";
        Assert.Equal("2 200", CurlCli("-s", "-o", "/dev/null", "-w", "%{http_version} %{http_code}",
            "--http2-prior-knowledge", url));
        var curl = New();
        Ok("CURL.SetOptionURL", curl, url);
        Ok("CURL.SetOptionHTTPVersion", curl, "5"); // CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Equal("3", Ok("CURL.GetHTTPVersion", curl));
        Assert.Equal(Body, Ok("CURL.GetResultAsText", curl, "UTF-8", "1"));
        Ok("CURL.Release", curl);
        var ours = nginx.Requests().Skip(1).Select(l => l.Split(' ')).ToList();
        Assert.Equal([["2.0", "1"], ["2.0", "2"]], ours.Select(l => new[] { l[2]["HTTP/".Length..], l[1] }));
        Assert.Single(ours.Select(l => l[0]).Distinct());
    }

    [Fact]
    public void Http3AndUnknownVersionsAreRefused()
    {
        var curl = New();
        var h3 = Call("CURL.SetOptionHTTPVersion", curl, "30");
        Assert.True(h3.IsError);
        Assert.StartsWith("[MBS] HTTP/3 is not available", h3.Text);
        Assert.True(Call("CURL.SetOptionHTTPVersion", curl, "31").IsError);
        Assert.StartsWith("[MBS] CURL.SetOptionHTTPVersion takes 0 to 5",
            Call("CURL.SetOptionHTTPVersion", curl, "9").Text);
        Assert.Equal("OK", Ok("CURL.SetOptionHTTPVersion", curl, "4"));
        Assert.Equal("0", Ok("CURL.GetHTTPVersion", curl)); // no response yet
        Ok("CURL.Release", curl);
    }
}

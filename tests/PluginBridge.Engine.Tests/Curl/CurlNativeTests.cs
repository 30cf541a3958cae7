using System.Net;
using System.Net.Sockets;
using PluginBridge.Tests.Shared;
using Xunit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>The same transfers through the published NativeAOT library (pb_call), as a host calls them.</summary>
public class CurlNativeTests
{
    static string Mbs(string name, params string[] args) => NativePlugin.Ok(name, args);

    static (string Text, bool IsError) Perform(string url, params (string Option, string Value)[] options)
    {
        var curl = Mbs("CURL.New");
        try
        {
            Mbs("CURL.SetOptionURL", curl, url);
            foreach (var (option, value) in options) Mbs(option, curl, value);
            return NativePlugin.Call("CURL.Perform", curl);
        }
        finally { Mbs("CURL.Release", curl); }
    }

    [Fact]
    public void FaultsAreCurlStyleErrors()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var refused = Perform($"http://127.0.0.1:{port}/");
        Assert.True(refused.IsError);
        Assert.StartsWith($"7: Failed to connect to 127.0.0.1 port {port} after ", refused.Text);

        Assert.Equal(("6: Could not resolve host: nonexistent.invalid", true), Perform("http://nonexistent.invalid/"));

        using var silent = new LoopbackServer(async (s, c) => await Task.Delay(Timeout.Infinite, c));
        var timedOut = Perform($"http://127.0.0.1:{silent.Port}/", ("CURL.SetOptionTimeoutMS", "300"));
        Assert.True(timedOut.IsError);
        Assert.StartsWith("28: Operation timed out after ", timedOut.Text);

        using var cert = LoopbackServer.SelfSigned();
        using var tls = new LoopbackServer(async (s, c) =>
            { await Http.ReadAsync(s, c); await Http.RespondAsync(s, 200, "OK", "x"); }, cert);
        Assert.Equal(("60: SSL certificate problem: self-signed certificate", true),
            Perform($"https://127.0.0.1:{tls.Port}/"));
    }

    [Fact]
    public void BackgroundTransferFinishesAndKeepsItsResult()
    {
        using var server = new LoopbackServer(async (s, c) =>
            { await Http.ReadAsync(s, c); await Http.RespondAsync(s, 404, "Not Found", "{\"error\":\"none here\"}"); });
        var curl = Mbs("CURL.New");
        Mbs("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/missing");
        Assert.Equal("0", Mbs("CURL.PerformInBackground", curl));
        for (var i = 0; i < 200 && Mbs("CURL.IsRunning", curl) == "1"; i++) Thread.Sleep(25);
        Assert.Equal("0", Mbs("CURL.IsRunning", curl));
        Assert.Equal("404", Mbs("CURL.GetResponseCode", curl));
        Assert.Equal("{\"error\":\"none here\"}", Mbs("CURL.GetResultAsText", curl));
        Assert.Equal("0", Mbs("CURL.ErrorCode", curl));
        Mbs("CURL.Release", curl);
    }

    [Fact]
    public void ClientCertificateAndAwsSignatureThroughTheNativeLibrary()
    {
        var ca = TestPki.Ca("Native Test CA");
        var client = TestPki.Issue(ca, "CN=Native Client", server: false);
        using var files = new TestPki();
        var caFile = files.Write("ca.pem", TestPki.CertPem(ca));
        var p12 = files.Write("client.p12", TestPki.Pkcs12(client, "pw"));
        string? authorization = null;
        using var server = new LoopbackServer(async (s, cancel) =>
        {
            var r = await Http.ReadAsync(s, cancel);
            authorization = r.Headers.GetValueOrDefault("Authorization");
            await Http.RespondAsync(s, 200, "OK", "ok");
        }, TestPki.WithKey(TestPki.Issue(ca, "CN=127.0.0.1", server: true)), ca.Cert);

        var result = Perform($"https://127.0.0.1:{server.Port}/", ("CURL.SetOptionCAInfo", caFile),
            ("CURL.SetOptionSSLCert", p12), ("CURL.SetOptionSSLCertType", "P12"), ("CURL.SetOptionKeyPassword", "pw"),
            ("CURL.SetOptionAWSSigV4", "aws:amz:us-east-1:execute-api"), ("CURL.SetOptionUserName", "AKNATIVE"),
            ("CURL.SetOptionPassword", "secret"));
        Assert.Equal(("OK", false), result);
        Assert.Equal("CN=Native Client", Assert.Single(server.ClientSubjects));
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKNATIVE/", authorization);
    }
}

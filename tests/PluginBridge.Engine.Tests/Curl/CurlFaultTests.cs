using System.Net;
using System.Net.Sockets;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>Transport failures give curl's "code: message" (no "[MBS] " prefix, IsError 1), never a crash or a
/// hang.</summary>
[Collection("host")]
public class CurlFaultTests
{
    static (string Text, bool IsError) Perform(string url, params (string Option, string Value)[] options)
    {
        var curl = New();
        try
        {
            Ok("CURL.SetOptionURL", curl, url);
            foreach (var (option, value) in options) Ok(option, curl, value);
            var r = Call("CURL.Perform", curl);
            if (r.IsError)
            {
                Assert.Equal(r.Text, Ok("CURL.ErrorCode", curl) + ": " + Ok("CURL.ErrorMessage", curl));
                Assert.Contains(r.Text, Debug(curl));
            }
            return (r.Text, r.IsError);
        }
        finally { Ok("CURL.Release", curl); }
    }

    [Fact]
    public void ClosedPortIsCode7()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var (text, isError) = Perform($"http://127.0.0.1:{port}/");
        Assert.True(isError);
        Assert.Matches($@"^7: Failed to connect to 127\.0\.0\.1 port {port} after \d+ ms: Couldn't connect to server$",
            text);
    }

    [Fact]
    public void UnknownHostIsCode6()
    {
        var (text, isError) = Perform("http://nonexistent.invalid/");
        Assert.True(isError);
        Assert.Equal("6: Could not resolve host: nonexistent.invalid", text);
    }

    [Fact]
    public void ServerThatNeverAnswersTimesOutWith28()
    {
        using var server = new LoopbackServer(async (s, c) => await Task.Delay(Timeout.Infinite, c));
        var (text, isError) = Perform($"http://127.0.0.1:{server.Port}/", ("CURL.SetOptionTimeoutMS", "300"));
        Assert.True(isError);
        Assert.Matches(@"^28: Operation timed out after \d+ milliseconds with 0 bytes received$", text);
    }

    [Fact]
    public void SmtpServerThatNeverGreetsTimesOutWith28()
    {
        using var server = new LoopbackServer(async (s, c) => await Task.Delay(Timeout.Infinite, c));
        var (text, isError) = Perform($"smtp://127.0.0.1:{server.Port}/",
            ("CURL.SetOptionTimeoutMS", "300"), ("CURL.SetOptionMailRecipients", "<bob@example.test>"),
                ("CURL.SetInputText", "Subject: x\r\n\r\nhi\r\n"));
        Assert.True(isError);
        Assert.StartsWith("28: ", text);
    }

    [Fact]
    public void TlsHandshakeThatNeverCompletesTimesOutWith28()
    {
        using var server = new LoopbackServer(async (s, c) => await Task.Delay(Timeout.Infinite, c));
        var (text, isError) = Perform($"imaps://127.0.0.1:{server.Port}/INBOX", ("CURL.SetOptionTimeoutMS", "300"));
        Assert.True(isError);
        Assert.Matches(@"^28: Operation timed out after \d+ milliseconds", text);
    }

    [Fact]
    public void ServerThatHangsUpAtOnceIsAClearError()
    {
        using var server = new LoopbackServer((s, c) => Task.CompletedTask); // accept, then close
        Assert.Equal(("52: Empty reply from server", true), Perform($"http://127.0.0.1:{server.Port}/"));
        var smtp = Perform($"smtp://127.0.0.1:{server.Port}/", ("CURL.SetOptionMailRecipients", "<bob@example.test>"),
            ("CURL.SetInputText", "Subject: x\r\n\r\nhi\r\n"));
        Assert.True(smtp.IsError);
        Assert.StartsWith("56: Recv failure: ", smtp.Text);
        Assert.Equal(("56: Recv failure: the server closed the connection", true),
            Perform($"imap://127.0.0.1:{server.Port}/"));
    }

    [Fact]
    public void SelfSignedCertificateIsRefusedWith60()
    {
        using var cert = LoopbackServer.SelfSigned();
        using var server = new LoopbackServer(async (s, c) =>
            { await Http.ReadAsync(s, c); await Http.RespondAsync(s, 200, "OK", "secret page"); }, cert);
        var (text, isError) = Perform($"https://127.0.0.1:{server.Port}/");
        Assert.True(isError);
        Assert.Equal("60: SSL certificate problem: self-signed certificate", text);
    }

    [Fact]
    public void VerifyPeerZeroAcceptsTheCertificate()
    {
        using var cert = LoopbackServer.SelfSigned();
        using var server = new LoopbackServer(async (s, c) =>
            { await Http.ReadAsync(s, c); await Http.RespondAsync(s, 200, "OK", "page"); }, cert);
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"https://127.0.0.1:{server.Port}/");
        Ok("CURL.SetOptionSSLVerifyPeer", curl, "0");
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Equal("page", Ok("CURL.GetResultAsText", curl));
        var debug = Debug(curl);
        Assert.Contains("SSL certificate verify result: self-signed certificate, continuing anyway.", debug);
        Assert.Contains(" subject: CN=PluginBridge Test", debug);
        // h2 was offered; the server took none of ALPN's offers, so HTTP/1.1 went out and the transcript says so.
        Assert.Contains("ALPN: offers h2,http/1.1", debug);
        Assert.Contains("GET / HTTP/1.1", debug);
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void CAInfoTrustsExactlyThatCa()
    {
        using var cert = LoopbackServer.SelfSigned();
        var pem = LoopbackServer.WritePem(cert);
        try
        {
            using var server = new LoopbackServer(async (s, c) =>
                { await Http.ReadAsync(s, c); await Http.RespondAsync(s, 200, "OK", "page"); }, cert);
            var curl = New();
            Ok("CURL.SetOptionURL", curl, $"https://127.0.0.1:{server.Port}/");
            Ok("CURL.SetOptionCAInfo", curl, pem);
            Ok("CURL.SetOptionSSLVersion", curl, "6");
            Assert.Equal("OK", Ok("CURL.Perform", curl));
            var debug = Debug(curl);
            Assert.Contains("SSL certificate verify ok.", debug);
            Assert.Matches(@"SSL connection using TLSv1\.[23] / TLS_", debug);
            Ok("CURL.Release", curl);
        }
        finally { File.Delete(pem); }
    }

    [Fact]
    public void HostNameMismatchIs60UnlessVerifyHostIsZero()
    {
        using var cert = LoopbackServer.SelfSigned(withLoopbackIp: false, dnsName: "mail.example.invalid");
        var pem = LoopbackServer.WritePem(cert);
        try
        {
            using var server = new LoopbackServer(async (s, c) =>
                { await Http.ReadAsync(s, c); await Http.RespondAsync(s, 200, "OK", "page"); }, cert);
            var url = $"https://127.0.0.1:{server.Port}/";
            var (text, isError) = Perform(url, ("CURL.SetOptionCAInfo", pem));
            Assert.True(isError);
            Assert.Equal("60: SSL: no alternative certificate subject name matches the target host name", text);
            Assert.Equal(("OK", false),
                Perform(url, ("CURL.SetOptionCAInfo", pem), ("CURL.SetOptionSSLVerifyHost", "0")));
        }
        finally { File.Delete(pem); }
    }

    [Fact]
    public void UnsupportedSchemeAndMissingUrl()
    {
        Assert.Equal(("1: Protocol \"sftp\" not supported", true), Perform("sftp://127.0.0.1/"));
        Assert.Equal(("3: No URL set (CURL.SetOptionURL)", true), Perform(""));
    }
}

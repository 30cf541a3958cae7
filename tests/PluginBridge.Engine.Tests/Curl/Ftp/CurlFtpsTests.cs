using System.Globalization;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;
using static PluginBridge.Engine.Tests.Curl.Ftp.CurlFtpTests;

namespace PluginBridge.Engine.Tests.Curl.Ftp;

/// <summary>FTPS against pyftpdlib's TLS handler (which requires TLS on control and data connections), with the
/// server's certificate verified against a test CA as for every other protocol.</summary>
[Collection("host")]
public class CurlFtpsTests
{
    [Fact]
    public void ExplicitTlsProtectsLoginAndDataAndVerifiesTheCertificate()
    {
        using var peer = new FtpPeer("explicit");
        peer.Write("secure.txt", "over TLS");
        var curl = FtpHandle(peer, "secure.txt");
        Ok("CURL.SetOptionUseSSL", curl, "3");
        Ok("CURL.SetOptionCAInfo", curl, peer.CaFile!);
        Perform(curl);
        Assert.Equal("over TLS", Result(curl));
        var debug = Debug(curl);
        foreach (var line in new[] { "AUTH TLS", "234 AUTH TLS successful.", "SSL certificate verify ok.", "PBSZ 0",
            "PROT P", "RETR secure.txt" })
            Assert.Contains(line + "\n", debug);
        Assert.True(debug.IndexOf("AUTH TLS", StringComparison.Ordinal) < debug.IndexOf("USER alice",
            StringComparison.Ordinal));

        Ok("CURL.SetOptionUpload", curl, "1");
        Ok("CURL.SetInputText", curl, "stored over TLS");
        Ok("CURL.SetOptionURL", curl, peer.Url("up.txt"));
        Perform(curl);
        Assert.Equal("stored over TLS", File.ReadAllText(peer.PathOf("up.txt")));
        Ok("CURL.Release", curl);
        // (curl 7.88's command line cannot be the second client here: pyftpdlib resets its TLS data connections.)
    }

    static double[] Phases(string curl) => new[] { "NameLookup", "Connect", "AppConnect", "PreTransfer",
        "StartTransfer", "Total" }.Select(p => double.Parse(Ok($"CURL.Get{p}Time", curl), CultureInfo.InvariantCulture))
            .ToArray();

    [Theory]
    [InlineData("plain")]
    [InlineData("explicit")]
    [InlineData("implicit")]
    public void PhaseTimesFollowEachOtherAndAKeptConnectionHasNoConnectPhases(string mode)
    {
        using var peer = new FtpPeer(mode);
        peer.Write("t.txt", "timed");
        var curl = FtpHandle(peer, "t.txt");
        if (mode == "explicit") Ok("CURL.SetOptionUseSSL", curl, "3");
        if (peer.CaFile is { } ca) Ok("CURL.SetOptionCAInfo", curl, ca);
        Perform(curl);
        var t = Phases(curl); // lookup, connect, app connect, pre transfer, start transfer, total
        var tls = mode != "plain";
        Assert.True(t[0] > 0 && t[0] <= t[1] && (tls ? t[1] <= t[2] && t[2] <= t[3] : t[2] == 0)
            && t[1] <= t[3] && t[3] <= t[4] && t[4] <= t[5], string.Join(' ', t));

        Perform(curl); // on the kept control connection: curl reports no lookup, connect or TLS handshake
        Assert.Contains("Re-using existing connection #0", Debug(curl));
        t = Phases(curl);
        Assert.True(t[0] == 0 && t[1] == 0 && t[2] == 0 && t[3] > 0 && t[3] <= t[4] && t[4] <= t[5],
            string.Join(' ', t));
        Assert.Equal("timed", Result(curl));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void AnUntrustedCertificateIsRefusedBeforeTheLogin()
    {
        using var peer = new FtpPeer("explicit");
        var curl = FtpHandle(peer, "x.txt");
        Ok("CURL.SetOptionUseSSL", curl, "3");
        var refused = Call("CURL.Perform", curl);
        Assert.Equal("60: SSL certificate problem: self-signed certificate", refused.Text);
        Assert.DoesNotContain("USER", Debug(curl));

        Ok("CURL.SetOptionUseSSL", curl, "0"); // the server requires TLS: its refusal comes back
        Assert.StartsWith("67: Access denied: 550 (550 SSL/TLS required", Call("CURL.Perform", curl).Text);
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void ImplicitFtpsSpeaksTlsFromTheFirstByte()
    {
        using var peer = new FtpPeer("implicit");
        peer.Write("dir/i.txt", "implicit");
        var curl = FtpHandle(peer, "dir/i.txt");
        Ok("CURL.SetOptionCAInfo", curl, peer.CaFile!);
        Perform(curl);
        Assert.Equal("implicit", Result(curl));
        var debug = Debug(curl);
        Assert.True(debug.IndexOf("SSL certificate verify ok.", StringComparison.Ordinal)
            < debug.IndexOf("220 pyftpdlib", StringComparison.Ordinal));
        Assert.DoesNotContain("AUTH", debug);
        Assert.Contains("PROT P\n", debug);
        Ok("CURL.Release", curl);
    }
}

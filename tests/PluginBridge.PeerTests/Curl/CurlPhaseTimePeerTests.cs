using System.Globalization;
using PluginBridge.Tests.Shared;

namespace PluginBridge.PeerTests.Curl;

/// <summary>curl's phase timings and the certificate chain through the published native library, against Postfix
/// and Dovecot over STARTTLS: the handshake after the plain connect is the app-connect phase.</summary>
[Collection("Peers")]
public sealed class CurlPhaseTimePeerTests(Peers peers)
{
    static string Mbs(string name, params string[] args) => NativePlugin.Ok(name, args);

    static double Time(string curl, string phase) =>
        double.Parse(Mbs($"CURL.Get{phase}Time", curl), CultureInfo.InvariantCulture);

    static void AssertOrdered(string curl)
    {
        var times = new[] { "NameLookup", "Connect", "AppConnect", "PreTransfer", "StartTransfer", "Total" }
            .Select(p => Time(curl, p)).ToArray();
        Assert.True(times[0] > 0 && times.Zip(times.Skip(1)).All(p => p.First < p.Second || p.First == p.Second),
            "phases out of order: " + string.Join(" ", times));
        Assert.True(times[1] < times[2], "STARTTLS handshake after the TCP connect: " + string.Join(" ", times));
    }

    [Fact]
    public async Task Smtp_and_imap_over_STARTTLS_time_their_phases_and_keep_the_servers_chain()
    {
        var token = (await peers.OAuth.GetTokensAsync()).AccessToken;
        var smtp = Mbs("CURL.New");
        Mbs("CURL.SetOptionURL", smtp, peers.SmtpUrl);
        Mbs("CURL.SetOptionUseSSL", smtp, "3");
        Mbs("CURL.SetOptionUserName", smtp, peers.User);
        Mbs("CURL.SetOptionXOAuth2Bearer", smtp, token);
        Mbs("CURL.SetOptionMailFrom", smtp, peers.User);
        Mbs("CURL.SetOptionMailRecipients", smtp, peers.User);
        Mbs("CURL.SetInputText", smtp, $"From: {peers.User}\r\nTo: {peers.User}\r\nSubject: timing\r\n\r\nhi\r\n");
        Mbs("CURL.SetOptionCertInfo", smtp, "1");
        Assert.Equal("OK", Mbs("CURL.Perform", smtp));
        AssertOrdered(smtp);
        var chain = Mbs("CURL.GetCertInfo", smtp);
        Assert.StartsWith("Subject:", chain);
        Assert.Contains("\rCert:-----BEGIN CERTIFICATE-----\r", chain);
        Mbs("CURL.Release", smtp);

        var imap = Mbs("CURL.New");
        Mbs("CURL.SetOptionURL", imap, $"imap://{peers.ImapHost}:{peers.ImapPort}/");
        Mbs("CURL.SetOptionUseSSL", imap, "3");
        Mbs("CURL.SetOptionUserName", imap, peers.User);
        Mbs("CURL.SetOptionXOAuth2Bearer", imap, token);
        Assert.Equal("OK", Mbs("CURL.Perform", imap));
        AssertOrdered(imap);
        Assert.Equal("OK", Mbs("CURL.Perform", imap)); // the kept, logged-in session
        Assert.Equal((0d, 0d, 0d), (Time(imap, "NameLookup"), Time(imap, "Connect"), Time(imap, "AppConnect")));
        Assert.True(Time(imap, "PreTransfer") > 0 && Time(imap, "PreTransfer") <= Time(imap, "StartTransfer"));
        Mbs("CURL.Release", imap);
    }
}

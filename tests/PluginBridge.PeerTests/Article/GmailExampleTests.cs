namespace PluginBridge.PeerTests.Article;

/// <summary>examples/gmail-smtp: the same flow with Google's endpoint shapes (/o/oauth2/v2/auth, /token,
/// access_type=offline), pointed at the local authorization server and Postfix.</summary>
[Collection("Peers")]
public sealed class GmailExampleTests(Peers peers)
{
    [Fact]
    public async Task Sign_in_with_access_type_offline_send_and_refresh()
    {
        using var gmail = new ExampleFile(peers, "gmail-smtp", "Gmail oAuth SMTP");
        var issuer = peers.Issuer.AbsoluteUri.TrimEnd('/');

        var start = await gmail.RunAsync("Start", new Dictionary<string, string>
        {
            ["ClientID"] = peers.ClientId, ["ClientSecret"] = peers.ClientSecret,
            ["Auth URL"] = issuer + "/o/oauth2/v2/auth", ["Token URL"] = issuer + "/token",
        });
        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.Equal("", await gmail.FieldAsync("Last Error"));
        Assert.Equal("https://mail.google.com/", await gmail.FieldAsync("scope_requested"));
        Assert.NotEqual("", await gmail.FieldAsync("refresh_token"));  // access_type=offline

        var send = await gmail.RunAsync("Send Email", new Dictionary<string, string>
        {
            ["Mail Server"] = peers.SmtpHost, ["Mail Port"] = peers.SmtpPort.ToString(),
            ["From Email"] = peers.User, ["From Name"] = "Alice", ["To Email"] = peers.User, ["To Name"] = "Alice",
            ["Subject"] = "gmail example " + Guid.NewGuid().ToString("N")[..8], ["Email Text"] = "Hello.",
        });
        Assert.True(send.ExitCode == 0, send.ToString());
        Assert.Equal("OK", await gmail.FieldAsync("Send Result"));

        var before = await gmail.FieldAsync("access_token");
        var refresh = await gmail.RunAsync("Refresh Token");
        Assert.True(refresh.ExitCode == 0, refresh.ToString());
        Assert.Equal("", await gmail.FieldAsync("Last Error"));
        var after = await gmail.FieldAsync("access_token");
        Assert.NotEqual(before, after);
        Assert.True((await peers.OAuth.IntrospectAsync(after)).GetProperty("active").GetBoolean());
    }
}

namespace PluginBridge.PeerTests.Article;

/// <summary>examples/office365-imap on its own: its sign-in (IMAP scope), then List Messages with its own
/// token.</summary>
[Collection("Peers")]
public sealed class Office365ImapExampleTests(Peers peers)
{
    [Fact]
    public async Task Sign_in_with_the_IMAP_scope_then_list_and_read_INBOX()
    {
        using var imap = new ExampleFile(peers, "office365-imap", "Office 365 oAuth IMAP");

        var start = await imap.RunAsync("Start", new Dictionary<string, string>
        {
            ["ClientID"] = peers.ClientId, ["TenantID"] = peers.Tenant, ["ClientSecret"] = peers.ClientSecret,
            ["Login Host"] = peers.LoginHost,
        });
        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.Equal("", await imap.FieldAsync("Last Error"));
        Assert.Equal("offline_access https://outlook.office365.com/IMAP.AccessAsUser.All",
            await imap.FieldAsync("scope_requested"));

        // Something to find: one message sent with a token from the fixture (curl as the independent client).
        var subject = "imap example " + Guid.NewGuid().ToString("N")[..8];
        var message = Path.Combine(Path.GetTempPath(), subject.Replace(' ', '-') + ".eml");
        await File.WriteAllTextAsync(message,
            $"From: {peers.User}\r\nTo: {peers.User}\r\nSubject: {subject}\r\n\r\nHello IMAP.\r\n");
        try
        {
            var sent = await CurlCli.RunAsync("--cacert", peers.CaFile, "--ssl-reqd", peers.SmtpUrl, "--mail-from",
                peers.User,
                "--mail-rcpt", peers.User, "--user", peers.User + ":", "--oauth2-bearer",
                    (await peers.OAuth.GetTokensAsync()).AccessToken, "-T", message);
            Assert.True(sent.ExitCode == 0, sent.Error);
        }
        finally { File.Delete(message); }

        var fields = new Dictionary<string, string>
        {
            ["User Email"] = peers.User, ["IMAP Server"] = peers.ImapHost, ["IMAP Port"] = peers.ImapsPort.ToString(),
                ["Search"] = subject,
        };
        var uid = "";
        for (var attempt = 0; attempt < 20 && uid == ""; attempt++)
        {
            if (attempt > 0) await Task.Delay(250);
            var list = await imap.RunAsync("List Messages", fields);
            Assert.True(list.ExitCode == 0, list.ToString());
            Assert.Equal("", await imap.FieldAsync("Last Error"));
            uid = await imap.FieldAsync("Message UID");
        }
        Assert.Matches(@"^\d+$", uid);
        var read = await imap.RunAsync("Read Message");
        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.Contains("Hello IMAP.", await imap.FieldAsync("Message"));
    }

    [Fact]
    public async Task A_bad_token_is_refused_with_the_servers_answer()
    {
        using var imap = new ExampleFile(peers, "office365-imap", "Office 365 oAuth IMAP");

        var list = await imap.RunAsync("List Messages", new Dictionary<string, string>
        {
            ["access_token"] = "not-a-token", ["User Email"] = peers.User,
            ["IMAP Server"] = peers.ImapHost, ["IMAP Port"] = peers.ImapsPort.ToString(),
        });

        Assert.True(list.ExitCode == 0, list.ToString());
        var error = await imap.FieldAsync("Last Error");
        Assert.StartsWith("Failed to search INBOX.", error);
        Assert.Contains("67", error);  // curl's "login denied"
        Assert.Equal("", await imap.FieldAsync("Message UID"));
    }
}

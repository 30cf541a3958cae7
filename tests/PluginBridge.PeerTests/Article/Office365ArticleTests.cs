namespace PluginBridge.PeerTests.Article;

/// <summary>
/// The article "SMTP with OAuth for Office 365 in FileMaker" end to end: its scripts (examples/office365-smtp and
/// examples/office365-imap) run in our host, through the real native library, against the local authorization
/// server, Postfix and Dovecot, with headless Chromium completing the sign-in pages.
/// Needs the published host and plugin (./build.sh) and the running peers (tests/e2e/run.sh does both).
/// </summary>
[Collection("Peers")]
public sealed class Office365ArticleTests(Peers peers)
{
    const string Table = "Office 365 oAuth SMTP";
    const string Office365Smtp = "office365-smtp", Office365SmtpSaxml = "office365-smtp/saxml/office365-smtp.xml",
        Office365SmtpSnippet = "office365-smtp/fmxmlsnippet/office365-smtp.xml";
    const string SmtpAndImap =
        "offline_access https://outlook.office365.com/SMTP.Send https://outlook.office365.com/IMAP.AccessAsUser.All";

    Dictionary<string, string> AppFields(string? secret = null) => new()
    {
        ["ClientID"] = peers.ClientId,
        ["TenantID"] = peers.Tenant,
        ["ClientSecret"] = secret ?? peers.ClientSecret,
        ["Login Host"] = peers.LoginHost,
        ["Scope"] = SmtpAndImap,
    };

    /// <summary>
    /// Through both doors: the plug-in library (pluginbridge.h) and PluginBridge.fmx (FileMaker's plug-in ABI); and the
    /// same scripts as a "Save a Copy as XML" export (its fields typed by its table catalog) and as the clipboard's
    /// fmxmlsnippet, which must do the same.
    /// </summary>
    [Theory]
    [InlineData(Doors.Library, Office365Smtp)]
    [InlineData(Doors.FileMaker, Office365Smtp)]
    [InlineData(Doors.Library, Office365SmtpSaxml)]
    [InlineData(Doors.Library, Office365SmtpSnippet)]
    public async Task Sign_in_send_read_back_and_refresh_as_the_article_does(string door, string example)
    {
        using var smtp = new ExampleFile(peers, example, Table, door);
        var subject = "PluginBridge article e2e " + Guid.NewGuid().ToString("N")[..12];

        // Start: WebHook on :9999, Chromium signs in, WebHookReceived checks the state, the code is exchanged.
        var start = await smtp.RunAsync("Start", AppFields());
        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.Equal("", await smtp.FieldAsync("Last Error"));
        var accessToken = await smtp.FieldAsync("access_token");
        var introspection = await peers.OAuth.IntrospectAsync(accessToken);
        Assert.True(introspection.GetProperty("active").GetBoolean(),
            $"stored access token not active: {introspection}\n{start}");
        Assert.Equal(peers.User, introspection.GetProperty("email").GetString());

        // The book-keeping the article asks for.
        Assert.NotEqual("", await smtp.FieldAsync("refresh_token"));
        Assert.Equal("3600", await smtp.EvalAsync($"{Table}::access_token_expires - {Table}::access_token_received"));
        Assert.Equal("1",
            await smtp.EvalAsync($"Abs ( Get ( CurrentTimestamp ) - {Table}::access_token_received ) < 120"));
        Assert.Contains("https://outlook.office365.com/SMTP.Send", await smtp.FieldAsync("scope"));
        Assert.Equal(SmtpAndImap, await smtp.FieldAsync("scope_requested"));
        Assert.Equal("", await smtp.FieldAsync("State"));  // used once

        // Send Email: STARTTLS + XOAUTH2 to Postfix, which asks Dovecot, which asks the authorization server.
        var mail = new Dictionary<string, string>
        {
            ["Mail Server"] = peers.SmtpHost, ["Mail Port"] = peers.SmtpPort.ToString(),
            ["From Email"] = peers.User, ["From Name"] = "Alice Example", ["To Email"] = peers.User,
                ["To Name"] = "Alice",
            ["Subject"] = subject, ["Email Text"] = "Sent by the article's scripts.",
        };
        var send = await smtp.RunAsync("Send Email", mail);
        Assert.True(send.ExitCode == 0, send.ToString());
        Assert.Equal("OK", await smtp.FieldAsync("Send Result"));
        Assert.DoesNotContain(accessToken, await smtp.FieldAsync("CURL Debug"));

        // The message arrives: read back by the IMAP example with the same token (its scope has IMAP too).
        var message = await ReadBackAsync(accessToken, subject, door);
        Assert.Contains("Sent by the article's scripts.", message);

        // Refresh Token: a new access token, and it works for sending.
        var refresh = await smtp.RunAsync("Refresh Token");
        Assert.True(refresh.ExitCode == 0, refresh.ToString());
        Assert.Equal("", await smtp.FieldAsync("Last Error"));
        var refreshed = await smtp.FieldAsync("access_token");
        Assert.NotEqual(accessToken, refreshed);
        Assert.True((await peers.OAuth.IntrospectAsync(refreshed)).GetProperty("active").GetBoolean());
        var second = await smtp.RunAsync("Send Email",
            new Dictionary<string, string> { ["Subject"] = subject + " (refreshed)" });
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("OK", await smtp.FieldAsync("Send Result"));
        Assert.Contains("Sent by the article's scripts.",
            await ReadBackAsync(refreshed, subject + " (refreshed)", door));
    }

    [Fact]
    public async Task A_wrong_client_secret_shows_the_providers_error_description()
    {
        using var smtp = new ExampleFile(peers, "office365-smtp", Table);

        var start = await smtp.RunAsync("Start", AppFields(secret: "not-the-secret"));

        Assert.True(start.ExitCode == 0, start.ToString());
        var error = await smtp.FieldAsync("Last Error");
        Assert.Contains("Failed to query token.", error);
        Assert.Contains("invalid_client: client authentication failed", error);
        Assert.Contains("client authentication failed", start.Output);  // the dialog the user sees
        Assert.Equal("", await smtp.FieldAsync("access_token"));
    }

    [Fact]
    public async Task An_answer_with_a_wrong_state_is_refused_and_its_code_not_used()
    {
        using var smtp = new ExampleFile(peers, "office365-smtp", Table);

        var start = await smtp.RunAsync("Start", AppFields(),
            new Dictionary<string, string?> { ["PB_LOGIN_STATE"] = "forged-state" });

        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.Contains("state does not match", await smtp.FieldAsync("Last Error"));
        Assert.Contains("forged-state", await smtp.FieldAsync("Answer"));
        Assert.Equal("", await smtp.FieldAsync("CURL Result"));  // no token request was made
        Assert.Equal("", await smtp.FieldAsync("access_token"));
    }

    /// <summary>examples/office365-imap: search INBOX for the subject (delivery is asynchronous: up to 20 tries), fetch
    /// it.</summary>
    async Task<string> ReadBackAsync(string accessToken, string subject, string door)
    {
        using var imap = new ExampleFile(peers, "office365-imap", "Office 365 oAuth IMAP", door);
        var fields = new Dictionary<string, string>
        {
            ["access_token"] = accessToken, ["User Email"] = peers.User,
            ["IMAP Server"] = peers.ImapHost, ["IMAP Port"] = peers.ImapsPort.ToString(), ["Search"] = subject,
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
        Assert.True(uid != "", $"message '{subject}' not found in INBOX");
        var read = await imap.RunAsync("Read Message");
        Assert.True(read.ExitCode == 0, read.ToString());
        var message = await imap.FieldAsync("Message");
        Assert.Contains($"Subject: {subject}", message);
        return message;
    }
}

using System.Text.Json;

namespace PluginBridge.PeerTests;

/// <summary>The peers themselves work: the authorization server issues and checks tokens, Postfix and Dovecot
/// accept them (curl as the client) and refuse bad ones. If these fail, plugin tests against the peers cannot
/// pass.</summary>
[Collection("Peers")]
public sealed class PeersSmokeTests(Peers peers)
{
    [Fact]
    public async Task Sign_in_yields_tokens_that_introspection_reports_active_for_the_user()
    {
        var tokens = await peers.OAuth.GetTokensAsync();

        Assert.Equal("Bearer", tokens.TokenType);
        Assert.True(tokens.ExpiresIn > 0, tokens.Json);
        Assert.False(string.IsNullOrEmpty(tokens.RefreshToken),
            $"offline_access without prompt=consent must give a refresh token: {tokens.Json}");
        Assert.Contains("https://outlook.office365.com/SMTP.Send", tokens.Scope);
        var introspection = await peers.OAuth.IntrospectAsync(tokens.AccessToken);
        Assert.True(introspection.GetProperty("active").GetBoolean(), introspection.ToString());
        Assert.Equal(peers.User, introspection.GetProperty("email").GetString());
        Assert.Equal(peers.ClientId, introspection.GetProperty("client_id").GetString());
    }

    [Fact]
    public async Task Refresh_gives_a_new_active_access_token_and_revocation_deactivates_it()
    {
        var tokens = await peers.OAuth.GetTokensAsync();

        var refreshed = await peers.OAuth.RefreshAsync(tokens.RefreshToken!);

        Assert.NotEqual(tokens.AccessToken, refreshed.AccessToken);
        Assert.True((await peers.OAuth.IntrospectAsync(refreshed.AccessToken)).GetProperty("active").GetBoolean());
        await peers.OAuth.RevokeAsync(refreshed.AccessToken);
        Assert.False((await peers.OAuth.IntrospectAsync(refreshed.AccessToken)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task A_wrong_client_secret_is_refused_with_an_error_description()
    {
        var code = await peers.OAuth.GetAuthorizationCodeAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => peers.OAuth.TokenRequestAsync(new()
        {
            ["code"] = code, ["client_id"] = peers.ClientId, ["client_secret"] = "wrong-secret",
            ["grant_type"] = "authorization_code", ["redirect_uri"] = peers.RedirectUri,
        }));

        Assert.Contains("401", error.Message);
        Assert.Contains("\"error\":\"invalid_client\"", error.Message);
        Assert.Contains("error_description", error.Message);
    }

    [Fact]
    public async Task Postfix_accepts_a_token_delivers_to_Dovecot_and_both_refuse_a_bad_token()
    {
        var token = (await peers.OAuth.GetTokensAsync()).AccessToken;
        var subject = "peers smoke " + Guid.NewGuid().ToString("N");
        var message = Path.Combine(Path.GetTempPath(), subject.Replace(' ', '-') + ".eml");
        await File.WriteAllTextAsync(message,
            $"From: {peers.User}\r\nTo: {peers.User}\r\nSubject: {subject}\r\n\r\nHello.\r\n");
        try
        {
            var sent = await CurlCli.RunAsync("--cacert", peers.CaFile, "--ssl-reqd", peers.SmtpUrl,
                "--mail-from", peers.User, "--mail-rcpt", peers.User, "--user", peers.User + ":", "--oauth2-bearer",
                    token, "-T", message);
            Assert.True(sent.ExitCode == 0, sent.Error);

            var found = await SearchUntilFoundAsync(token, subject);
            Assert.Matches(@"^\* SEARCH \d+", found);

            var smtpRefused = await CurlCli.RunAsync("--cacert", peers.CaFile, "--ssl-reqd", peers.SmtpUrl, "-v",
                "--mail-from", peers.User, "--mail-rcpt", peers.User, "--user", peers.User + ":", "--oauth2-bearer",
                    "not-a-token", "-T", message);
            Assert.Equal(67, smtpRefused.ExitCode);
            Assert.Contains("535 5.7.8", smtpRefused.Error);
            var imapRefused = await CurlCli.RunAsync("--cacert", peers.CaFile, "--user", peers.User + ":",
                "--oauth2-bearer", "not-a-token", peers.ImapsUrl + "/INBOX", "-X", "SEARCH ALL");
            Assert.Equal(67, imapRefused.ExitCode);
        }
        finally { File.Delete(message); }
    }

    /// <summary>Delivery over LMTP is asynchronous: poll the mailbox, at most 20 times.</summary>
    async Task<string> SearchUntilFoundAsync(string token, string subject)
    {
        var last = "";
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var search =
                await CurlCli.RunAsync("--cacert", peers.CaFile, "--user", peers.User + ":", "--oauth2-bearer", token,
                peers.ImapsUrl + "/INBOX", "-X", $"SEARCH SUBJECT \"{subject}\"");
            Assert.True(search.ExitCode == 0, search.Error);
            last = search.Output.Trim();
            if (last != "* SEARCH") return last;
            await Task.Delay(250);
        }
        return last;
    }
}

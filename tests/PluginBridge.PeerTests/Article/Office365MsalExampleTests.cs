namespace PluginBridge.PeerTests.Article;

/// <summary>
/// examples/office365-msal in the host: sign in once through MSAL (a public client, headless Chromium as the
/// browser, the redirect caught on the plug-in's loopback port), then send with OAuth.GetAccessToken and read the
/// message back over Dovecot: the token book, not a field, carries the tokens between the runs.
/// </summary>
[Collection("Peers")]
public sealed class Office365MsalExampleTests(Peers peers) : IDisposable
{
    const string Table = "Office 365 MSAL";
    readonly string store = Path.Combine(Directory.CreateTempSubdirectory("pb-msal-").FullName, "o365.tokens");

    Dictionary<string, string?> Environment() => new()
    {
        ["PLUGINBRIDGE_TOKEN_KEY_FILE"] = Path.Combine(Path.GetDirectoryName(store)!, "token-book.key"),
    };

    [Fact]
    public async Task Sign_in_once_then_send_with_the_token_from_the_token_book()
    {
        using var file = new ExampleFile(peers, "office365-msal", Table);
        var app = new Dictionary<string, string>
        {
            ["ClientID"] = "oauth-public", ["TenantID"] = peers.Tenant, ["Login Host"] = peers.LoginHost,
                ["Token Store"] = store,
        };

        var signIn = await file.RunAsync("Sign In", app, Environment());

        Assert.True(signIn.ExitCode == 0, signIn.ToString());
        Assert.Equal("", await file.FieldAsync("Last Error"));
        Assert.Equal(peers.User, await file.FieldAsync("Account"));
        Assert.True(File.Exists(store));

        var subject = "MSAL example " + Guid.NewGuid().ToString("N")[..12];
        var send = await file.RunAsync("Send Email", new Dictionary<string, string>
        {
            ["To Email"] = peers.User, ["Subject"] = subject, ["Email Text"] = "Sent with a token from the token book.",
            ["Mail Server"] = peers.SmtpHost, ["Mail Port"] = peers.SmtpPort.ToString(),
        }, Environment());

        Assert.True(send.ExitCode == 0, send.ToString());
        Assert.Equal("OK", await file.FieldAsync("Send Result"));
        Assert.Equal("", await file.FieldAsync("Last Error"));
        Assert.DoesNotContain("access_token", await File.ReadAllTextAsync(store)); // encrypted at rest
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(store)!, recursive: true);
}

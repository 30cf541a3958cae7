using PluginBridge.PeerTests.Article;
using Xunit.Abstractions;

namespace PluginBridge.PeerTests.OAuth;

/// <summary>
/// The token book shared by separate host processes (each one a fresh load of the plug-in), and the cold start of
/// the first OAuth call in such a process, printed for the report (not asserted: no timed tests).
/// </summary>
[Collection("Peers")]
public sealed class OAuthHostProcessTests(Peers peers, ITestOutputHelper output) : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("pb-oauth-host-").FullName;

    /// <summary>A one-script "file" that opens the book, runs <paramref name="call"/> and reports the token and the
    /// times.</summary>
    async Task<Run> RunAsync(string provider, string client, string secret, string call)
    {
        var folder = Path.Combine(dir, "file");
        Directory.CreateDirectory(folder);
        var authority = provider == "Microsoft" ? $"Set Variable [ $r ; Value: MBS(\"OAuth.SetAuthority\"; $o; " +
            $"\"{peers.Issuer.AbsoluteUri.TrimEnd('/')}\") ]\n" : "";
        await File.WriteAllTextAsync(Path.Combine(folder, "Run.fmscript"),
            "Set Variable [ $t0 ; Value: Get ( CurrentTimeUTCMilliseconds ) ]\n" +
            $"Set Variable [ $o ; Value: MBS(\"OAuth.New\"; \"{provider}\") ]\n" + authority +
            $"Set Variable [ $r ; Value: MBS(\"OAuth.SetClient\"; $o; \"{client}\"; \"{secret}\") ]\n" +
            "Set Variable [ $r ; Value: MBS(\"OAuth.SetScopes\"; $o; \"mail\") ]\n" +
            $"Set Variable [ $r ; Value: MBS(\"OAuth.SetTokenStore\"; $o; \"{Path.Combine(dir, "book")}\") ]\n" +
            $"Set Variable [ $first ; Value: MBS(\"{call}\"; $o) ]\n" +
            "Set Variable [ $t1 ; Value: Get ( CurrentTimeUTCMilliseconds ) ]\n" +
            "Set Variable [ $token ; Value: MBS(\"OAuth.GetAccessToken\"; $o) ]\n" +
            "Set Variable [ $t2 ; Value: Get ( CurrentTimeUTCMilliseconds ) ]\n" +
            "Show Custom Dialog [ \"result\" ; \"RESULT|\" & $first & \"|\" & $token & \"|\" & ($t1 - $t0) & \"|\" & " +
                "($t2 - $t1) & \"|\" ]\n");
        var result =
            await HostProcess.RunAsync(["run", folder, "--script", "Run", "--db", Path.Combine(dir, "fields.sqlite")],
            new Dictionary<string, string?> { ["SSL_CERT_FILE"] = peers.CaBundle,
                ["PLUGINBRIDGE_TOKEN_KEY_FILE"] = Path.Combine(dir, "key") });
        Assert.True(result.ExitCode == 0, result.ToString());
        var parts = result.Output.Split('\n').Last(l => l.Contains("RESULT|")).Split('|');
        return new Run(parts[1], parts[2], parts[3], parts[4]);
    }

    [Fact]
    public async Task Processes_share_the_token_book_and_an_expired_app_token_is_renewed_once()
    {
        var grantsBefore = await peers.OAuth.GrantCountAsync("oauth-short", "client_credentials");
        var first = await RunAsync(peers.Issuer.AbsoluteUri.TrimEnd('/'), "oauth-short", "oauth-short-secret",
            "OAuth.ClientCredentials");
        Assert.Equal("OK", first.First);
        var second = await RunAsync(peers.Issuer.AbsoluteUri.TrimEnd('/'), "oauth-short", "oauth-short-secret",
            "OAuth.Accounts");
        Assert.Equal("oauth-short", second.First);
        Assert.Equal(first.Token, second.Token); // read from the other process's book
        Assert.Equal(grantsBefore + 1, await peers.OAuth.GrantCountAsync("oauth-short", "client_credentials"));

        await Task.Delay(TimeSpan.FromSeconds(8.5)); // into the second half of the 15-second token
        var third = await RunAsync(peers.Issuer.AbsoluteUri.TrimEnd('/'), "oauth-short", "oauth-short-secret",
            "OAuth.Accounts");
        var fourth = await RunAsync(peers.Issuer.AbsoluteUri.TrimEnd('/'), "oauth-short", "oauth-short-secret",
            "OAuth.Accounts");
        Assert.NotEqual(first.Token, third.Token);
        Assert.Equal(third.Token, fourth.Token);
        Assert.Equal(grantsBefore + 2, await peers.OAuth.GrantCountAsync("oauth-short", "client_credentials"));
    }

    [Fact]
    public async Task Cold_start_of_the_first_OAuth_call_in_a_fresh_process()
    {
        var plain = await RunAsync(peers.Issuer.AbsoluteUri.TrimEnd('/'), "oauth-app", "oauth-app-secret",
            "OAuth.ClientCredentials");
        var msal = await RunAsync("Microsoft", "oauth-app", "oauth-app-secret", "OAuth.ClientCredentials");
        Assert.Equal("OK", plain.First);
        Assert.Equal("OK", msal.First);
        output.WriteLine($"cold start, first OAuth.ClientCredentials in a fresh host process (discovery + TLS + " +
            $"token): plain issuer {plain.FirstMs} ms, Microsoft through MSAL {msal.FirstMs} ms");
        output.WriteLine($"then OAuth.GetAccessToken from the book: {plain.TokenMs} ms / {msal.TokenMs} ms");
    }

    sealed record Run(string First, string Token, string FirstMs, string TokenMs);

    public void Dispose() => Directory.Delete(dir, recursive: true);
}

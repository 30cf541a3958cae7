using System.Runtime.InteropServices;
using PluginBridge.Tests.Shared;
using Xunit.Abstractions;

namespace PluginBridge.PeerTests.OAuth;

/// <summary>
/// The OAuth family through the published native library against oidc-provider (over https): sign-in with PKCE
/// caught on the plug-in's loopback listener (the "browser" is an HTTP client with a cookie jar driving the
/// provider's login and consent pages), Microsoft through MSAL on the provider's Entra-shaped routes, client
/// credentials, silent refresh counted at the provider, the token book on disk, and tokens that Dovecot and
/// Postfix accept.
/// </summary>
[Collection("Peers")]
public sealed class OAuthPeerTests(Peers peers, ITestOutputHelper output) : IDisposable
{
    const string App = "oauth-app", AppSecret = "oauth-app-secret", Short = "oauth-short",
        ShortSecret = "oauth-short-secret";

    static OAuthPeerTests() => OAuthTestKey.UseTemporaryKeyFile();

    readonly string dir = Directory.CreateTempSubdirectory("pb-oauth-").FullName;

    static string Mbs(string name, params string[] args) => NativePlugin.Ok(name, args);

    string Issuer => peers.Issuer.AbsoluteUri.TrimEnd('/');

    /// <summary>An OAuth handle on the plain issuer (discovery) or, for "Microsoft", MSAL on the Entra-shaped
    /// routes.</summary>
    string NewHandle(string provider, string client, string secret, string scopes = "mail", string store = "book")
    {
        var o = Mbs("OAuth.New", provider);
        if (provider == "Microsoft") Mbs("OAuth.SetAuthority", o, Issuer);
        Mbs("OAuth.SetClient", o, client, secret);
        Mbs("OAuth.SetScopes", o, scopes);
        Mbs("OAuth.SetTokenStore", o, Path.Combine(dir, store));
        return o;
    }

    /// <summary>Starts a background sign-in and returns the authorization URL the plug-in made.</summary>
    static async Task<Uri> StartSignIn(string o, int timeoutSeconds = 60)
    {
        Assert.Equal("OK", Mbs("OAuth.SignInInBackground", o, "", "", "", timeoutSeconds.ToString()));
        for (var i = 0; i < 200; i++)
        {
            var url = Mbs("OAuth.SignInURL", o);
            if (url.Length > 0) return new Uri(url);
            await Task.Delay(50);
        }
        throw new TimeoutException("no sign-in URL after 10 s");
    }

    static async Task<(string Text, bool IsError)> SignInResult(string o)
    {
        for (var i = 0; i < 600; i++)
        {
            var (text, isError) = NativePlugin.Call("OAuth.SignInResult", o);
            if (isError || text.Length > 0) return (text, isError);
            await Task.Delay(50);
        }
        throw new TimeoutException("sign-in still running after 30 s");
    }

    /// <summary>Signs alice in: the plug-in's URL, the provider's pages, the redirect delivered to the loopback
    /// listener.</summary>
    async Task<string> SignIn(string o, Func<Uri, Uri>? tamper = null)
    {
        var url = await StartSignIn(o);
        var redirect = await peers.OAuth.FollowSignInAsync(url, peers.User);
        output.WriteLine(
            $"authorize: {url.GetLeftPart(UriPartial.Path)}  redirect: {redirect.GetLeftPart(UriPartial.Path)}");
        if (tamper is not null) redirect = tamper(redirect);
        using var http = new HttpClient();
        var page = await http.GetStringAsync(redirect);
        Assert.Contains("You may close this window", page);
        var (text, isError) = await SignInResult(o);
        return isError ? throw new InvalidOperationException(text) : text;
    }

    string Imap(string token, string user)
    {
        var curl = Mbs("CURL.New");
        try
        {
            Mbs("CURL.SetOptionURL", curl, $"imap://{peers.ImapHost}:{peers.ImapPort}/");
            Mbs("CURL.SetOptionXOAuth2Bearer", curl, token);
            Mbs("CURL.SetOptionUserName", curl, user);
            Mbs("CURL.SetOptionUseSSL", curl, "3");
            Mbs("CURL.SetOptionCustomRequest", curl, "STATUS INBOX (MESSAGES)");
            var (text, isError) = NativePlugin.Call("CURL.Perform", curl);
            return isError ? "error: " + text : Mbs("CURL.GetResultAsText", curl, "UTF-8", "1");
        }
        finally { Mbs("CURL.Release", curl); }
    }

    string Smtp(string token, string subject)
    {
        var email = Mbs("SendMail.CreateEmail");
        Mbs("SendMail.SetFrom", email, peers.User);
        Mbs("SendMail.SetPlainText", email, "Sent with a token from OAuth.GetAccessToken.");
        Mbs("SendMail.SetSubject", email, subject);
        Mbs("SendMail.SetSMTPServer", email, peers.SmtpHost);
        Mbs("SendMail.SetSMTPUsername", email, peers.User);
        Mbs("SendMail.AddTO", email, peers.User);
        var curl = Mbs("CURL.New");
        Mbs("SendMail.PrepareCURL", email, curl);
        Mbs("CURL.SetOptionPort", curl, peers.SmtpPort.ToString());
        Mbs("CURL.SetOptionUseSSL", curl, "3");
        Mbs("CURL.SetOptionXOAuth2Bearer", curl, token);
        var (text, _) = NativePlugin.Call("CURL.Perform", curl);
        Mbs("SendMail.Release", email);
        Mbs("CURL.Release", curl);
        return text;
    }

    [Fact]
    public async Task Sign_in_with_PKCE_on_a_plain_issuer_gives_tokens_that_Dovecot_and_Postfix_accept()
    {
        var o = NewHandle(Issuer, App, AppSecret);
        var before = (await peers.OAuth.EventsAsync()).Length;

        Assert.Equal(peers.User, await SignIn(o));

        var authorize = (await peers.OAuth.EventsAsync()).Skip(before)
            .Single(e => e.GetProperty("type").GetString() == "authorize");
        Assert.Equal(App, authorize.GetProperty("client_id").GetString());
        Assert.Equal("S256", authorize.GetProperty("code_challenge_method").GetString());
        Assert.Equal(peers.User, Mbs("OAuth.Accounts", o));
        var token = Mbs("OAuth.GetAccessToken", o);
        Assert.Equal(token, Mbs("OAuth.GetAccessToken", o, peers.User)); // served from the book
        Assert.Contains("* STATUS INBOX", Imap(token, peers.User));
        Assert.Equal("OK", Smtp(token, "OAuth peer test " + Guid.NewGuid().ToString("N")));
        // The book on disk is encrypted: no token in it.
        var file = await File.ReadAllTextAsync(Path.Combine(dir, "book"));
        Assert.DoesNotContain(token, file);
        Assert.StartsWith("PBTB1", file);
        Mbs("OAuth.Release", o);
    }

    [Fact]
    public async Task Microsoft_through_MSAL_signs_in_refreshes_and_serves_client_credentials()
    {
        var o = NewHandle("Microsoft", App, AppSecret, "mail");
        Assert.Equal(peers.User, await SignIn(o));
        var token = Mbs("OAuth.GetAccessToken", o);
        Assert.Contains("* STATUS INBOX", Imap(token, peers.User));

        var clientCredentialsBefore = await peers.OAuth.GrantCountAsync(App, "client_credentials");
        var tenantApp = NewHandle("Microsoft", App, AppSecret, "mail", store: "app-book");
        Mbs("OAuth.SetTenant", tenantApp, "contoso.example");
        Assert.Equal("OK", Mbs("OAuth.ClientCredentials", tenantApp));
        var appToken = Mbs("OAuth.GetAccessToken", tenantApp, App);
        Assert.True((await peers.OAuth.IntrospectAsync(appToken)).GetProperty("active").GetBoolean());
        Assert.Equal(clientCredentialsBefore + 1, await peers.OAuth.GrantCountAsync(App, "client_credentials"));
        Assert.Equal(App, Mbs("OAuth.Accounts", tenantApp));
        Assert.Equal("1", Mbs("OAuth.SignOut", o, peers.User));
        var (error, isError) = NativePlugin.Call("OAuth.GetAccessToken", o);
        Assert.True(isError);
        Assert.StartsWith("[MBS] The token book has no tokens", error);
    }

    [Fact]
    public async Task A_forged_state_and_a_wrong_issuer_are_refused_and_a_sign_in_times_out()
    {
        var o = NewHandle(Issuer, App, AppSecret);
        var forged =
            await Assert.ThrowsAsync<InvalidOperationException>(() => SignIn(o, r => Replace(r, "state", "forged")));
        Assert.Contains("[MBS] The sign-in response carried a state that this sign-in did not send", forged.Message);
        var mixUp = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            SignIn(o, r => Replace(r, "iss", "https://attacker.example")));
        Assert.Contains("RFC 9207", mixUp.Message);
        Assert.Equal("", Mbs("OAuth.Accounts", o));

        await StartSignIn(o, timeoutSeconds: 1);
        var (text, isError) = await SignInResult(o);
        Assert.True(isError);
        Assert.Equal(
            "[MBS] No sign-in within 1 seconds. Call OAuth.SignIn again and finish the sign-in in the browser.", text);
    }

    static Uri Replace(Uri redirect, string name, string value)
    {
        var query = PeersOAuth.QueryOf(redirect);
        query[name] = value;
        return new Uri(redirect.GetLeftPart(UriPartial.Path) + "?"
            + string.Join('&', query.Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value)}")));
    }

    [Fact]
    public async Task Sixteen_threads_on_an_expiring_token_cause_exactly_one_refresh_at_the_provider()
    {
        var o = NewHandle(Issuer, Short, ShortSecret);
        await SignIn(o);
        var first = Mbs("OAuth.GetAccessToken", o);
        // 15-second tokens are refreshed in their second half: wait until this one is there.
        await Task.Delay(TimeSpan.FromSeconds(8.5));
        var refreshesBefore = await peers.OAuth.GrantCountAsync(Short, "refresh_token");

        var tokens =
            await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => Mbs("OAuth.GetAccessToken", o))));

        Assert.Equal(refreshesBefore + 1, await peers.OAuth.GrantCountAsync(Short, "refresh_token"));
        Assert.Single(tokens.Distinct());
        Assert.NotEqual(first, tokens[0]);
        Assert.Contains("* STATUS INBOX", Imap(tokens[0], peers.User));
        output.WriteLine($"refreshes seen at the provider for 16 threads: " +
            $"{await peers.OAuth.GrantCountAsync(Short, "refresh_token") - refreshesBefore}");
    }

    [Fact]
    public async Task A_refused_refresh_token_says_to_sign_in_again_with_the_servers_error()
    {
        var o = NewHandle(Issuer, Short, ShortSecret);
        await SignIn(o);
        var book = Path.Combine(dir, "book");
        var withFirstRefreshToken = await File.ReadAllBytesAsync(book);
        await Task.Delay(TimeSpan.FromSeconds(8.5));
        Mbs("OAuth.GetAccessToken", o); // refresh: the provider rotates the refresh token, the book keeps the new one
        Assert.NotEqual(withFirstRefreshToken, await File.ReadAllBytesAsync(book));

        // A book restored from before the rotation holds a used refresh token: the provider refuses it (and revokes the
        // grant).
        await File.WriteAllBytesAsync(book, withFirstRefreshToken);
        await Task.Delay(TimeSpan.FromSeconds(8.5));
        var (text, isError) = NativePlugin.Call("OAuth.GetAccessToken", o);

        Assert.True(isError);
        Assert.StartsWith($"[MBS] The refresh token of {peers.User} was refused by {Issuer} (invalid_grant: ", text);
        Assert.EndsWith("Sign in again with OAuth.SignIn or OAuth.DeviceCode.", text);
        Assert.Contains("invalid_grant", Mbs("OAuth.Diagnose", text) + text);
    }

    [Fact]
    public async Task A_tampered_token_book_is_a_clear_error_and_is_not_overwritten()
    {
        var o = NewHandle(Issuer, App, AppSecret);
        await SignIn(o);
        var book = Path.Combine(dir, "book");
        var bytes = await File.ReadAllBytesAsync(book);
        bytes[^5] ^= 0x55;
        await File.WriteAllBytesAsync(book, bytes);

        var (text, isError) = NativePlugin.Call("OAuth.GetAccessToken", o);
        var (text2, isError2) = NativePlugin.Call("OAuth.ClientCredentials", o);

        Assert.True(isError && isError2);
        Assert.StartsWith($"[MBS] The token book {book} cannot be read: it was changed after it was written", text);
        Assert.Equal(text, text2);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(book));
    }

    [Fact]
    public async Task Client_credentials_on_a_plain_issuer_fill_the_book_and_secrets_stay_out_of_errors()
    {
        var o = NewHandle(Issuer, App, AppSecret);
        var before = await peers.OAuth.GrantCountAsync(App, "client_credentials");
        Assert.Equal("OK", Mbs("OAuth.ClientCredentials", o));
        var token = Mbs("OAuth.GetAccessToken", o);
        Assert.True((await peers.OAuth.IntrospectAsync(token)).GetProperty("active").GetBoolean());
        Assert.Equal(token, Mbs("OAuth.GetAccessToken", o, App));
        Assert.Equal(before + 1, await peers.OAuth.GrantCountAsync(App, "client_credentials"));

        var wrong = NewHandle(Issuer, App, "not-the-secret", store: "other");
        var (text, isError) = NativePlugin.Call("OAuth.ClientCredentials", wrong);
        Assert.True(isError);
        Assert.StartsWith("[MBS] The token endpoint refused the client credentials (invalid_client", text);
        Assert.DoesNotContain("not-the-secret", text);
    }

    [Fact]
    public async Task TestAccount_reports_each_step_for_a_good_token_a_refused_token_and_SMTP_down()
    {
        var o = NewHandle(Issuer, App, AppSecret);
        await SignIn(o);
        var imap = $"imap://{peers.ImapHost}:{peers.ImapPort}";

        var good = System.Text.Json.JsonDocument.Parse(Mbs("OAuth.TestAccount", o, peers.User, peers.SmtpUrl, imap))
            .RootElement;
        Assert.Equal("ok", good.GetProperty("token").GetProperty("status").GetString());
        Assert.False(good.GetProperty("token").GetProperty("jwt").GetBoolean()); // oidc-provider's tokens are opaque
        Assert.True(good.GetProperty("token").TryGetProperty("expires", out _));
        Assert.Equal("ok", good.GetProperty("imap").GetProperty("status").GetString());
        Assert.Equal("ok", good.GetProperty("smtp").GetProperty("status").GetString());

        var down = System.Text.Json.JsonDocument.Parse(
            Mbs("OAuth.TestAccount", o, peers.User, "smtp://127.0.0.1:1", "")).RootElement;
        Assert.Equal("failed", down.GetProperty("smtp").GetProperty("status").GetString());
        Assert.Contains("Connection refused", down.GetProperty("smtp").GetProperty("reply").GetString());
        Assert.False(down.TryGetProperty("imap", out _));

        await peers.OAuth.RevokeAsync(Mbs("OAuth.GetAccessToken", o), App, AppSecret);
        var refused = System.Text.Json.JsonDocument.Parse(Mbs("OAuth.TestAccount", o, peers.User, peers.SmtpUrl, imap))
            .RootElement;
        output.WriteLine(refused.ToString());
        Assert.Equal("failed", refused.GetProperty("imap").GetProperty("status").GetString());
        Assert.Contains("Authentication failed", refused.GetProperty("imap").GetProperty("reply").GetString());
        Assert.Equal("failed", refused.GetProperty("smtp").GetProperty("status").GetString());
        Assert.Contains("535", refused.GetProperty("smtp").GetProperty("reply").GetString());
        Assert.NotEqual("", refused.GetProperty("smtp").GetProperty("hint").GetString());
    }

    [Fact]
    public async Task Device_code_sign_in_polls_until_the_user_confirms_elsewhere_and_the_token_opens_Dovecot()
    {
        var o = NewHandle(Issuer, "oauth-public", "");
        var deviceGrantsBefore =
            await peers.OAuth.GrantCountAsync("oauth-public", "urn:ietf:params:oauth:grant-type:device_code");

        var json = System.Text.Json.JsonDocument.Parse(Mbs("OAuth.DeviceCode", o, "", "")).RootElement;

        var userCode = json.GetProperty("user_code").GetString()!;
        Assert.Equal($"{Issuer}/device", json.GetProperty("verification_uri").GetString());
        Assert.Contains(userCode, json.GetProperty("message").GetString());
        Assert.Equal("", Mbs("OAuth.SignInResult", o)); // still polling
        Assert.True(
            await peers.OAuth.CompleteDeviceCodeAsync(json.GetProperty("verification_uri_complete").GetString()!));
        var (account, isError) = await SignInResult(o);
        Assert.False(isError, account);
        Assert.Equal(peers.User, account);
        Assert.Equal(deviceGrantsBefore + 1,
            await peers.OAuth.GrantCountAsync("oauth-public", "urn:ietf:params:oauth:grant-type:device_code"));
        Assert.Contains("* STATUS INBOX", Imap(Mbs("OAuth.GetAccessToken", o), peers.User));
    }

    [Fact]
    public async Task A_device_code_nobody_confirms_expires_with_a_clear_error()
    {
        var o = NewHandle(Issuer, Short, ShortSecret); // the provider gives this client 6-second device codes
        var json = System.Text.Json.JsonDocument.Parse(Mbs("OAuth.DeviceCode", o, "", "")).RootElement;
        Assert.Equal(6, json.GetProperty("expires_in").GetInt32());
        Assert.Equal(5, json.GetProperty("interval").GetInt32()); // RFC 8628 §3.2: 5 s when the server names none

        var (text, isError) = await SignInResult(o);

        Assert.True(isError);
        Assert.StartsWith("[MBS] The device code expired before the user signed in", text);
        Assert.Equal("", Mbs("OAuth.Accounts", o));
    }

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The token book key of this test process lives in a temporary file, not in the user's profile.</summary>
static class OAuthTestKey
{
    static bool done;

    public static void UseTemporaryKeyFile()
    {
        if (done || OperatingSystem.IsWindows()) return;
        done = true;
        var path = Path.Combine(Path.GetTempPath(), $"pb-oauth-key-{Environment.ProcessId}", "token-book.key");
        Environment.SetEnvironmentVariable("PLUGINBRIDGE_TOKEN_KEY_FILE", path);
        setenv("PLUGINBRIDGE_TOKEN_KEY_FILE", path, 1);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            { try { Directory.Delete(Path.GetDirectoryName(path)!, true); } catch (IOException) { } };
    }

    [DllImport("libc", CharSet = CharSet.Ansi)]
    static extern int setenv(string name, string value, int overwrite);
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace PluginBridge.PeerTests;

/// <summary>
/// The authorization server's side of the article's flow, without a browser: oidc-provider's devInteractions
/// login and consent pages driven with HttpClient and a cookie jar (they have no CSRF token), then the token
/// endpoint. Requests look like the article's (no PKCE, client secret in the POST body).
/// </summary>
public sealed class PeersOAuth : IDisposable
{
    /// <summary>What the examples ask for: a refresh token, SMTP and IMAP.</summary>
    public const string DefaultScope =
        "offline_access https://outlook.office365.com/SMTP.Send https://outlook.office365.com/IMAP.AccessAsUser.All";

    readonly Peers peers;
    readonly HttpClient api;

    internal PeersOAuth(Peers peers)
    {
        this.peers = peers;
        api = CreateHttpClient(peers.CaFile, cookies: null);
    }

    /// <summary>
    /// Signs <paramref name="user"/> in and consents, and returns the redirect to the client's redirect URI
    /// (http://localhost:9999/?code=…&amp;state=…&amp;iss=…), without following it. Error redirects are returned too.
    /// </summary>
    public async Task<Uri> SignInAsync(string? user = null, string scope = DefaultScope, string? state = null,
        string? clientId = null, string? redirectUri = null, IDictionary<string, string>? extra = null)
    {
        using var browser = CreateHttpClient(peers.CaFile, new CookieContainer());
        var query = new Dictionary<string, string>
        {
            ["response_type"] = "code",
            ["scope"] = scope,
            ["redirect_uri"] = redirectUri ?? peers.RedirectUri,
            ["client_id"] = clientId ?? peers.ClientId,
            ["state"] = state ?? NewState(),
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) query[key] = value;
        return await FollowSignInAsync(new Uri(peers.AuthorizeUrl + "?" + Form(query)), user, browser);
    }

    /// <summary>
    /// Opens an authorization URL made by someone else (the plug-in), signs <paramref name="user"/> in and consents,
    /// and returns the provider's redirect without following it.
    /// </summary>
    public async Task<Uri> FollowSignInAsync(Uri url, string? user = null, HttpClient? cookieBrowser = null)
    {
        using var own = cookieBrowser is null ? CreateHttpClient(peers.CaFile, new CookieContainer()) : null;
        var browser = cookieBrowser ?? own!;
        var location = await RedirectOf(browser, new HttpRequestMessage(HttpMethod.Get, url));
        // Login page, then consent page: each POST redirects to /auth/<uid>, which redirects on.
        foreach (var form in new[] { $"prompt=login&login={Uri.EscapeDataString(user ?? peers.User)}&password=any",
            "prompt=consent" })
        {
            if (!location.AbsolutePath.StartsWith("/interaction/")) return location;
            var post = new HttpRequestMessage(HttpMethod.Post, location)
            {
                Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"),
            };
            location = await RedirectOf(browser,
                new HttpRequestMessage(HttpMethod.Get, await RedirectOf(browser, post)));
        }
        return location;
    }

    /// <summary>An authorization code for the article's client, checked against the state that was sent.</summary>
    public async Task<string> GetAuthorizationCodeAsync(string? user = null, string scope = DefaultScope)
    {
        var state = NewState();
        var redirect = await SignInAsync(user, scope, state);
        var parameters = QueryOf(redirect);
        if (parameters.TryGetValue("error", out var error))
            throw new InvalidOperationException(
                $"authorization failed: {error}: {parameters.GetValueOrDefault("error_description")}");
        if (parameters.GetValueOrDefault("state") != state)
            throw new InvalidOperationException($"state mismatch in {redirect}");
        return parameters["code"];
    }

    /// <summary>Signs in and exchanges the code, as the article's "Query access token" script does.</summary>
    public async Task<TokenResponse> GetTokensAsync(string? user = null, string scope = DefaultScope)
    {
        var code = await GetAuthorizationCodeAsync(user, scope);
        return await TokenRequestAsync(new()
        {
            ["code"] = code,
            ["client_id"] = peers.ClientId,
            ["client_secret"] = peers.ClientSecret,
            ["grant_type"] = "authorization_code",
            ["redirect_uri"] = peers.RedirectUri,
        });
    }

    /// <summary>A new access token from a refresh token (grant_type=refresh_token), as the "Refresh Token" script
    /// does.</summary>
    public Task<TokenResponse> RefreshAsync(string refreshToken, string scope = DefaultScope) => TokenRequestAsync(new()
    {
        ["refresh_token"] = refreshToken,
        ["client_id"] = peers.ClientId,
        ["client_secret"] = peers.ClientSecret,
        ["grant_type"] = "refresh_token",
        ["scope"] = scope,
    });

    /// <summary>POSTs a form to the token endpoint; throws with the provider's error_description on failure.</summary>
    public async Task<TokenResponse> TokenRequestAsync(Dictionary<string, string> form)
    {
        using var response = await api.PostAsync(peers.TokenUrl, new FormUrlEncodedContent(form));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"token request failed: {(int)response.StatusCode} {body}");
        return TokenResponse.Parse(body);
    }

    /// <summary>RFC 7662 introspection as the resource server (Dovecot) does it: {"active":true,"email":…} or
    /// {"active":false}.</summary>
    public async Task<JsonElement> IntrospectAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, peers.IntrospectionUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(
                Encoding.UTF8.GetBytes($"{peers.IntrospectionClientId}:{peers.IntrospectionClientSecret}")));
        using var response = await api.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Revokes an access or refresh token (for tests of rejected tokens).</summary>
    public async Task RevokeAsync(string token, string? clientId = null, string? clientSecret = null)
    {
        using var response =
            await api.PostAsync(peers.RevocationUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token, ["client_id"] = clientId ?? peers.ClientId,
                ["client_secret"] = clientSecret ?? peers.ClientSecret,
        }));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// The user's side of the device flow (RFC 8628 §3.3) on another device: open the verification URI with the code,
    /// confirm it on the provider's page (its form carries an xsrf value), sign in and consent. True when the
    /// provider showed its success page.
    /// </summary>
    public async Task<bool> CompleteDeviceCodeAsync(string verificationUriComplete, string? user = null)
    {
        using var browser = CreateHttpClient(peers.CaFile, new CookieContainer());
        var page = await browser.GetStringAsync(verificationUriComplete);
        var xsrf = System.Text.RegularExpressions.Regex.Match(page, "name=\"xsrf\" value=\"([^\"]+)\"").Groups[1].Value;
        var userCode = System.Text.RegularExpressions.Regex.Match(page, "name=\"user_code\" value=\"([^\"]+)\"")
            .Groups[1].Value;
        var confirmUrl = new Uri(new Uri(verificationUriComplete), "/device");
        var next = new HttpRequestMessage(HttpMethod.Post, confirmUrl)
        {
            Content = new FormUrlEncodedContent(
                new Dictionary<string, string> { ["xsrf"] = xsrf, ["user_code"] = userCode, ["confirm"] = "yes" }),
        };
        for (var step = 0; step < 12; step++)
        {
            using var response = await browser.SendAsync(next);
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                var target = location.IsAbsoluteUri ? location : new Uri(confirmUrl, location);
                next = target.AbsolutePath.StartsWith("/interaction/") && step < 10
                    ? InteractionPost(target, user)
                    : new HttpRequestMessage(HttpMethod.Get, target);
                continue;
            }
            var body = await response.Content.ReadAsStringAsync();
            if (next.Method == HttpMethod.Get && next.RequestUri!.AbsolutePath.StartsWith("/interaction/"))
            {
                next = InteractionPost(next.RequestUri, user);
                continue;
            }
            return response.IsSuccessStatusCode && body.Contains("Sign-in Success", StringComparison.OrdinalIgnoreCase);
        }
        return false;
    }

    int interactions;

    /// <summary>The login form first, then the consent form (devInteractions' two pages).</summary>
    HttpRequestMessage InteractionPost(Uri interaction, string? user)
    {
        var form = interactions++ % 2 == 0
            ? $"prompt=login&login={Uri.EscapeDataString(user ?? peers.User)}&password=any" : "prompt=consent";
        return new HttpRequestMessage(HttpMethod.Post,
            interaction) { Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded") };
    }

    /// <summary>What the provider saw (GET /test/events): authorization requests and granted token requests.</summary>
    public async Task<JsonElement[]> EventsAsync()
    {
        var body = await api.GetStringAsync(new Uri(peers.Issuer, "/test/events"));
        return JsonDocument.Parse(body).RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    /// <summary>Granted token requests of one client and grant type seen so far.</summary>
    public async Task<int> GrantCountAsync(string clientId, string grantType) => (await EventsAsync()).Count(e =>
        e.GetProperty("type").GetString() == "grant" && e.TryGetProperty("client_id", out var c) && c.GetString()
            == clientId &&
        e.TryGetProperty("grant_type", out var g) && g.GetString() == grantType);

    /// <summary>The query parameters of a redirect (code, state, iss, or error and error_description).</summary>
    public static Dictionary<string, string> QueryOf(Uri uri) => uri.Query.TrimStart('?')
        .Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split('=', 2))
        .ToDictionary(kv => Uri.UnescapeDataString(kv[0]),
            kv => Uri.UnescapeDataString(kv.Length > 1 ? kv[1].Replace('+', ' ') : ""));

    public static string NewState() =>
        Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();

    static string Form(Dictionary<string, string> values) =>
        string.Join("&", values.Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value)}"));

    static async Task<Uri> RedirectOf(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        using (var response = await client.SendAsync(request))
        {
            if ((int)response.StatusCode is < 300 or > 399 || response.Headers.Location is null)
                throw new InvalidOperationException(
                    $"{request.Method} {request.RequestUri}: expected a redirect, got {(int)response.StatusCode}: " +
                        $"{await response.Content.ReadAsStringAsync()}");
            return new Uri(request.RequestUri!, response.Headers.Location);
        }
    }

    /// <summary>An HttpClient that trusts exactly the test CA for the peers' HTTPS and never follows
    /// redirects.</summary>
    static HttpClient CreateHttpClient(string caFile, CookieContainer? cookies)
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(caFile));
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
                        return false;
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(certificate as X509Certificate2
                        ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
                },
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(15) };
    }

    public void Dispose() => api.Dispose();
}

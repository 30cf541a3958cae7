using Microsoft.Identity.Client;
using Microsoft.Identity.Client.Extensibility;

namespace PluginBridge.Engine.OAuth;

/// <summary>
/// The Microsoft provider through MSAL (Microsoft.Identity.Client): a confidential client when a secret is set, else
/// a public client. MSAL's token cache (refresh tokens, account records) lives in the token book: it is handed to
/// MSAL before each call and written back right after, inside the caller's locks, so a rotated refresh token is
/// saved at once. Our book still decides when to refresh (see OAuthClient), MSAL performs it (ForceRefresh).
/// </summary>
sealed class MsalFlow : ITokenFlow
{
    readonly OAuthClient client;
    readonly IClientApplicationBase app;
    readonly SemaphoreSlim gate = new(1, 1);
    byte[] userCache = [], appCache = [];
    bool userChanged, appChanged;

    public MsalFlow(OAuthClient client, string redirectUri)
    {
        this.client = client;
        var authority = client.Authority() + "/";
        // Instance discovery asks login.microsoftonline.com about the authority: only for Microsoft's own cloud.
        var discovery = authority.StartsWith(Endpoints.MicrosoftLogin + "/", StringComparison.OrdinalIgnoreCase);
        if (client.ClientSecret.Length > 0)
            app = ConfidentialClientApplicationBuilder.Create(client.ClientId).WithClientSecret(client.ClientSecret)
                .WithAuthority(authority, validateAuthority: discovery).WithInstanceDiscovery(discovery)
                .WithRedirectUri(redirectUri).WithClientName("PluginBridge").Build();
        else
            app = PublicClientApplicationBuilder.Create(client.ClientId)
                .WithAuthority(authority, validateAuthority: discovery).WithInstanceDiscovery(discovery)
                .WithRedirectUri(redirectUri).WithClientName("PluginBridge").Build();
        app.UserTokenCache.SetBeforeAccess(a =>
            a.TokenCache.DeserializeMsalV3(userCache, shouldClearExistingCache: true));
        app.UserTokenCache.SetAfterAccess(a =>
            { if (a.HasStateChanged) { userCache = a.TokenCache.SerializeMsalV3(); userChanged = true; } });
        if (app is IConfidentialClientApplication cca)
        {
            cca.AppTokenCache.SetBeforeAccess(a =>
                a.TokenCache.DeserializeMsalV3(appCache, shouldClearExistingCache: true));
            cca.AppTokenCache.SetAfterAccess(a =>
                { if (a.HasStateChanged) { appCache = a.TokenCache.SerializeMsalV3(); appChanged = true; } });
        }
    }

    string CacheKey(string kind) => $"{client.Authority()}|{client.ClientId}|{kind}";

    public TokenRecord ClientCredentials()
    {
        if (app is not IConfidentialClientApplication cca)
            throw new MbsException(
                "Client credentials need the app's client secret: OAuth.SetClient(OAuth; ClientID; ClientSecret).");
        var result = Run(() => cca.AcquireTokenForClient(client.Scopes).WithForceRefresh(true).ExecuteAsync());
        return Record(result, client.ClientId, appOnly: true);
    }

    public TokenRecord Refresh(TokenRecord old)
    {
        if (old.AppOnly) return ClientCredentials();
        var result = Run(async () =>
        {
            var account = await app.GetAccountAsync(old.MsalAccountId).ConfigureAwait(false)
                ?? throw new MbsException($"The token book has no MSAL account for {old.Account}. Sign in again with " +
                    $"OAuth.SignIn or OAuth.DeviceCode.");
            var scopes = old.Scope.Length > 0 ? old.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                : client.Scopes.ToArray();
            return await app.AcquireTokenSilent(MsalScopes(scopes), account).WithForceRefresh(true).ExecuteAsync()
                .ConfigureAwait(false);
        }, old.Account);
        return Record(result, old.Account, appOnly: false);
    }

    public TokenRecord RedeemCode(string code, string redirectUri, string codeVerifier)
    {
        if (app is not IConfidentialClientApplication cca)
            throw new MbsException(
                "Internal: a public Microsoft client redeems its code through MSAL's interactive flow.");
        var result = Run(() => cca.AcquireTokenByAuthorizationCode(MsalScopes(client.Scopes), code)
            .WithPkceCodeVerifier(codeVerifier).ExecuteAsync());
        return Record(result, AccountName(result), appOnly: false);
    }

    /// <summary>A public client's sign-in: MSAL builds the URL (PKCE S256, state) and redeems the code; the web UI is
    /// ours.</summary>
    public TokenRecord Interactive(ICustomWebUi webUi)
    {
        if (app is not IPublicClientApplication pca)
            throw new MbsException("Internal: a confidential Microsoft client signs in through the standard flow.");
        var result = Run(() => pca.AcquireTokenInteractive(MsalScopes(client.Scopes)).WithCustomWebUi(webUi)
            .WithPrompt(Prompt.SelectAccount).ExecuteAsync(), lockHeld: false);
        return Record(result, AccountName(result), appOnly: false);
    }

    /// <summary>Removes the account from MSAL's cache (its refresh token is gone from the book with it).</summary>
    public void Forget(TokenRecord record)
    {
        if (record.AppOnly || record.MsalAccountId.Length == 0) return;
        Run(async () =>
        {
            var account = await app.GetAccountAsync(record.MsalAccountId).ConfigureAwait(false);
            if (account is not null) await app.RemoveAsync(account).ConfigureAwait(false);
            return (AuthenticationResult?)null;
        });
    }

    /// <summary>MSAL adds openid, profile and offline_access itself and refuses them as input on refresh.</summary>
    static string[] MsalScopes(IEnumerable<string> scopes) =>
        scopes.Where(s => s is not ("openid" or "profile" or "offline_access")).ToArray();

    /// <summary>One MSAL call with the book's cache loaded before and saved after, under the caller's locks.</summary>
    /// <param name="lockHeld">False only for the interactive sign-in, which must not hold the book's lock while the
    /// user signs in.</param>
    T Run<T>(Func<Task<T>> call, string account = "", bool lockHeld = true)
    {
        gate.Wait();
        try
        {
            var content = client.Book.Read();
            userCache = Convert.FromBase64String(content.Msal.GetValueOrDefault(CacheKey("user"), ""));
            appCache = Convert.FromBase64String(content.Msal.GetValueOrDefault(CacheKey("app"), ""));
            userChanged = appChanged = false;
            T result;
            try
            {
                result = call().GetAwaiter().GetResult();
            }
            catch (MsalUiRequiredException e)
            {
                var (error, description) = ServerError(e);
                throw StandardFlow.SignInAgain(account.Length > 0 ? account : "this account", client.Authority(), error,
                    description);
            }
            catch (MsalServiceException e)
            {
                var (error, description) = ServerError(e);
                var words = $"{error}{(description.Length > 0 ? ": " + description : "")}";
                throw new MbsException(
                    $"Microsoft sign-in failed ({words}). {Diagnostics.HintOrEmpty(words)}".TrimEnd());
            }
            catch (MsalClientException e)
            {
                throw new MbsException($"MSAL refused the request ({e.ErrorCode}: {e.Message}).");
            }
            if (userChanged || appChanged)
                client.Book.Update(c =>
                {
                    if (userChanged) c.Msal[CacheKey("user")] = Convert.ToBase64String(userCache);
                    if (appChanged) c.Msal[CacheKey("app")] = Convert.ToBase64String(appCache);
                    return 0;
                }, crossProcessLockHeld: lockHeld); // OAuthClient holds it around the other flow calls
            return result;
        }
        finally { gate.Release(); }
    }

    /// <summary>The server's own error and error_description from MSAL's exception (its response body when there is
    /// one).</summary>
    static (string Error, string Description) ServerError(MsalServiceException e)
    {
        if (!string.IsNullOrEmpty(e.ResponseBody))
        {
            var r = TokenResponse.Parse(e.StatusCode, e.ResponseBody);
            if (r.Error.Length > 0) return (r.Error, r.ErrorDescription);
        }
        return (e.ErrorCode, e.Message);
    }

    /// <summary>MSAL's user name (Entra's preferred_username); a server whose ID token lacks it gives MSAL's
    /// placeholder "Missing from the token response", so the ID token's email or sub names the account then.</summary>
    static string AccountName(AuthenticationResult r)
    {
        var name = r.Account?.Username ?? "";
        if (name.Length > 0 && name.Contains('@') && !name.StartsWith("Missing ", StringComparison.Ordinal))
            return name;
        var fromIdToken = TokenResponse.AccountOf(r.IdToken ?? "");
        return fromIdToken.Length > 0 ? fromIdToken : r.Account?.HomeAccountId?.Identifier ?? "";
    }

    TokenRecord Record(AuthenticationResult r, string account, bool appOnly) => new()
    {
        Account = account,
        Issuer = client.Authority(),
        ClientId = client.ClientId,
        AccessToken = r.AccessToken,
        RefreshToken = "", // MSAL keeps it in its cache blob
        Scope = string.Join(' ', r.Scopes ?? []),
        IssuedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ExpiresAt = r.ExpiresOn.ToUnixTimeSeconds(),
        AppOnly = appOnly,
        MsalAccountId = r.Account?.HomeAccountId?.Identifier ?? "",
    };
}

namespace PluginBridge.Engine.OAuth;

/// <summary>
/// The OAuth 2.0 flows written out over our HTTP client, for Google and any OpenID Connect issuer (MSAL serves
/// Microsoft): refresh (RFC 6749 §6), client credentials (RFC 6749 §4.4), code redemption with PKCE
/// (RFC 6749 §4.1.3 + RFC 7636 §4.5). Client authentication is client_secret_post (RFC 6749 §2.3.1).
/// </summary>
sealed class StandardFlow(OAuthClient client) : ITokenFlow
{
    public TokenRecord ClientCredentials()
    {
        var form = ClientAuth();
        form.Add(new("grant_type", "client_credentials"));
        if (client.Scopes.Count > 0) form.Add(new("scope", string.Join(' ', client.Scopes)));
        var r = Post(form);
        if (!r.Ok) throw new MbsException(($"The token endpoint refused the client credentials ({r.ServerWords()}). " +
            $"{Diagnostics.HintOrEmpty(r.ServerWords())}").TrimEnd());
        return Record(r, client.ClientId, appOnly: true, previousRefreshToken: "");
    }

    public TokenRecord Refresh(TokenRecord old)
    {
        if (old.AppOnly) return ClientCredentials();
        if (old.RefreshToken.Length == 0)
            throw new MbsException($"The access token of {old.Account} has expired and no refresh token was issued " +
                $"(ask for the offline_access scope). Sign in again with OAuth.SignIn or OAuth.DeviceCode.");
        var form = ClientAuth();
        form.Add(new("grant_type", "refresh_token"));
        form.Add(new("refresh_token", old.RefreshToken));
        var r = Post(form);
        if (r.Error == "invalid_grant" || (r.Status is 400 or 401 && r.Error.Length > 0))
            throw SignInAgain(old.Account, client.Endpoints().Issuer, r.Error, r.ErrorDescription);
        if (!r.Ok) throw new MbsException(
            $"Refreshing the token of {old.Account} failed ({r.ServerWords()}). Try again later.");
        var record = Record(r, old.Account, appOnly: false, previousRefreshToken: old.RefreshToken);
        if (record.Scope.Length == 0) record.Scope = old.Scope;
        return record;
    }

    /// <summary>RFC 6749 §4.1.3 with the RFC 7636 code_verifier.</summary>
    public TokenRecord RedeemCode(string code, string redirectUri, string codeVerifier)
    {
        var form = ClientAuth();
        form.Add(new("grant_type", "authorization_code"));
        form.Add(new("code", code));
        form.Add(new("redirect_uri", redirectUri));
        form.Add(new("code_verifier", codeVerifier));
        var r = Post(form);
        if (!r.Ok) throw new MbsException(($"The token endpoint refused the authorization code ({r.ServerWords()}). " +
            $"{Diagnostics.HintOrEmpty(r.ServerWords())}").TrimEnd());
        return FromUserTokens(r);
    }

    public TokenRecord FromUserTokens(TokenResponse r)
    {
        var account = TokenResponse.AccountOf(r.IdToken);
        if (account.Length == 0)
            throw new MbsException("The server issued tokens without an ID token naming the account. Add the openid " +
                "scope (and email or profile) with OAuth.SetScopes.");
        return Record(r, account, appOnly: false, previousRefreshToken: "");
    }

    public static MbsException SignInAgain(string account, string issuer, string error, string description) => new(
        $"The refresh token of {account} was refused by {issuer} ({(error.Length == 0 ? "no error code" : error)}" +
        $"{(description.Length == 0 ? "" : ": " + description)}). Sign in again with OAuth.SignIn or " +
            $"OAuth.DeviceCode.");

    List<KeyValuePair<string, string>> ClientAuth()
    {
        var form = new List<KeyValuePair<string, string>> { new("client_id", client.ClientId) };
        if (client.ClientSecret.Length > 0) form.Add(new("client_secret", client.ClientSecret));
        return form;
    }

    TokenResponse Post(List<KeyValuePair<string, string>> form)
    {
        var (status, body) = TokenHttp.PostForm(client.Endpoints().Token, form);
        return TokenResponse.Parse(status, body);
    }

    TokenRecord Record(TokenResponse r, string account, bool appOnly, string previousRefreshToken)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new TokenRecord
        {
            Account = account,
            Issuer = client.Endpoints().Issuer,
            ClientId = client.ClientId,
            AccessToken = r.AccessToken,
            // RFC 6749 §6: the server may rotate the refresh token; without a new one the old one stays valid.
            RefreshToken = r.RefreshToken.Length > 0 ? r.RefreshToken : previousRefreshToken,
            Scope = r.Scope,
            IssuedAt = now,
            ExpiresAt = now + (r.ExpiresIn > 0 ? r.ExpiresIn : 3600),
            AppOnly = appOnly,
        };
    }
}

/// <summary>What OAuthClient asks of a provider's implementation (MSAL for Microsoft, StandardFlow for the
/// rest).</summary>
interface ITokenFlow
{
    TokenRecord ClientCredentials();
    TokenRecord Refresh(TokenRecord old);
    TokenRecord RedeemCode(string code, string redirectUri, string codeVerifier);
}

namespace PluginBridge.Engine.OAuth;

/// <summary>
/// One OAuth handle: the provider, the app registration (client id, secret, tenant, scopes, authority override) and
/// the token book it uses. Tokens are served from the book and refreshed ahead of expiry, one refresh at a time
/// per account (threads of this process wait for it; other processes wait on the book's lock file and then read
/// the refreshed token).
/// </summary>
public sealed class OAuthClient : IHandle, IDisposable
{
    public long Number { get; set; }

    /// <summary>Refresh this long before expiry; tokens that live less than twice as long refresh at half their
    /// life.</summary>
    public const int RefreshMarginSeconds = 300;

    readonly Lock gate = new();
    Endpoints? endpoints;
    ITokenFlow? flow;

    public OAuthClient(string provider)
    {
        var p = provider.Trim();
        if (p.Equals("Microsoft", StringComparison.OrdinalIgnoreCase)
            || p.Equals("Office365", StringComparison.OrdinalIgnoreCase)) Kind = ProviderKind.Microsoft;
        else if (p.Equals("Google", StringComparison.OrdinalIgnoreCase)) Kind = ProviderKind.Google;
        else if (Uri.TryCreate(p, UriKind.Absolute, out var issuer) && issuer.Scheme
            == Uri.UriSchemeHttps) { Kind = ProviderKind.Issuer; Issuer = p.TrimEnd('/'); }
        else throw new MbsException(
            $"OAuth.New takes Microsoft, Google or the https URL of an OpenID Connect issuer, got \"{p}\".");
        Provider = p;
    }

    public enum ProviderKind { Microsoft, Google, Issuer }

    public ProviderKind Kind { get; }
    public string Provider { get; }
    public string Issuer { get; private set; } = "";
    public string ClientId { get; private set; } = "";
    public string ClientSecret { get; private set; } = "";
    public string Tenant { get; private set; } = "common";
    public IReadOnlyList<string> Scopes { get; private set; } = [];
    public string AuthorityOverride { get; private set; } = "";
    public TokenBook Book { get; private set; } = TokenBook.For("");
    /// <summary>The running or last sign-in of this handle.</summary>
    internal ISignIn? Session { get; set; }

    /// <summary>The loopback redirect URI MSAL's confidential client is built with (SignIn sets the real
    /// one).</summary>
    public string RedirectUri { get; set; } = "http://localhost";

    public void SetClient(string id, string secret) { lock (gate) { ClientId = id; ClientSecret = secret; Reset(); } }
    public void SetTenant(string tenant) { lock (gate) { Tenant = tenant; Reset(); } }
    public void SetScopes(string scopes) { lock (gate) { Scopes =
        scopes.Split([' ', '\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries); Reset(); } }
    public void SetStore(string path) { lock (gate) { Book = TokenBook.For(path); Reset(); } }

    public void SetAuthority(string url)
    {
        if (url.Length > 0 && !(Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps))
            throw new MbsException($"OAuth.SetAuthority takes an https URL, got \"{url}\".");
        lock (gate) { AuthorityOverride = url.TrimEnd('/'); Reset(); }
    }

    void Reset() { endpoints = null; flow = null; }

    /// <summary>Microsoft: {login host}/{tenant}; SetAuthority replaces the login host, or the whole authority when it
    /// has a path.</summary>
    public string Authority()
    {
        if (AuthorityOverride.Length == 0) return $"{OAuth.Endpoints.MicrosoftLogin}/{Tenant}";
        return new Uri(AuthorityOverride).AbsolutePath.Trim('/').Length > 0 ? AuthorityOverride
            : $"{AuthorityOverride}/{Tenant}";
    }

    public Endpoints Endpoints()
    {
        lock (gate)
        {
            if (endpoints is not null) return endpoints;
            return endpoints = Kind switch
            {
                ProviderKind.Microsoft => OAuth.Endpoints.Microsoft(Authority()),
                ProviderKind.Google when AuthorityOverride.Length == 0 => OAuth.Endpoints.Google,
                ProviderKind.Google => OAuth.Endpoints.Discover(AuthorityOverride),
                _ => OAuth.Endpoints.Discover(AuthorityOverride.Length > 0 ? AuthorityOverride : Issuer),
            };
        }
    }

    /// <summary>The issuer records are filed under (Microsoft: the authority).</summary>
    public string RecordIssuer => Kind == ProviderKind.Microsoft ? Authority() : Endpoints().Issuer;

    internal ITokenFlow Flow()
    {
        RequireClient();
        lock (gate) return flow ??= Kind == ProviderKind.Microsoft ? new MsalFlow(this, RedirectUri)
            : new StandardFlow(this);
    }

    /// <summary>A flow bound to a sign-in's redirect URI (MSAL builds its app with it).</summary>
    internal ITokenFlow FlowFor(string redirectUri)
    {
        RequireClient();
        return Kind == ProviderKind.Microsoft ? new MsalFlow(this, redirectUri) : Flow();
    }

    /// <summary>RFC 9207 §2.4: the iss of an authorization response must be this provider's issuer. Entra ID's issuer
    /// names the tenant ({authority host}/{tenant id}/v2.0), so for Microsoft the scheme, host and port must
    /// match.</summary>
    public bool IsExpectedIssuer(string iss)
    {
        if (Kind != ProviderKind.Microsoft) return iss.TrimEnd('/') == Endpoints().Issuer.TrimEnd('/');
        return Uri.TryCreate(iss, UriKind.Absolute, out var given) &&
               given.GetLeftPart(UriPartial.Authority)
                   .Equals(new Uri(Authority()).GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
    }

    void RequireClient()
    {
        if (ClientId.Length == 0) throw new MbsException(
            "Set the app's client ID first: OAuth.SetClient(OAuth; ClientID { ; ClientSecret }).");
    }

    // ---- token book ----

    public IEnumerable<TokenRecord> Records(TokenBookContent c)
    {
        var issuer = RecordIssuer;
        return c.Records.Where(r => r.ClientId == ClientId && r.Issuer == issuer);
    }

    /// <summary>The record for an account name, or the only one when no name is given.</summary>
    TokenRecord? Find(TokenBookContent c, string account)
    {
        var mine = Records(c).ToList();
        if (account.Length > 0)
            return mine.FirstOrDefault(r => r.Account.Equals(account, StringComparison.OrdinalIgnoreCase));
        var users = mine.Where(r => !r.AppOnly).ToList();
        if (users.Count > 1)
            throw new MbsException($"The token book holds {users.Count} accounts for this app " +
                $"({string.Join(", ", users.Select(u => u.Account))}). Name one: OAuth.GetAccessToken(OAuth; " +
                $"Account).");
        return users.FirstOrDefault() ?? mine.FirstOrDefault();
    }

    /// <summary>Stores a new record (replacing the account's old one) under locks the caller holds or takes
    /// here.</summary>
    public void Save(TokenRecord record, bool crossProcessLockHeld) => Book.Update(c =>
    {
        c.Records.RemoveAll(r => r.ClientId == record.ClientId && r.Issuer == record.Issuer
            && r.Account.Equals(record.Account, StringComparison.OrdinalIgnoreCase));
        c.Records.Add(record);
        return 0;
    }, crossProcessLockHeld);

    static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static bool Fresh(TokenRecord r)
    {
        var margin = Math.Min(RefreshMarginSeconds, Math.Max(0, r.ExpiresAt - r.IssuedAt) / 2);
        return r.AccessToken.Length > 0 && Now < r.ExpiresAt - margin;
    }

    /// <summary>Runs a flow step under the book's cross-process lock (MSAL's cache and our records change
    /// together).</summary>
    public T WithBookLocked<T>(Func<T> step)
    {
        using var _ = Book.LockAcrossProcesses();
        return step();
    }

    public string ClientCredentials()
    {
        var flow = Flow();
        return WithBookLocked(() =>
        {
            var record = flow.ClientCredentials();
            Save(record, crossProcessLockHeld: true);
            return record.AccessToken;
        });
    }

    public string GetAccessToken(string account)
    {
        var flow = Flow();
        var record = Find(Book.Read(), account) ?? throw NoTokens(account);
        if (Fresh(record)) return record.AccessToken;
        var accountLock = Book.AccountLock($"{record.Issuer}|{record.ClientId}|{record.Account}");
        accountLock.Wait();
        try
        {
            return WithBookLocked(() =>
            {
                // Another thread or process may have refreshed while this one waited.
                var current = Find(Book.Read(), record.Account) ?? throw NoTokens(record.Account);
                if (Fresh(current)) return current.AccessToken;
                // Tokens MSAL did not issue (device code) are not in its cache: refresh them with the standard flow.
                var renewed = (Kind == ProviderKind.Microsoft && !current.AppOnly && current.MsalAccountId.Length == 0
                    ? new StandardFlow(this) : flow).Refresh(current);
                // the rotated refresh token is on disk before anyone uses the new access token
                Save(renewed, crossProcessLockHeld: true);
                return renewed.AccessToken;
            });
        }
        finally { accountLock.Release(); }
    }

    public string SaveSignIn(TokenRecord record)
    {
        WithBookLocked(() => { Save(record, crossProcessLockHeld: true); return 0; });
        return record.Account;
    }

    /// <summary>Unix seconds when the account's access token expires (0 when unknown).</summary>
    public long ExpiryOf(string account) => Find(Book.Read(), account)?.ExpiresAt ?? 0;

    public string[] Accounts() => Records(Book.Read()).Select(r => r.Account).ToArray();

    public bool SignOut(string account)
    {
        var flow = Flow();
        return WithBookLocked(() =>
        {
            var record = Find(Book.Read(), account);
            if (record is null) return false;
            (flow as MsalFlow)?.Forget(record);
            Book.Update(c => c.Records.RemoveAll(r => r.ClientId == record.ClientId && r.Issuer == record.Issuer
                && r.Account == record.Account), crossProcessLockHeld: true);
            return true;
        });
    }

    /// <summary>Releasing the handle ends a sign-in that still waits for the browser.</summary>
    public void Dispose() => Session?.Cancel();

    MbsException NoTokens(string account) => new(account.Length > 0
        ? $"The token book has no tokens for {account} with this app. Sign in with OAuth.SignIn or OAuth.DeviceCode " +
            $"first (OAuth.Accounts lists who is signed in)."
        : "The token book has no tokens for this app. Sign in with OAuth.SignIn or OAuth.DeviceCode, or call " +
            "OAuth.ClientCredentials, first.");
}

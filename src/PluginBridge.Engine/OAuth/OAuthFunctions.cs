using PluginBridge.Engine.Core;

namespace PluginBridge.Engine.OAuth;

/// <summary>
/// The OAuth.* family (our extension; MBS has none): sign-in, client credentials and a token book that refreshes
/// itself, for Microsoft (through MSAL), Google and any OpenID Connect issuer. Handles are numbered from 33000.
/// Secrets (client secret, tokens other than the one asked for) never appear in results or errors.
/// </summary>
static class OAuthFunctions
{
    internal static readonly HandleTable<OAuthClient> Handles = new("OAuth", 33000);

    public static void Register(Registry r)
    {
        r.AddTable(Handles);
        r.AddActivity(SignIns.Running); // sign-ins waiting for the browser or polling for a device code
        r.Add("OAuth.New", "Provider", "Our extension: an OAuth handle (numbers from 33000) for Microsoft (Entra ID, through MSAL), Google, or the https URL of an OpenID Connect issuer.", a => Value.FromNumber(Handles.Add(new OAuthClient(a.Text(0)))));
        r.Add("OAuth.Release", "OAuth", "Our extension: frees an OAuth handle (the token book stays).", a => { Handles.Release(a, 0); return Value.Ok; });
        r.Add("OAuth.SetClient", "OAuth; ClientID { ; ClientSecret }", "Our extension: the app registration's client ID and, for a confidential app, its secret (the secret's value).", a => Set(a, c => c.SetClient(a.Text(1).Trim(), a.Text(2, "").Trim())));
        r.Add("OAuth.SetTenant", "OAuth; Tenant", "Our extension: Microsoft tenant: a tenant id or domain, organizations, common (default) or consumers.", a => Set(a, c => c.SetTenant(Required(a, 1))));
        r.Add("OAuth.SetScopes", "OAuth; Scopes", "Our extension: the scopes to ask for, space-separated (e.g. offline_access https://outlook.office365.com/SMTP.Send).", a => Set(a, c => c.SetScopes(a.Text(1))));
        r.Add("OAuth.SetAuthority", "OAuth; URL", "Our extension: https URL replacing the provider's endpoints (Microsoft: the login host, or host/tenant; others: the issuer); for sovereign clouds and tests.", a => Set(a, c => c.SetAuthority(a.Text(1).Trim())));
        r.Add("OAuth.SetTokenStore", "OAuth; Path", "Our extension: file of the token book (encrypted, written atomically, shared by handles and processes); empty = memory only.", a => Set(a, c => c.SetStore(a.Text(1).Trim())));
        r.Add("OAuth.ClientCredentials", "OAuth", "Our extension: gets an app-only token (client credentials, e.g. SMTP.SendAsApp with https://outlook.office365.com/.default) into the token book; OK.", a => { Handles.Get(a, 0).ClientCredentials(); return Value.Ok; });
        r.Add("OAuth.GetAccessToken", "OAuth { ; Account }", "Our extension: a valid access token from the token book, refreshed ahead of expiry (5 minutes; half the lifetime for short-lived tokens); the rotated refresh token is saved at once.", a => Value.FromText(Handles.Get(a, 0).GetAccessToken(a.Text(1, "").Trim())));
        r.Add("OAuth.Accounts", "OAuth", "Our extension: the accounts in the token book for this app, ¶-separated (app-only tokens are listed under the client ID).", a => Value.FromText(string.Join('\r', Handles.Get(a, 0).Accounts())));
        r.Add("OAuth.SignOut", "OAuth; Account", "Our extension: removes the account's tokens from the token book (MSAL's cache too); 1 if it was there, else 0.", a => Value.FromBool(Handles.Get(a, 0).SignOut(Required(a, 1))));
        r.Add("OAuth.SignIn", "OAuth { ; WebViewer; TimeoutSeconds }", "Our extension: interactive sign-in (code flow, PKCE S256, state and RFC 9207 iss checked, loopback redirect) in the web viewer or the system browser (viewer \"OAuth\"); waits (default 300 s) and returns the account name.", a => Value.FromText(SignIns.Start(Handles.Get(a, 0), a.Text(1, ""), a.Int(2, 0), background: false).Run()));
        r.Add("OAuth.SignInInBackground", "OAuth; FileName; ScriptName { ; WebViewer; TimeoutSeconds }", "Our extension: OAuth.SignIn without waiting: OK at once; the script starts (parameter: the OAuth handle) when the sign-in ends; read OAuth.SignInResult.", SignInInBackground);
        r.Add("OAuth.SignInURL", "OAuth", "Our extension: the sign-in page of the running or last sign-in (to show when no browser could open it); empty before.", a => Value.FromText(Handles.Get(a, 0).Session?.Url ?? ""));
        r.Add("OAuth.SignInResult", "OAuth", "Our extension: the last sign-in's account name; empty while it runs; its error (IsError) when it failed.", SignInResult);
        r.Add("OAuth.DeviceCode", "OAuth; FileName; ScriptName", "Our extension: device code sign-in (RFC 8628) for machines without a browser: JSON with user_code, verification_uri and message; polls in the background, then starts the script (parameter: the OAuth handle); read OAuth.SignInResult.", DeviceCode);
        r.Add("OAuth.TestAccount", "OAuth; Account; SMTPURL; IMAPURL", "Our extension: JSON report: token obtained (audience, scopes, expiry from a JWT), IMAP AUTHENTICATE XOAUTH2 + SELECT INBOX, SMTP AUTH XOAUTH2 (no mail sent); each step ok or the server's reply and a hint. Either URL may be empty.", a => Value.FromText(AccountTest.Run(Handles.Get(a, 0), a.Text(1, "").Trim(), a.Text(2, ""), a.Text(3, ""))));
        r.Add("OAuth.Diagnose", "Text", "Our extension: a hint for a mail server's or identity provider's error (535 5.7.139, 5.7.3, SendAsDenied, AADSTS codes, invalid_grant, Gmail's 334 challenge); empty when none applies.", a => Value.FromText(Diagnostics.Hint(a.Text(0))));
    }

    static Value SignInInBackground(Args a)
    {
        var client = Handles.Get(a, 0);
        var target = ScriptTarget.From(a.Text(1), a.Text(2));
        SignIns.Start(client, a.Text(3, ""), a.Int(4, 0), background: true, target);
        return Value.Ok;
    }

    static Value DeviceCode(Args a)
    {
        var client = Handles.Get(a, 0);
        var target = ScriptTarget.From(a.Text(1), a.Text(2));
        return Value.FromText(SignIns.StartDeviceCode(client, target));
    }

    static Value SignInResult(Args a)
    {
        var session = Handles.Get(a, 0).Session ?? throw new MbsException("No sign-in was started with this OAuth handle. Call OAuth.SignIn or OAuth.SignInInBackground first.");
        if (!session.Finished) return Value.Empty;
        return session.Error.Length > 0 ? Value.Error(session.Error) : Value.FromText(session.Account);
    }

    static Value Set(Args a, Action<OAuthClient> change)
    {
        change(Handles.Get(a, 0));
        return Value.Ok;
    }

    static string Required(Args a, int index) => a.Has(index) ? a.Text(index).Trim()
        : throw new MbsException($"Parameter {index + 1} of {a.Function} must not be empty.");
}

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
        r.Add("OAuth.New", "Provider", a => Value.FromNumber(Handles.Add(new OAuthClient(a.Text(0)))));
        r.Add("OAuth.Release", "OAuth", Handles.ReleaseFunction);
        r.Add("OAuth.SetClient", "OAuth; ClientID { ; ClientSecret }",
            a => Set(a, c => c.SetClient(a.Text(1).Trim(), a.Text(2, "").Trim())));
        r.Add("OAuth.SetTenant", "OAuth; Tenant", a => Set(a, c => c.SetTenant(Required(a, 1))));
        r.Add("OAuth.SetScopes", "OAuth; Scopes", a => Set(a, c => c.SetScopes(a.Text(1))));
        r.Add("OAuth.SetAuthority", "OAuth; URL", a => Set(a, c => c.SetAuthority(a.Text(1).Trim())));
        r.Add("OAuth.SetTokenStore", "OAuth; Path", a => Set(a, c => c.SetStore(a.Text(1).Trim())));
        r.Add("OAuth.ClientCredentials", "OAuth", a => { Handles.Get(a, 0).ClientCredentials(); return Value.Ok; });
        r.Add("OAuth.GetAccessToken", "OAuth { ; Account }",
            a => Value.FromText(Handles.Get(a, 0).GetAccessToken(a.Text(1, "").Trim())));
        r.Add("OAuth.Accounts", "OAuth", a => Value.FromText(string.Join('\r', Handles.Get(a, 0).Accounts())));
        r.Add("OAuth.SignOut", "OAuth; Account", a => Value.FromBool(Handles.Get(a, 0).SignOut(Required(a, 1))));
        r.Add("OAuth.SignIn", "OAuth { ; WebViewer; TimeoutSeconds }",
            a => Value.FromText(SignIns.Start(Handles.Get(a, 0), a.Text(1, ""), a.Int(2, 0), background: false).Run()));
        r.Add("OAuth.SignInInBackground", "OAuth; FileName; ScriptName { ; WebViewer; TimeoutSeconds }",
            SignInInBackground);
        r.Add("OAuth.SignInURL", "OAuth", a => Value.FromText(Handles.Get(a, 0).Session?.Url ?? ""));
        r.Add("OAuth.SignInResult", "OAuth", SignInResult);
        r.Add("OAuth.DeviceCode", "OAuth; FileName; ScriptName", DeviceCode);
        r.Add("OAuth.TestAccount", "OAuth; Account; SMTPURL; IMAPURL",
            a => Value.FromText(
                AccountTest.Run(Handles.Get(a, 0), a.Text(1, "").Trim(), a.Text(2, ""), a.Text(3, ""))));
        r.Add("OAuth.Diagnose", "Text", a => Value.FromText(Diagnostics.Hint(a.Text(0))));
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
        var session = Handles.Get(a, 0).Session ?? throw new MbsException(
            "No sign-in was started with this OAuth handle. Call OAuth.SignIn or OAuth.SignInInBackground first.");
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

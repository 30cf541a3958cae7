using System.Security.Cryptography;
using System.Text;
using Microsoft.Identity.Client.Extensibility;

namespace PluginBridge.Engine.OAuth;

/// <summary>
/// One interactive sign-in: authorization code flow (RFC 6749 §4.1) with PKCE S256 (RFC 7636), a random state that
/// must come back unchanged (RFC 6749 §10.12), the issuer check of RFC 9207 when the server sends `iss`, and the
/// redirect caught by a loopback listener (RFC 8252). The page opens in the named web viewer through the host, or in
/// the system browser (viewer name "OAuth"; the host's --browser command). A Microsoft app without a secret signs in
/// through MSAL's interactive flow with this listener as its web UI.
/// </summary>
sealed class SignInSession : ICustomWebUi, ISignIn
{
    readonly OAuthClient client;
    readonly string viewer;
    readonly TimeSpan timeout;
    readonly CancellationTokenSource cancel = new();
    readonly ManualResetEventSlim done = new(false);
    string url = "";

    readonly bool needsBrowser;

    /// <param name="needsBrowser">True for OAuth.SignIn: fail at once when no viewer or browser opens the page. The
    /// background variant waits anyway: the script can show OAuth.SignInURL.</param>
    public SignInSession(OAuthClient client, string viewer, int timeoutSeconds, bool needsBrowser)
    {
        this.needsBrowser = needsBrowser;
        this.client = client;
        this.viewer = viewer.Length > 0 ? viewer : "OAuth";
        timeout = TimeSpan.FromSeconds(timeoutSeconds > 0 ? timeoutSeconds : 300);
    }

    /// <summary>The authorization URL once the listener runs ("" before); for showing it when no browser
    /// opens.</summary>
    public string Url => Volatile.Read(ref url);
    public bool Finished => done.IsSet;
    public string Account { get; private set; } = "";
    public string Error { get; private set; } = "";

    public void Cancel() => cancel.Cancel();

    /// <summary>Runs the whole sign-in on this thread; the account name, or an MbsException.</summary>
    public string Run()
    {
        try
        {
            Account = client.Kind == OAuthClient.ProviderKind.Microsoft && client.ClientSecret.Length == 0
                ? RunThroughMsal() : RunStandard();
            return Account;
        }
        catch (MbsException e)
        {
            Error = e.Message;
            throw;
        }
        catch (Exception e)
        {
            Error = "The sign-in failed: " + e.Message;
            throw new MbsException(Error);
        }
        finally { done.Set(); }
    }

    string RunStandard()
    {
        var endpoints = client.Endpoints();
        using var listener = new LoopbackRedirect(localhostName: client.Kind == OAuthClient.ProviderKind.Microsoft);
        // RFC 7636 §4.1: 43 characters
        var verifier = Base64Url.Encode(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));   // RFC 7636 §4.2: S256
        var state = Base64Url.Encode(RandomNumberGenerator.GetBytes(16));
        var query = new List<KeyValuePair<string, string>>
        {
            new("client_id", client.ClientId), new("response_type", "code"), new("redirect_uri", listener.RedirectUri),
            new("scope", string.Join(' ', SignInScopes())), new("state", state),
            new("code_challenge", challenge), new("code_challenge_method", "S256"),
        };
        if (client.Kind == OAuthClient.ProviderKind.Google) { query.Add(new("access_type", "offline")); query.Add(
            new("prompt", "consent")); }
        // OIDC Core §11: offline_access needs it
        else if (client.Kind == OAuthClient.ProviderKind.Issuer) query.Add(new("prompt", "consent"));
        var response = Browse(endpoints.Authorize + (endpoints.Authorize.Contains('?') ? "&" : "?") +
            string.Join('&', query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")),
                listener, state);
        var flow = client.FlowFor(listener.RedirectUri);
        var record = client.WithBookLocked(() => flow.RedeemCode(response["code"], listener.RedirectUri, verifier));
        return client.SaveSignIn(record);
    }

    string RunThroughMsal()
    {
        using var listener = new LoopbackRedirect(localhostName: true);
        var flow = (MsalFlow)client.FlowFor(listener.RedirectUri);
        activeListener = listener;
        var record = flow.Interactive(this);
        return client.SaveSignIn(record);
    }

    LoopbackRedirect? activeListener;

    /// <summary>MSAL's hook for a custom web UI: it made the URL (PKCE, state); we open it and return the
    /// redirect.</summary>
    async Task<Uri> ICustomWebUi.AcquireAuthorizationCodeAsync(Uri authorizationUri, Uri redirectUri,
        CancellationToken cancellationToken)
    {
        var listener = activeListener ?? throw new InvalidOperationException("no listener");
        var state = QueryValue(authorizationUri, "state");
        var response = await Task.Run(() => Browse(authorizationUri.AbsoluteUri, listener, state), cancellationToken)
            .ConfigureAwait(false);
        return new Uri(listener.RedirectUri + "?"
            + string.Join('&', response.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")));
    }

    /// <summary>Opens the page, waits for the redirect and checks it: error, state (RFC 6749 §10.12), iss (RFC
    /// 9207).</summary>
    Dictionary<string, string> Browse(string authorizationUrl, LoopbackRedirect listener, string state)
    {
        Volatile.Write(ref url, authorizationUrl);
        if (Plugin.Host.WebViewer(viewer, "LoadURL", authorizationUrl) != 0 && needsBrowser)
            throw new MbsException($"The sign-in page could not be opened in the web viewer \"{viewer}\" or a " +
                $"browser. Use OAuth.SignInInBackground and show OAuth.SignInURL to the user.");
        var response = listener.Wait(timeout, cancel.Token)
            ?? throw new MbsException(cancel.IsCancellationRequested ? "The sign-in was cancelled."
                : $"No sign-in within {timeout.TotalSeconds:0} seconds. Call OAuth.SignIn again and finish the " +
                    $"sign-in in the browser.");
        if (response.TryGetValue("error", out var error))
        {
            var words = error + (response.TryGetValue("error_description", out var d) && d.Length > 0 ? ": " + d : "");
            throw new MbsException(
                $"The sign-in was refused by the server ({words}). {Diagnostics.Hint(words)}".TrimEnd());
        }
        if (!response.TryGetValue("state", out var returned) || !CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(returned), Encoding.UTF8.GetBytes(state)))
            throw new MbsException("The sign-in response carried a state that this sign-in did not send (a forged or " +
                "stale response). It was ignored; sign in again.");
        if (response.TryGetValue("iss", out var iss) && !client.IsExpectedIssuer(iss))
            throw new MbsException($"The sign-in response came from issuer \"{iss}\", not from the provider this " +
                $"handle uses (RFC 9207 mix-up protection). It was ignored; sign in again.");
        if (!response.TryGetValue("code", out var code) || code.Length == 0)
            throw new MbsException("The sign-in response has no authorization code. Sign in again.");
        return response;
    }

    /// <summary>What the sign-in asks for: the handle's scopes, plus openid (the account name) and offline_access
    /// (a refresh token; Google uses access_type=offline instead).</summary>
    IEnumerable<string> SignInScopes() => ScopesFor(client);

    public static IEnumerable<string> ScopesFor(OAuthClient client)
    {
        var scopes = client.Scopes.ToList();
        if (!scopes.Contains("openid")) scopes.Insert(0, "openid");
        if (client.Kind == OAuthClient.ProviderKind.Microsoft && !scopes.Contains("profile")) scopes.Add("profile");
        if (client.Kind != OAuthClient.ProviderKind.Google && !scopes.Contains("offline_access"))
            scopes.Add("offline_access");
        if (client.Kind != OAuthClient.ProviderKind.Microsoft && !scopes.Contains("email")) scopes.Add("email");
        return scopes;
    }

    static string QueryValue(Uri uri, string name)
    {
        foreach (var pair in uri.Query.TrimStart('?').Split('&'))
            if (pair.StartsWith(name + "=", StringComparison.Ordinal))
                return Uri.UnescapeDataString(pair[(name.Length + 1)..]);
        return "";
    }

}

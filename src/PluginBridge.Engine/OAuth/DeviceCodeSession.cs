using System.Text.Json;

namespace PluginBridge.Engine.OAuth;

/// <summary>
/// Sign-in without a browser on this machine (FileMaker Server): the OAuth 2.0 Device Authorization Grant, RFC 8628.
/// The device authorization request (§3.1) gives a user code to enter elsewhere; then the token endpoint is polled
/// (§3.4) every `interval` seconds (default 5), 5 seconds slower after each slow_down (§3.5), until the user signs
/// in, refuses (access_denied) or the code expires. Written over our HTTP client for every provider: MSAL's device
/// flow only works against Entra ID itself, and Entra ID accepts the RFC's grant type as well.
/// </summary>
sealed class DeviceCodeSession : ISignIn
{
    const string GrantType = "urn:ietf:params:oauth:grant-type:device_code";
    readonly OAuthClient client;
    readonly CancellationTokenSource cancel = new();
    readonly ManualResetEventSlim done = new(false);
    readonly string deviceCode;
    int interval;
    readonly DateTime expires;

    public string Url { get; }
    public bool Finished => done.IsSet;
    public string Account { get; private set; } = "";
    public string Error { get; private set; } = "";
    /// <summary>What OAuth.DeviceCode returns: user_code, verification_uri, message (and the rest of §3.2).</summary>
    public string Json { get; }

    public DeviceCodeSession(OAuthClient client)
    {
        this.client = client;
        var endpoint = client.Endpoints().DeviceAuthorization;
        if (endpoint.Length == 0)
            throw new MbsException("This provider offers no device authorization endpoint (RFC 8628). Use " +
                "OAuth.SignIn on a machine with a browser.");
        var form = ClientForm();
        form.Add(new("scope", string.Join(' ', SignInSession.ScopesFor(client))));
        var (status, body) = TokenHttp.PostForm(endpoint, form);
        var root = ParseObject(body);
        if (status != 200 || !root.TryGetProperty("device_code", out _))
        {
            var r = TokenResponse.Parse(status, body);
            throw new MbsException(($"The device authorization request was refused ({r.ServerWords()}). " +
                $"{Diagnostics.Hint(r.ServerWords())}").TrimEnd());
        }
        string Field(string name) => root.TryGetProperty(name, out var v)
            ? (v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.ToString()) : "";
        deviceCode = Field("device_code");
        var userCode = Field("user_code");
        // Google's older name
        var verification = Field("verification_uri") is { Length: > 0 } u ? u : Field("verification_url");
        // §3.2: default 5 s
        interval = int.TryParse(Field("interval"), out var i) && i > 0 ? i : 5;
        var lifetime = int.TryParse(Field("expires_in"), out var e) && e > 0 ? e : 900;
        expires = DateTime.UtcNow.AddSeconds(lifetime);
        var message = Field("message") is { Length: > 0 } m ? m
            : $"To sign in, open {verification} and enter the code {userCode}.";
        Url = Field("verification_uri_complete") is { Length: > 0 } complete ? complete : verification;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("user_code", userCode);
            json.WriteString("verification_uri", verification);
            if (Field("verification_uri_complete").Length > 0)
                json.WriteString("verification_uri_complete", Field("verification_uri_complete"));
            json.WriteNumber("expires_in", lifetime);
            json.WriteNumber("interval", interval);
            json.WriteString("message", message);
            json.WriteEndObject();
        }
        Json = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public void Cancel() => cancel.Cancel();

    /// <summary>Polls until the sign-in ends (on a worker thread); the outcome is in Account or Error.</summary>
    public void Poll()
    {
        try
        {
            while (true)
            {
                if (cancel.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(interval)))
                    throw new MbsException("The device code sign-in was cancelled.");
                if (DateTime.UtcNow >= expires) throw new MbsException(
                    "The device code expired before the user signed in. Call OAuth.DeviceCode again.");
                var form = ClientForm();
                form.Add(new("grant_type", GrantType));
                form.Add(new("device_code", deviceCode));
                var (status, body) = TokenHttp.PostForm(client.Endpoints().Token, form);
                var r = TokenResponse.Parse(status, body);
                if (r.Ok)
                {
                    var record = new StandardFlow(client).FromUserTokens(r);
                    Account = client.SaveSignIn(record);
                    return;
                }
                switch (r.Error)
                {
                    case "authorization_pending": continue;                 // §3.5: the user has not finished yet
                    case "slow_down": interval += 5; continue;              // §3.5: back off by 5 seconds for good
                    case "access_denied": throw new MbsException(
                        "The user declined the device code sign-in (access_denied).");
                    case "expired_token": throw new MbsException("The device code expired before the user signed in " +
                        "(expired_token). Call OAuth.DeviceCode again.");
                    default: throw new MbsException(($"The device code sign-in failed ({r.ServerWords()}). " +
                        $"{Diagnostics.Hint(r.ServerWords())}").TrimEnd());
                }
            }
        }
        catch (MbsException e) { Error = e.Message; }
        catch (Exception e) { Error = "The device code sign-in failed: " + e.Message; }
        finally { done.Set(); }
    }

    List<KeyValuePair<string, string>> ClientForm()
    {
        var form = new List<KeyValuePair<string, string>> { new("client_id", client.ClientId) };
        if (client.ClientSecret.Length > 0) form.Add(new("client_secret", client.ClientSecret));
        return form;
    }

    static JsonElement ParseObject(string body)
    {
        try
        {
            var root = JsonDocument.Parse(body).RootElement;
            return root.ValueKind == JsonValueKind.Object ? root : default;
        }
        catch (JsonException) { return default; }
    }
}

/// <summary>A sign-in in progress or done (browser or device code), for OAuth.SignInURL and
/// OAuth.SignInResult.</summary>
interface ISignIn
{
    string Url { get; }
    bool Finished { get; }
    string Account { get; }
    string Error { get; }
    void Cancel();
}

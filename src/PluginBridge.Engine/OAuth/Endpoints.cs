using System.Text.Json;

namespace PluginBridge.Engine.OAuth;

/// <summary>Where a provider's authorization, token and device endpoints are, and the issuer it names itself
/// by.</summary>
public sealed record Endpoints(string Issuer, string Authorize, string Token, string DeviceAuthorization)
{
    public const string MicrosoftLogin = "https://login.microsoftonline.com";

    /// <summary>Entra ID's v2.0 endpoints under an authority (https://login.microsoftonline.com/{tenant} or an
    /// override).</summary>
    public static Endpoints Microsoft(string authority) => new(
        authority, authority + "/oauth2/v2.0/authorize", authority + "/oauth2/v2.0/token",
            authority + "/oauth2/v2.0/devicecode");

    public static readonly Endpoints Google = new(
        "https://accounts.google.com", "https://accounts.google.com/o/oauth2/v2/auth",
            "https://oauth2.googleapis.com/token",
        "https://oauth2.googleapis.com/device/code");

    /// <summary>OpenID Connect Discovery 1.0 §4: GET {issuer}/.well-known/openid-configuration (RFC 8414
    /// fields).</summary>
    public static Endpoints Discover(string issuer)
    {
        var url = issuer.TrimEnd('/') + "/.well-known/openid-configuration";
        var (status, body) = TokenHttp.Get(url);
        if (status != 200)
            throw new MbsException($"The OpenID configuration at {url} answered HTTP {status}{Said(body)}. " +
                "Check the issuer URL given to OAuth.New or OAuth.SetAuthority.");
        try
        {
            var root = JsonDocument.Parse(body).RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new JsonException();
            string Field(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()! : "";
            var discovered = new Endpoints(Field("issuer"), Field("authorization_endpoint"), Field("token_endpoint"),
                Field("device_authorization_endpoint"));
            // OpenID Connect Discovery §4.3: the issuer in the document must be the one we asked.
            if (discovered.Issuer.TrimEnd('/') != issuer.TrimEnd('/'))
                throw new MbsException($"The OpenID configuration at {url} names issuer \"{discovered.Issuer}\", not " +
                    $"\"{issuer}\". Use the issuer URL exactly as the server states it.");
            if (discovered.Token.Length == 0)
                throw new MbsException($"The OpenID configuration at {url} has no token_endpoint.");
            return discovered;
        }
        catch (JsonException)
        {
            throw new MbsException(
                $"The OpenID configuration at {url} is no JSON object{Said(body)}. Check the issuer URL.");
        }
    }

    static string Said(string body) => TokenResponse.Quote(body) is { Length: > 0 } q ? $"; the server said {q}" : "";
}

using System.Text.Json.Serialization;

namespace PluginBridge.Engine.OAuth;

/// <summary>One account's tokens in the token book (our own records; MSAL keeps its own cache blob beside
/// them).</summary>
public sealed class TokenRecord
{
    [JsonPropertyName("account")] public string Account { get; set; } = "";
    [JsonPropertyName("issuer")] public string Issuer { get; set; } = "";
    [JsonPropertyName("client_id")] public string ClientId { get; set; } = "";
    [JsonPropertyName("access_token")] public string AccessToken { get; set; } = "";
    [JsonPropertyName("refresh_token")] public string RefreshToken { get; set; } = "";
    [JsonPropertyName("scope")] public string Scope { get; set; } = "";
    /// <summary>Unix seconds when the access token was issued and when it expires.</summary>
    [JsonPropertyName("issued_at")] public long IssuedAt { get; set; }
    [JsonPropertyName("expires_at")] public long ExpiresAt { get; set; }
    /// <summary>MSAL's home account id (Microsoft provider), to find the account in MSAL's cache.</summary>
    [JsonPropertyName("msal_account")] public string MsalAccountId { get; set; } = "";
    /// <summary>True for app-only tokens (client credentials): renewed by asking again, not by a refresh
    /// token.</summary>
    [JsonPropertyName("app_only")] public bool AppOnly { get; set; }
}

/// <summary>What a token book file holds once decrypted.</summary>
public sealed class TokenBookContent
{
    [JsonPropertyName("version")] public int Version { get; set; } = 1;
    [JsonPropertyName("records")] public List<TokenRecord> Records { get; set; } = [];
    /// <summary>MSAL's user and app token caches (SerializeMsalV3), base64, keyed by client id.</summary>
    [JsonPropertyName("msal")] public Dictionary<string, string> Msal { get; set; } = [];
}

[JsonSerializable(typeof(TokenBookContent))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
partial class TokenBookJson : JsonSerializerContext;

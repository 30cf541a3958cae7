using System.Text.Json;

namespace PluginBridge.PeerTests;

/// <summary>A token endpoint answer: the fields the article's scripts read, and the JSON as received.</summary>
public sealed record TokenResponse(string AccessToken, string? RefreshToken, int ExpiresIn, string Scope,
    string TokenType, string Json)
{
    public static TokenResponse Parse(string json)
    {
        var root = JsonDocument.Parse(json).RootElement;
        string? Text(string name) => root.TryGetProperty(name, out var value) ? value.GetString() : null;
        return new TokenResponse(
            Text("access_token") ?? throw new InvalidOperationException($"no access_token in {json}"),
            Text("refresh_token"),
            root.TryGetProperty("expires_in", out var expires) ? expires.GetInt32() : 0,
            Text("scope") ?? "",
            Text("token_type") ?? "",
            json);
    }
}

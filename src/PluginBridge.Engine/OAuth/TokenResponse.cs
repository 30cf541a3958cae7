using System.Text;
using System.Text.Json;

namespace PluginBridge.Engine.OAuth;

/// <summary>A token endpoint's answer (RFC 6749 §5.1 success, §5.2 error).</summary>
sealed class TokenResponse
{
    public string AccessToken = "", RefreshToken = "", Scope = "", IdToken = "", Error = "", ErrorDescription = "";
    public long ExpiresIn;
    public int Status;

    /// <summary>The server's reply, capped, when it is no JSON object (HTML, garbage) or an error answer without
    /// RFC 6749 §5.2's "error": passed through so the user sees what the server said. A JSON object that answered
    /// 200 is never repeated: it may hold tokens.</summary>
    public string Reply = "";

    public bool Ok => Status == 200 && AccessToken.Length > 0;

    public static TokenResponse Parse(int status, string body)
    {
        var r = new TokenResponse { Status = status };
        try
        {
            var root = JsonDocument.Parse(body).RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                (r.Error, r.Reply) = (status == 200 ? "invalid_response" : "", Quote(body));
                if (status == 200) r.ErrorDescription = "the answer is no JSON object";
                return r;
            }
            foreach (var p in root.EnumerateObject())
            {
                var text = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.ToString();
                switch (p.Name)
                {
                    case "access_token": r.AccessToken = text; break;
                    case "refresh_token": r.RefreshToken = text; break;
                    case "scope": r.Scope = text; break;
                    case "id_token": r.IdToken = text; break;
                    case "error": r.Error = text; break;
                    case "error_description": r.ErrorDescription = text; break;
                    case "expires_in": long.TryParse(text, out r.ExpiresIn); break;
                }
            }
        }
        catch (JsonException)
        {
            r.Error = status == 200 ? "invalid_response" : "";
            r.ErrorDescription = status == 200 ? "the answer is not JSON" : "";
            r.Reply = Quote(body);
            return r;
        }
        if (status != 200 && r.Error.Length == 0) r.Reply = Quote(body);
        else if (status == 200 && r.AccessToken.Length == 0 && r.Error.Length == 0)
            (r.Error, r.ErrorDescription) = ("invalid_response", "the answer has no access_token");
        return r;
    }

    /// <summary>The reply on one line, capped at 200 characters (MbsException.Echo), in quotes; "" for none.</summary>
    public static string Quote(string body)
    {
        var parts = body.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var oneLine = string.Join(' ', parts).Trim();
        return oneLine.Length == 0 ? "" : $"\"{MbsException.Echo(oneLine)}\"";
    }

    /// <summary>"invalid_grant: The refresh token has expired" — the server's own words, or its HTTP status.</summary>
    public string ServerWords()
    {
        var words = Error.Length == 0 ? $"HTTP {Status}"
            : ErrorDescription.Length == 0 ? Error : $"{Error}: {ErrorDescription}";
        return Reply.Length == 0 ? words : $"{words}, the server said {Reply}";
    }

    /// <summary>The account an ID token names: preferred_username, else email, else sub (no signature check: the
    /// token came straight from the token endpoint over TLS, OpenID Connect Core §3.1.3.7 item 6).</summary>
    public static string AccountOf(string idToken)
    {
        var claims = Jwt.Payload(idToken);
        if (claims is null) return "";
        foreach (var name in new[] { "preferred_username", "email", "upn", "sub" })
            if (claims.Value.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
                && v.GetString()!.Length > 0) return v.GetString()!;
        return "";
    }
}

/// <summary>Reads (never trusts) the payload of a JWT.</summary>
static class Jwt
{
    public static JsonElement? Payload(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return null;
        if (Base64Url.TryDecode(parts[1]) is not { } payload) return null;
        try
        {
            var root = JsonDocument.Parse(payload).RootElement;
            return root.ValueKind == JsonValueKind.Object ? root : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

using System.Text;
using System.Text.RegularExpressions;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// Hides bearer tokens, passwords and client secrets in debug text: the known secret strings of a transfer, any
/// base64 run that decodes to text holding one (SASL payloads and HTTP Basic carry them so, whatever the mechanism's
/// format: see Mail/SaslPayloads), secret-looking form fields, JSON members and Authorization headers. Structural
/// redaction catches what the set of known strings cannot know in advance.
/// </summary>
sealed partial class SecretRedactor
{
    public const string Mask = "[redacted]";
    readonly List<string> secrets = [];

    public bool Enabled { get; }

    public SecretRedactor(bool enabled, CurlOptions options)
    {
        Enabled = enabled;
        Add(options.Password);
        Add(options.XOAuth2Bearer);
        if (options.PostFields is { } body)
            foreach (Match m in FormSecret().Matches(Encoding.UTF8.GetString(body)))
                Add(Uri.UnescapeDataString(m.Groups[2].Value.Replace('+', ' ')));
    }

    void Add(string secret)
    {
        // Very short values would blank out ordinary text; structural rules still catch them.
        if (secret.Length >= 4) secrets.Add(secret);
    }

    public string Redact(string text)
    {
        if (!Enabled || text.Length == 0) return text;
        foreach (var s in secrets) text = text.Replace(s, Mask, StringComparison.Ordinal);
        if (secrets.Count > 0) text = Base64Run().Replace(text, m => CarriesSecret(m.Value) ? Mask : m.Value);
        text = AuthorizationHeader().Replace(text, m => m.Groups[1].Value + Mask);
        // Neither can match without its '=' or '"' (most protocol lines have neither): skip the scan then.
        if (text.Contains('=')) text = FormSecret().Replace(text, m => m.Groups[1].Value + "=" + Mask);
        if (text.Contains('"')) text = JsonSecret().Replace(text, m => m.Groups[1].Value + "\"" + Mask + "\"");
        return text;
    }

    bool CarriesSecret(string base64)
    {
        var buffer = new byte[base64.Length * 3 / 4];
        if (!Convert.TryFromBase64String(base64, buffer, out var length)) return false;
        var decoded = Encoding.UTF8.GetString(buffer, 0, length);
        return secrets.Any(s => decoded.Contains(s, StringComparison.Ordinal));
    }

    // Long enough to hold a secret of 4 characters and more (base64 grows 4/3).
    [GeneratedRegex(@"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{8,}={0,2}(?![A-Za-z0-9+/=])")]
    private static partial Regex Base64Run();

    [GeneratedRegex(@"(?im)^((?:proxy-)?authorization:\s*\S+\s+)\S.*$")]
    private static partial Regex AuthorizationHeader();

    // Form fields and URL query parameters that carry secrets in OAuth requests.
    [GeneratedRegex(@"(?i)(?<![A-Za-z0-9_])(client_secret|refresh_token|access_token|id_token|code|code_verifier|" +
        @"password|assertion|client_assertion|token)=([^&\s]*)")]
    private static partial Regex FormSecret();

    [GeneratedRegex(@"(?i)(""(?:client_secret|refresh_token|access_token|id_token|password|code|" +
        @"code_verifier)""\s*:\s*)""[^""]*""")]
    private static partial Regex JsonSecret();
}

using System.Text;
using System.Text.RegularExpressions;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// Hides bearer tokens, passwords and client secrets in debug text: the known secret strings of a transfer
/// (also base64-encoded, as XOAUTH2 and Basic auth carry them), secret-looking form fields, JSON members and
/// Authorization headers. Structural redaction catches what the set of known strings cannot know in advance.
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
        if (options.XOAuth2Bearer.Length > 0)
        {
            // The XOAUTH2 initial response and HTTP Basic carry secrets base64-encoded.
            AddBase64($"user={options.UserName}\u0001auth=Bearer {options.XOAuth2Bearer}\u0001\u0001");
            AddBase64($"n,a={options.UserName},\u0001auth=Bearer {options.XOAuth2Bearer}\u0001\u0001");
        }
        if (options.Password.Length > 0)
        {
            AddBase64($"{options.UserName}:{options.Password}");
            AddBase64($"\0{options.UserName}\0{options.Password}");
        }
        if (options.PostFields is { } body)
            foreach (Match m in FormSecret().Matches(Encoding.UTF8.GetString(body)))
                Add(Uri.UnescapeDataString(m.Groups[2].Value.Replace('+', ' ')));
    }

    void Add(string secret)
    {
        // Very short values would blank out ordinary text; structural rules still catch them.
        if (secret.Length >= 4) secrets.Add(secret);
    }

    void AddBase64(string text) => Add(Convert.ToBase64String(Encoding.UTF8.GetBytes(text)));

    public string Redact(string text)
    {
        if (!Enabled || text.Length == 0) return text;
        foreach (var s in secrets) text = text.Replace(s, Mask, StringComparison.Ordinal);
        text = AuthorizationHeader().Replace(text, m => m.Groups[1].Value + Mask);
        text = FormSecret().Replace(text, m => m.Groups[1].Value + "=" + Mask);
        text = JsonSecret().Replace(text, m => m.Groups[1].Value + "\"" + Mask + "\"");
        return text;
    }

    [GeneratedRegex(@"(?im)^((?:proxy-)?authorization:\s*\S+\s+)\S.*$")]
    private static partial Regex AuthorizationHeader();

    // Form fields and URL query parameters that carry secrets in OAuth requests.
    [GeneratedRegex(@"(?i)(?<![A-Za-z0-9_])(client_secret|refresh_token|access_token|id_token|code|code_verifier|password|assertion|client_assertion|token)=([^&\s]*)")]
    private static partial Regex FormSecret();

    [GeneratedRegex(@"(?i)(""(?:client_secret|refresh_token|access_token|id_token|password|code|code_verifier)""\s*:\s*)""[^""]*""")]
    private static partial Regex JsonSecret();
}

using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PluginBridge.Engine.OAuth;

/// <summary>
/// OAuth.Diagnose: what a mail server's or identity provider's error means and what to change. The texts follow
/// Microsoft's and Google's published troubleshooting for these codes; the first matching rule wins.
/// </summary>
static partial class Diagnostics
{
    static readonly (Regex Pattern, string Hint)[] Rules =
    [
        (Re(@"5\.7\.139"), "SMTP AUTH is disabled for this tenant or mailbox, or Security Defaults block it. Enable " +
            "\"Authenticated SMTP\" for the mailbox (Microsoft 365 admin center > user > Mail > Manage email apps) " +
            "and check that Security Defaults / Conditional Access allow it."),
        (Re(@"5\.7\.3\b"), "The token was refused for this mailbox: wrong audience or scope (ask for " +
            "https://outlook.office365.com/SMTP.Send or IMAP.AccessAsUser.All, not Graph's Mail.Send), or the user " +
            "name is not the account that signed in."),
        (Re(@"5\.7\.60|SendAsDenied"), "The signed-in account may not send as this From address (SendAsDenied). Send " +
            "from the account's own address, or grant it Send As rights on that mailbox."),
        (Re(@"AADSTS50011"), "The redirect URI of the request is not registered for the app. Add it exactly (scheme, " +
            "host, port, path) under the app registration's Authentication; for loopback sign-in use a \"Mobile and " +
            "desktop\" platform with http://localhost."),
        (Re(@"AADSTS7000215"), "The client secret is wrong: use the secret's Value, not its Secret ID, and check " +
            "that it has not expired (app registration > Certificates & secrets)."),
        (Re(@"AADSTS7000222"), "The client secret has expired. Create a new one (app registration > Certificates & " +
            "secrets) and update OAuth.SetClient."),
        (Re(@"AADSTS7000218"), "The app is a confidential (web) app but no client secret was sent. Pass the secret " +
            "to OAuth.SetClient, or enable \"Allow public client flows\" for device code and desktop sign-in."),
        (Re(@"AADSTS65001"), "The user or an administrator has not consented to these permissions. Sign in " +
            "interactively once to consent, or have an administrator grant consent for the tenant."),
        (Re(@"AADSTS700016"), "No app with this client ID exists in this tenant. Check the Application (client) ID " +
            "and the tenant (OAuth.SetTenant); for accounts of other organisations make the app multi-tenant."),
        (Re(@"AADSTS5007[69]"), "Multi-factor authentication is required. Sign in interactively (OAuth.SignIn or " +
            "OAuth.DeviceCode) so the user can complete MFA; silent and password flows cannot."),
        (Re(@"invalid_grant"), "The refresh token or code is no longer valid (expired, revoked, password changed, or " +
            "already used). Sign in again with OAuth.SignIn or OAuth.DeviceCode."),
        (Re(@"invalid_client"), "The client ID or secret is not accepted by the server. Check both (OAuth.SetClient) " +
            "and how the server expects the client to authenticate."),
        (Re(@"invalid_scope"), "The server does not grant one of the scopes. Check OAuth.SetScopes against what the " +
            "app registration may ask for."),
        (Re(@"5\.7\.8|AUTHENTICATIONFAILED|535"),
            "The mail server refused the login. Check that the token is current (OAuth.GetAccessToken), that its " +
            "scopes include the mail protocol, and that the user name is the signed-in account."),
    ];

    static Regex Re(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>A hint for the text, or "" when none applies.</summary>
    public static string Hint(string text)
    {
        var gmail = GmailChallenge(text);
        foreach (var (pattern, hint) in Rules)
            if (pattern.IsMatch(text)) return gmail.Length > 0 ? gmail + " " + hint : hint;
        return gmail.Length > 0 ? gmail
            + " The token was refused: sign in again or check the scope (Gmail needs https://mail.google.com/)." : "";
    }

    public static string HintOrEmpty(string text) => Hint(text);

    /// <summary>
    /// CURL's "Login denied (reply)" with " Hint: …" added when the reply has a specific cause (5.7.139, 5.7.3,
    /// SendAsDenied, AADSTS codes); a generic refusal (535 5.7.8) stays as curl prints it.
    /// </summary>
    public static string ForMailLogin(string message)
    {
        foreach (var (pattern, hint) in Rules.AsSpan(0, Rules.Length - 1))
            if (pattern.IsMatch(message)) return $"{message}. Hint: {hint}";
        return message;
    }

    /// <summary>Gmail's and Dovecot's XOAUTH2 failure challenge "334 eyJ…" (RFC 7628 §3.2.2 JSON, base64).</summary>
    static string GmailChallenge(string text)
    {
        var m = ChallengePattern().Match(text);
        if (!m.Success) return "";
        try
        {
            var json = Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[1].Value));
            var root = JsonDocument.Parse(json).RootElement;
            string Field(string n) => root.TryGetProperty(n, out var v) ? v.ToString() : "";
            return $"The server's XOAUTH2 challenge says: status {Field("status")}" +
                   (Field("scope").Length > 0 ? $", scope {Field("scope")}" : "")
                       + (Field("schemes").Length > 0 ? $", schemes {Field("schemes")}" : "") + ".";
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            return "";
        }
    }

    [GeneratedRegex(@"(?:^|\s|\+ )(?:334 )?(eyJ[A-Za-z0-9+/=]+)")]
    private static partial Regex ChallengePattern();
}

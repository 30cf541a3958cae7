using System.Text;

namespace PluginBridge.Engine.Curl.Mail;

/// <summary>
/// SASL in one place: which mechanism a transfer uses (SMTP, IMAP and POP3 alike) and the initial responses of the
/// IMAP and POP3 clients (SMTP sends MailKit's mechanisms of the same names).
/// </summary>
static class SaslPayloads
{
    public static string XOAuth2(string user, string token) => B64($"user={user}\u0001auth=Bearer {token}\u0001\u0001");

    public static string OAuthBearer(string user, string host, int port, string token) =>
        B64($"n,a={user},\u0001host={host}\u0001port={port}\u0001auth=Bearer {token}\u0001\u0001");

    public static string Plain(string user, string password) => B64($"\0{user}\0{password}");

    static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    /// <summary>The mechanism to use with a bearer token: asked by LoginOptions, else XOAUTH2 unless only OAUTHBEARER
    /// is offered.</summary>
    public static string BearerMechanism(string loginOptions, Func<string, bool> offered)
    {
        var asked = Asked(loginOptions);
        if (asked is "XOAUTH2" or "OAUTHBEARER") return asked;
        return !offered("XOAUTH2") && offered("OAUTHBEARER") ? "OAUTHBEARER" : "XOAUTH2";
    }

    /// <summary>The bearer mechanism (see <see cref="BearerMechanism"/>) and its initial response for this
    /// transfer.</summary>
    public static (string Mechanism, string Payload) Bearer(Transfer t, Func<string, bool> offered)
    {
        var o = t.Options;
        var mech = BearerMechanism(o.LoginOptions, offered);
        var payload = mech == "OAUTHBEARER"
            ? OAuthBearer(o.UserName, t.Url.Host, t.Url.Port, o.XOAuth2Bearer)
            : XOAuth2(o.UserName, o.XOAuth2Bearer);
        return (mech, payload);
    }

    /// <summary>"AUTH=PLAIN" → "PLAIN"; "" or "AUTH=*" → "".</summary>
    public static string Asked(string loginOptions)
    {
        var o = loginOptions.Trim();
        if (!o.StartsWith("AUTH=", StringComparison.OrdinalIgnoreCase)) return "";
        var m = o[5..].Split(';')[0].Trim().ToUpperInvariant();
        return m == "*" ? "" : m;
    }
}

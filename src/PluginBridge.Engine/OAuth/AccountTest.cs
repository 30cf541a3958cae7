using System.Text;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace PluginBridge.Engine.OAuth;

/// <summary>
/// OAuth.TestAccount: does the account's token work where it is meant to? Gets the token (silently, from the book),
/// reads audience, scopes and expiry from it where it is a JWT, logs in to IMAP (AUTHENTICATE XOAUTH2, SELECT INBOX,
/// through CURL) and to SMTP (MailKit, AUTH XOAUTH2; no mail is sent). Each step is "ok" or the server's reply with
/// OAuth.Diagnose's hint.
/// Certificates are verified; revocation is not checked, as curl does not by default.
/// </summary>
static class AccountTest
{
    public static string Run(OAuthClient client, string account, string smtpUrl, string imapUrl)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("account", account);
            string token;
            json.WriteStartObject("token");
            try
            {
                token = client.GetAccessToken(account);
                json.WriteString("status", "ok");
                WriteClaims(json, token, client.ExpiryOf(account));
            }
            catch (MbsException e)
            {
                json.WriteString("status", "failed");
                json.WriteString("reply", e.Message);
                json.WriteString("hint", Diagnostics.Hint(e.Message));
                json.WriteEndObject();
                json.WriteEndObject();
                json.Flush();
                return Encoding.UTF8.GetString(buffer.ToArray());
            }
            json.WriteEndObject();
            if (imapUrl.Trim().Length > 0) Step(json, "imap", () => Imap(imapUrl, account, token));
            if (smtpUrl.Trim().Length > 0) Step(json, "smtp", () => Smtp(smtpUrl, account, token));
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    static void WriteClaims(Utf8JsonWriter json, string token, long expiresAt)
    {
        var claims = Jwt.Payload(token);
        json.WriteBoolean("jwt", claims is not null);
        if (claims is { } c)
        {
            if (c.TryGetProperty("aud", out var aud))
                json.WriteString("audience", aud.ValueKind == JsonValueKind.String ? aud.GetString() : aud.ToString());
            if (c.TryGetProperty("scp", out var scp) || c.TryGetProperty("scope", out scp))
                json.WriteString("scopes", scp.ToString());
            if (c.TryGetProperty("roles", out var roles)) json.WriteString("roles", roles.ToString());
            if (c.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var e)) expiresAt = e;
        }
        if (expiresAt > 0) json.WriteString("expires",
            DateTimeOffset.FromUnixTimeSeconds(expiresAt).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
    }

    static void Step(Utf8JsonWriter json, string name, Action step)
    {
        json.WriteStartObject(name);
        try
        {
            step();
            json.WriteString("status", "ok");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var reply = e is MbsException or SmtpCommandException or AuthenticationException
                or MailKit.ProtocolException
                ? e.Message : $"{e.GetType().Name}: {e.Message}";
            json.WriteString("status", "failed");
            json.WriteString("reply", reply);
            json.WriteString("hint", Diagnostics.Hint(reply));
        }
        json.WriteEndObject();
    }

    static (string Host, int Port, SecureSocketOptions Tls) Parse(string url, string plain, string tls, int plainPort,
        int tlsPort)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var u) || (u.Scheme != plain && u.Scheme != tls))
            throw new MbsException($"\"{url}\" is not a {plain}:// or {tls}:// URL.");
        var implicitTls = u.Scheme == tls;
        return (u.Host, u.IsDefaultPort || u.Port <= 0 ? (implicitTls ? tlsPort : plainPort) : u.Port,
            implicitTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls);
    }

    /// <summary>Through our CURL family's IMAP client (MailKit's ImapClient would add its size to the
    /// plug-in).</summary>
    static void Imap(string url, string user, string token)
    {
        Parse(url, "imap", "imaps", 143, 993);
        var curl = Plugin.Call("CURL.New").Text;
        try
        {
            var steps = new (string Function, string Value)[]
            {
                ("CURL.SetOptionURL", url.Trim().TrimEnd('/') + "/"), ("CURL.SetOptionUseSSL", "3"),
                ("CURL.SetOptionUserName", user), ("CURL.SetOptionXOAuth2Bearer", token),
                ("CURL.SetOptionLoginOptions", "AUTH=XOAUTH2"), ("CURL.SetOptionCustomRequest", "SELECT INBOX"),
                ("CURL.SetOptionTimeOut", "15"),
            };
            foreach (var (function, value) in steps)
                if (Plugin.Call(function, curl, value) is { IsError: true } failed) throw new MbsException(failed.Text);
            var result = Plugin.Call("CURL.Perform", curl);
            if (result.IsError) throw new MbsException(result.Text);
        }
        finally { Plugin.Call("CURL.Release", curl); }
    }

    static void Smtp(string url, string user, string token)
    {
        var (host, port, tls) = Parse(url, "smtp", "smtps", 587, 465);
        using var smtp = new SmtpClient { Timeout = 15_000, CheckCertificateRevocation = false };
        smtp.Connect(host, port, tls);
        smtp.Authenticate(new SaslMechanismOAuth2(user, token));
        smtp.Disconnect(true);
    }
}

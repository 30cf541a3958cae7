namespace PluginBridge.Engine.Curl.Ftp;

/// <summary>
/// The start of an FTP session as libcurl runs it: the 220 greeting, AUTH TLS (then AUTH SSL) when
/// CURL.SetOptionUseSSL asks for TLS on an ftp:// URL, USER/PASS (anonymous / ftp@example.com without a login,
/// as curl), PBSZ 0 and PROT P (PROT C for UseSSL 2, "control connection only") on a TLS session, and PWD for the
/// entry path later transfers on the kept connection return to.
/// </summary>
static class FtpLogin
{
    public static async Task RunAsync(FtpSession s, Transfer t)
    {
        var o = t.Options;
        var c = s.Connection;
        var greeting = await s.ReadReplyAsync();
        if (greeting.Code != 220)
            throw new CurlException(CurlCode.WeirdServerReply,
                $"Got a {greeting.Code} ftp-server response when 220 was expected ({greeting.Line})");

        if (!c.IsSecure && o.UseSsl > 0)
        {
            var auth = await s.CommandAsync("AUTH TLS");
            if (auth.Code != 234) auth = await s.CommandAsync("AUTH SSL");
            if (auth.Code == 234) await c.UpgradeAsync();
            else if (o.UseSsl >= 2)
                throw new CurlException(CurlCode.UseSslFailed, $"Server denied AUTH TLS/SSL ({auth.Line})");
        }

        var (user, password) = Credentials(t);
        var r = await s.CommandAsync("USER " + user);
        if (r.Code == 331)
            r = await s.CommandAsync("PASS " + password,
                t.Log.Redactor.Enabled ? "PASS " + SecretRedactor.Mask : null);
        if (r.Code / 100 != 2) throw new CurlException(CurlCode.LoginDenied, $"Access denied: {r.Code} ({r.Line})");

        if (c.IsSecure)
        {
            await s.CommandAsync("PBSZ 0");
            var level = !t.Url.Secure && o.UseSsl == 2 ? 'C' : 'P';
            var prot = await s.CommandAsync($"PROT {level}");
            if (prot.Code / 100 == 2) s.ProtectData = level == 'P';
            else if (t.Url.Secure || o.UseSsl == 3)
                throw new CurlException(CurlCode.UseSslFailed, $"PROT {level} refused by the server ({prot.Line})");
        }

        var pwd = await s.CommandAsync("PWD");
        if (pwd.Code == 257 && QuotedPath(pwd.Line) is { } entry)
        {
            s.EntryPath = entry;
            t.Log.Info($"Entry path is '{entry}'");
        }
    }

    /// <summary>The login: the options, else the URL's user:password, else curl's anonymous login.</summary>
    static (string User, string Password) Credentials(Transfer t)
    {
        var o = t.Options;
        if (o.UserName.Length > 0) return (o.UserName, o.Password);
        var info = t.Url.Uri.UserInfo;
        if (info.Length > 0)
        {
            var colon = info.IndexOf(':');
            return colon < 0 ? (Uri.UnescapeDataString(info), o.Password)
                : (Uri.UnescapeDataString(info[..colon]), Uri.UnescapeDataString(info[(colon + 1)..]));
        }
        return ("anonymous", o.Password.Length > 0 ? o.Password : "ftp@example.com");
    }

    /// <summary>The directory in a 257 reply: "257 "/pub" is …", with "" standing for one quote.</summary>
    static string? QuotedPath(string line)
    {
        var start = line.IndexOf('"');
        if (start < 0) return null;
        var sb = new System.Text.StringBuilder();
        for (var i = start + 1; i < line.Length; i++)
        {
            if (line[i] != '"') { sb.Append(line[i]); continue; }
            if (i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; continue; }
            return sb.ToString();
        }
        return null;
    }
}

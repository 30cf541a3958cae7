using PluginBridge.Engine.Curl.Mail;

namespace PluginBridge.Engine.Curl.Ftp;

/// <summary>
/// ftp/ftps the way libcurl runs a transfer: login (AUTH TLS first when CURL.SetOptionUseSSL asks, TLS from the
/// first byte for ftps://), PBSZ/PROT, PWD, the QUOTE commands, CWD per CURLOPT_FTP_FILEMETHOD (MKD for missing
/// directories when asked), then a listing (URL ending in "/"), a download (RETR), an upload (STOR/APPE) or a
/// wildcard batch, and the POSTQUOTE commands. The control connection stays open in the handle for the next
/// transfer, as libcurl keeps it.
/// </summary>
static class FtpTransfer
{
    public static Task RunAsync(Transfer t)
    {
        var key = KeyOf(t);
        return t.Connections.RunAsync(key, t, async () => new FtpSession(await LineConnection.OpenAsync(t), t, key),
            s => FtpLogin.RunAsync(s, t), s => WorkAsync(s, t));
    }

    /// <summary>What a kept control connection must match: server, TLS settings and login.</summary>
    static string KeyOf(Transfer t)
    {
        var o = t.Options;
        var u = t.Url;
        return string.Join('\n', "ftp", u.Scheme, u.Host, u.Port, o.UseSsl, TlsPolicy.KeyOf(o), o.UserName,
            o.Password, u.Uri.UserInfo);
    }

    /// <summary>Everything after the login: QUOTE, CWD, the transfer, POSTQUOTE.</summary>
    static async Task WorkAsync(FtpSession s, Transfer t)
    {
        var o = t.Options;
        var f = o.Ftp;
        var target = FtpTarget.Parse(t.Url.Path, f.FileMethod);
        // Logged in (or a kept connection: no lookup, connect or TLS phases): the transfer's own commands go out
        // next, and the first reply to them is the start of the transfer (DebugLog.Received).
        t.Times.Mark(Phase.PreTransfer);
        await QuoteAsync(s, f.Quote);
        await ChangeDirectoryAsync(s, t, target);
        if (o.NoBody) { /* quote commands and CWD only, as curl with CURLOPT_NOBODY */ }
        else if (f.WildCardMatch && target.HasPattern && !o.Upload) await FtpFiles.WildcardAsync(s, target);
        else if (o.Upload) await FtpFiles.UploadAsync(s, target);
        else if (target.File.Length == 0) await FtpFiles.ListAsync(s, target);
        else await FtpFiles.DownloadAsync(s, target.CommandPath(f.FileMethod, target.File), t.Body, prequote: true);
        await QuoteAsync(s, f.PostQuote);
    }

    /// <summary>CURLOPT_QUOTE / PREQUOTE / POSTQUOTE: each command must succeed unless it starts with "*".</summary>
    public static async Task QuoteAsync(FtpSession s, List<string> commands)
    {
        foreach (var entry in commands)
        {
            var mayFail = entry.StartsWith('*');
            var command = mayFail ? entry[1..] : entry;
            if (command.Length == 0) continue;
            var r = await s.CommandAsync(command);
            if (r.Code >= 400 && !mayFail)
                throw new CurlException(CurlCode.QuoteError, $"QUOT command failed with {r.Code} ({r.Line})");
        }
    }

    /// <summary>
    /// CWD into the target's directories. A kept connection goes back to the entry path first, unless the previous
    /// transfer already left it in the same directory. With CURLOPT_FTP_CREATE_MISSING_DIRS a directory CWD cannot
    /// enter is made with MKD and entered again.
    /// </summary>
    static async Task ChangeDirectoryAsync(FtpSession s, Transfer t, FtpTarget target)
    {
        var key = string.Join('\n', target.Dirs);
        if ((s.CurrentDir ?? "") == key)
        {
            if (key.Length > 0) t.Log.Info("Request has same path as previous transfer");
            return;
        }
        var wasElsewhere = s.CurrentDir is { Length: > 0 };
        s.CurrentDir = "\0"; // unknown until every CWD worked
        if (wasElsewhere) await CwdAsync(s, s.EntryPath, create: 0);
        foreach (var dir in target.Dirs) await CwdAsync(s, dir, t.Options.Ftp.CreateMissingDirs);
        s.CurrentDir = key;
    }

    static async Task CwdAsync(FtpSession s, string dir, int create)
    {
        var r = await s.CommandAsync("CWD " + dir);
        if (r.Code / 100 == 2) return;
        if (create > 0 && dir != "/")
        {
            var made = await s.CommandAsync("MKD " + dir);
            if (made.Code / 100 != 2 && create == 1)
                throw new CurlException(CurlCode.RemoteAccessDenied, $"Failed to MKD dir: {made.Code} ({made.Line})");
            r = await s.CommandAsync("CWD " + dir);
            if (r.Code / 100 == 2) return;
        }
        throw new CurlException(CurlCode.RemoteAccessDenied,
            $"Server denied you to change to the given directory ({r.Line})");
    }
}

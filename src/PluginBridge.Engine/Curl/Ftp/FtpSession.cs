using System.Globalization;
using PluginBridge.Engine.Curl.Mail;

namespace PluginBridge.Engine.Curl.Ftp;

/// <summary>An FTP reply: its code and its last line (the one curl quotes in errors).</summary>
sealed record FtpReply(int Code, string Line)
{
    public bool Positive => Code is >= 100 and < 400;
}

/// <summary>
/// The FTP control connection of a CURL handle: commands and their (possibly multi-line) replies over the line
/// connection the mail clients use, plus what libcurl remembers per connection — the entry path, the directory
/// it changed into, the TYPE set, whether EPSV/EPRT work and whether data connections are protected (PROT P).
/// </summary>
sealed class FtpSession(LineConnection c, Transfer t, string key) : LineSession(c, t, key)
{
    public string EntryPath = "/";
    /// <summary>The directory the last transfer changed into (relative to the entry path), null before any
    /// CWD.</summary>
    public string? CurrentDir;
    public char Type;
    public bool EpsvBroken, EprtBroken;
    /// <summary>PROT P was accepted: data connections use TLS too.</summary>
    public bool ProtectData;

    public async Task<FtpReply> CommandAsync(string command, string? logAs = null)
    {
        await Connection.WriteLineAsync(command, logAs);
        return await ReadReplyAsync();
    }

    /// <summary>One reply: "123 text", or "123-text" … "123 text" (RFC 959 multi-line form).</summary>
    public async Task<FtpReply> ReadReplyAsync()
    {
        var (line, _) = await Connection.ReadLineAsync();
        if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture,
            out var code))
            throw new CurlException(CurlException.WeirdServerReply, $"Weird server reply ({line})");
        if (line.Length > 3 && line[3] == '-')
        {
            var end = line[..3] + " ";
            while (!line.StartsWith(end, StringComparison.Ordinal) && line != end.TrimEnd())
                (line, _) = await Connection.ReadLineAsync();
        }
        Answered = true;
        Transfer.ResponseCode = code; // CURLINFO_RESPONSE_CODE: the last FTP reply
        return new FtpReply(code, line);
    }
}

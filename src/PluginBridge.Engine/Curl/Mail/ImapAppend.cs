using System.Globalization;

namespace PluginBridge.Engine.Curl.Mail;

/// <summary>
/// IMAP upload as curl does it: URL "imap://host/Sent" + CURL.SetOptionUpload 1 + the input data →
/// "APPEND Sent (\Seen) {n}", the literal after the server's "+", then the tagged reply. No SELECT before it.
/// The flags come from CURL.SetOptionUploadFlags (curl's CURLOPT_UPLOAD_FLAGS; default \Seen). Anything but OK
/// is curl's 25 with the server's own line, so a message the server did not store never reads as "OK".
/// </summary>
static partial class ImapTransfer
{
    // curl's CURLULFLAG_* bits, in the order curl writes them.
    static readonly (int Bit, string Flag)[] UploadFlags =
        [(1, "\\Answered"), (2, "\\Deleted"), (4, "\\Draft"), (8, "\\Flagged"), (16, "\\Seen")];

    /// <summary>"(\Answered \Seen)" for a CURLULFLAG_* bit mask; empty for 0 (no flag list sent).</summary>
    public static string FlagList(int mask)
    {
        var flags = UploadFlags.Where(f => (mask & f.Bit) != 0).Select(f => f.Flag).ToList();
        return flags.Count == 0 ? "" : " (" + string.Join(' ', flags) + ")";
    }

    static async Task AppendAsync(Session s, Transfer t, string mailbox)
    {
        if (mailbox.Length == 0)
            throw new CurlException(CurlException.UrlMalformat,
                "Cannot APPEND without a mailbox: put it in the URL, e.g. imap://host/Sent");
        if (t.Options.InputData is not { Length: > 0 } data)
            throw new CurlException(CurlException.UploadFailed,
                "Cannot APPEND an empty message: set it with CURL.SetInputText (or SetInputFile) before CURL.Perform");
        var r = await s.AppendAsync($"APPEND {Astring(mailbox)}{FlagList(t.Options.UploadFlags)} " +
            $"{{{data.Length.ToString(CultureInfo.InvariantCulture)}}}", data);
        if (!r.Ok) throw new CurlException(CurlException.UploadFailed, $"Upload failed ({r.Line})");
    }

    sealed partial class Session
    {
        /// <summary>A command ending in a literal: the data follows only after the server's "+" continuation.</summary>
        public async Task<Reply> AppendAsync(string command, byte[] literal)
        {
            var id = NextTag();
            await Connection.WriteLineAsync($"{id} {command}");
            var (line, _) = await Connection.ReadLineAsync();
            // untagged news before "+"
            while (line.StartsWith("* ", StringComparison.Ordinal)) (line, _) = await Connection.ReadLineAsync();
            if (!line.StartsWith('+')) return new Reply(false, line, []);
            await Connection.WriteDataAsync(literal);
            return await ReadReplyAsync(id);
        }
    }
}

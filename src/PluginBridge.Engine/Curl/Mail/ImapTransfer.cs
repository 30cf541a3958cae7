using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PluginBridge.Engine.Curl.Mail;

/// <summary>
/// imap/imaps the way curl reads its URL forms: "imap://host/" lists mailboxes (LIST "" *), "imap://host/INBOX"
/// lists below INBOX (LIST "INBOX" *), ";UID=n" / ";MAILINDEX=n" (+ ";SECTION=") selects and fetches the message
/// body, "?query" selects and SEARCHes, and CURL.SetOptionCustomRequest runs a command (after SELECT when a
/// mailbox is given) whose untagged replies become the result — as curl writes them.
/// A small line client rather than MailKit's ImapClient because curl's custom commands need raw IMAP.
/// </summary>
static partial class ImapTransfer
{
    sealed record Target(string Mailbox, string Uid, string MailIndex, string Section);

    public static Task RunAsync(Transfer t)
    {
        var key = LineSession.MailKey(t);
        return t.Connections.RunAsync(key, t, async () => new Session(await LineConnection.OpenAsync(t), t, key),
            s => LoginAsync(s, t),
            s =>
            {
                t.Times.Mark(Phase.PreTransfer); // logged in: the transfer's own commands go out next
                return CommandsAsync(s, t);
            });
    }

    /// <summary>Greeting, capabilities, STARTTLS per UseSSL, then the login: the session later transfers may
    /// reuse.</summary>
    static async Task LoginAsync(Session session, Transfer t)
    {
        var o = t.Options;
        var c = session.Connection;
        var (greeting, _) = await c.ReadLineAsync();
        if (greeting.StartsWith("* BYE", StringComparison.OrdinalIgnoreCase)
            || !greeting.StartsWith("* ", StringComparison.Ordinal))
            throw new CurlException(CurlException.WeirdServerReply,
                $"Got unexpected imap-server response ({greeting})");
        var preauth = greeting.StartsWith("* PREAUTH", StringComparison.OrdinalIgnoreCase);

        var caps = await session.CapabilityAsync();
        if (!c.IsSecure && o.UseSsl > 0)
        {
            if (caps.Contains("STARTTLS"))
            {
                var r = await session.CommandAsync("STARTTLS");
                if (!r.Ok) throw new CurlException(CurlException.UseSslFailed, $"STARTTLS denied ({r.Line})");
                await c.UpgradeAsync();
                caps = await session.CapabilityAsync();
            }
            else if (o.UseSsl >= 2) throw new CurlException(CurlException.UseSslFailed, "STARTTLS not supported.");
        }

        if (!preauth && (o.XOAuth2Bearer.Length > 0 || o.UserName.Length > 0)) await LoginAsync(session, t, caps);
    }

    /// <summary>The URL's work: SELECT when needed, then FETCH, SEARCH, LIST or the custom command.</summary>
    static async Task CommandsAsync(Session session, Transfer t)
    {
        var o = t.Options;
        var target = ParsePath(t.Url.Path);
        var query = Uri.UnescapeDataString(t.Url.Query.TrimStart('?'));
        if (o.Upload)
        {
            // curl: an upload is an APPEND, whatever else is set (custom request, UID, query).
            await AppendAsync(session, t, target.Mailbox);
            return;
        }

        var custom = o.CustomRequest;
        var wantsSelect = target.Mailbox.Length > 0
            && (custom.Length > 0 || target.Uid.Length > 0 || target.MailIndex.Length > 0 || query.Length > 0);
        if (wantsSelect)
        {
            var r = await session.CommandAsync("SELECT " + Astring(target.Mailbox));
            if (!r.Ok) throw new CurlException(CurlException.LoginDenied, $"Select failed ({r.Line})");
        }

        if (custom.Length > 0) await CollectAsync(session, t, custom);
        else if (target.Uid.Length > 0 || target.MailIndex.Length > 0) await FetchAsync(session, t, target);
        else if (query.Length > 0) await CollectAsync(session, t, "SEARCH " + query);
        else await CollectAsync(session, t, $"LIST {Astring(target.Mailbox, alwaysQuote: true)} *");
    }

    static async Task LoginAsync(Session s, Transfer t, HashSet<string> caps)
    {
        var o = t.Options;
        var asked = SaslPayloads.Asked(o.LoginOptions);
        Reply r;
        if (o.XOAuth2Bearer.Length > 0)
        {
            var (mech, payload) = SaslPayloads.Bearer(t, m => caps.Contains("AUTH=" + m));
            r = await s.AuthenticateAsync(mech, payload, caps.Contains("SASL-IR") || o.SaslIr);
        }
        else if (asked == "LOGIN"
            || (asked.Length == 0 && !caps.Contains("AUTH=PLAIN") && !caps.Contains("LOGINDISABLED")))
        {
            r = await s.CommandAsync($"LOGIN {Astring(o.UserName, true)} {Astring(o.Password, true)}",
                $"LOGIN {Astring(o.UserName, true)} {Redacted(t, Astring(o.Password, true))}");
        }
        else if (caps.Contains("AUTH=PLAIN") || asked == "PLAIN")
        {
            r = await s.AuthenticateAsync("PLAIN", SaslPayloads.Plain(o.UserName, o.Password),
                caps.Contains("SASL-IR") || o.SaslIr);
        }
        else throw new CurlException(CurlException.LoginDenied, "No known authentication mechanisms supported!");
        if (!r.Ok) throw new CurlException(CurlException.LoginDenied, $"Login denied ({r.Line})");
    }

    static string Redacted(Transfer t, string secret) => t.Log.Redactor.Enabled ? SecretRedactor.Mask : secret;

    static async Task FetchAsync(Session s, Transfer t, Target target)
    {
        var command = target.Uid.Length > 0
            ? $"UID FETCH {target.Uid} BODY[{target.Section}]"
            : $"FETCH {target.MailIndex} BODY[{target.Section}]";
        var r = await s.CommandAsync(command);
        var body = r.Untagged.FirstOrDefault(u => u.Literals.Count > 0)?.Literals[^1];
        if (!r.Ok || body is null)
            throw new CurlException(CurlException.RemoteFileNotFound,
                r.Ok ? $"Remote file not found (no message for {command})" : $"Remote file not found ({r.Line})");
        t.Body.Write(body);
    }

    // LIST, SEARCH and custom commands: the untagged replies, as curl writes them to the result.
    static async Task CollectAsync(Session s, Transfer t, string command)
    {
        var r = await s.CommandAsync(command);
        foreach (var u in r.Untagged) t.Body.Write(u.Raw);
        if (!r.Ok) throw new CurlException(CurlException.QuoteError, $"Quote command returned error ({r.Line})");
    }

    static Target ParsePath(string path)
    {
        var parts = path.TrimStart('/').Split(';');
        var mailbox = parts[0].TrimEnd('/');
        string uid = "", index = "", section = "";
        foreach (var p in parts.Skip(1))
        {
            var eq = p.IndexOf('=');
            if (eq < 0) continue;
            var key = p[..eq].Trim().ToUpperInvariant();
            var value = p[(eq + 1)..].Trim().TrimEnd('/');
            if (key == "UID") uid = value;
            else if (key == "MAILINDEX") index = value;
            else if (key == "SECTION") section = value;
        }
        return new Target(mailbox, uid, index, section);
    }

    // A mailbox name or login string as an IMAP atom where possible, else a quoted string (curl's imap_atom).
    static string Astring(string s, bool alwaysQuote = false)
    {
        if (!alwaysQuote && s.Length > 0 && AtomChars().IsMatch(s)) return s;
        return "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.\-/&+:!$'=]+$")]
    private static partial Regex AtomChars();

    [GeneratedRegex(@"\{(\d+)\+?\}$")]
    private static partial Regex LiteralMarker();

    sealed record Untagged(string Line, byte[] Raw, List<byte[]> Literals);

    sealed record Reply(bool Ok, string Line, List<Untagged> Untagged);

    /// <summary>Tagged commands (A001, A002, … as curl) and their replies, literals included; kept in the
    /// handle logged in, its tag counter going on. Answered means a tagged reply came back.</summary>
    sealed partial class Session(LineConnection c, Transfer t, string key) : LineSession(c, t, key)
    {
        int tag;

        string NextTag() => "A" + (++tag).ToString("000", CultureInfo.InvariantCulture);

        public async Task<HashSet<string>> CapabilityAsync()
        {
            var r = await CommandAsync("CAPABILITY");
            var caps = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var u in r.Untagged.Where(u =>
                u.Line.StartsWith("* CAPABILITY ", StringComparison.OrdinalIgnoreCase)))
                foreach (var cap in u.Line[13..].Split(' ', StringSplitOptions.RemoveEmptyEntries)) caps.Add(cap);
            return caps;
        }

        public async Task<Reply> CommandAsync(string command, string? logAs = null)
        {
            var id = NextTag();
            await Connection.WriteLineAsync($"{id} {command}", logAs is null ? null : $"{id} {logAs}");
            return await ReadReplyAsync(id);
        }

        /// <summary>AUTHENTICATE with the initial response inline (SASL-IR) or after the "+" prompt; an error challenge
        /// is answered with an empty line, as RFC 7628 asks.</summary>
        public async Task<Reply> AuthenticateAsync(string mechanism, string payload, bool saslIr)
        {
            var id = NextTag();
            var mask = Transfer.Log.Redactor.Enabled ? SecretRedactor.Mask : payload;
            if (saslIr) await Connection.WriteLineAsync($"{id} AUTHENTICATE {mechanism} {payload}",
                $"{id} AUTHENTICATE {mechanism} {mask}");
            else
            {
                await Connection.WriteLineAsync($"{id} AUTHENTICATE {mechanism}");
                var (prompt, _) = await Connection.ReadLineAsync();
                if (!prompt.StartsWith('+')) return new Reply(false, prompt, []);
                await Connection.WriteLineAsync(payload, mask);
            }
            while (true)
            {
                var (line, _) = await Connection.ReadLineAsync();
                if (line.StartsWith('+')) { await Connection.WriteLineAsync(""); continue; }
                if (line.StartsWith(id + " ", StringComparison.Ordinal)) return new Reply(IsOk(line, id), line, []);
            }
        }

        async Task<Reply> ReadReplyAsync(string id)
        {
            var untagged = new List<Untagged>();
            while (true)
            {
                var (line, raw) = await Connection.ReadLineAsync();
                if (line.StartsWith(id + " ", StringComparison.Ordinal))
                {
                    Answered = true;
                    return new Reply(IsOk(line, id), line, untagged);
                }
                var whole = new MemoryStream();
                whole.Write(raw);
                var literals = new List<byte[]>();
                // A line ending in {n} is followed by n bytes of data and then the rest of the response.
                var text = line;
                var fullText = new StringBuilder(line);
                while (LiteralMarker().Match(text) is { Success: true } m)
                {
                    var data = await Connection.ReadBytesAsync(
                        int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
                    literals.Add(data);
                    whole.Write(data);
                    Transfer.Log.Info($"[{data.Length} bytes data]");
                    (text, raw) = await Connection.ReadLineAsync();
                    whole.Write(raw);
                    fullText.Append(text);
                }
                untagged.Add(new Untagged(fullText.ToString(), whole.ToArray(), literals));
            }
        }

        static bool IsOk(string line, string id) =>
            line.AsSpan(id.Length + 1).StartsWith("OK", StringComparison.OrdinalIgnoreCase);
    }
}

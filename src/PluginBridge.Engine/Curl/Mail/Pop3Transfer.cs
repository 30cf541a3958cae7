namespace PluginBridge.Engine.Curl.Mail;

/// <summary>
/// pop3/pop3s as curl reads its URLs: "pop3://host/" lists messages (LIST), "pop3://host/N" retrieves message N
/// (RETR N), CURL.SetOptionCustomRequest runs a command ("UIDL", "DELE 1", …) whose reply becomes the result.
/// STLS per CURL.SetOptionUseSSL; login with SASL XOAUTH2/OAUTHBEARER (bearer), AUTH PLAIN or USER/PASS.
/// </summary>
static class Pop3Transfer
{
    // Commands whose reply is the single status line (no dot-terminated body).
    static readonly HashSet<string> SingleLine =
        new(StringComparer.OrdinalIgnoreCase) { "DELE", "NOOP", "RSET", "QUIT", "STAT", "USER", "PASS", "APOP" };

    public static Task RunAsync(Transfer t)
    {
        if (t.Options.Upload)
            throw new CurlException(CurlException.UnsupportedProtocol,
                "POP3 has no upload: CURL.SetOptionUpload 1 cannot store a message over pop3. Use an imap:// URL " +
                "with the mailbox (APPEND), or SetOptionUpload 0 to read");
        var key = LineSession.MailKey(t);
        return t.Connections.RunAsync(key, t, async () => new Pop3Session(await LineConnection.OpenAsync(t), t, key),
            s => OpenSessionAsync(s, t), s => CommandAsync(s, t));
    }

    /// <summary>Greeting, capabilities, STLS per UseSSL, then the login: the session later transfers may
    /// reuse.</summary>
    static async Task OpenSessionAsync(Pop3Session s, Transfer t)
    {
        var o = t.Options;
        var c = s.Connection;
        var (greeting, _) = await c.ReadLineAsync();
        if (!greeting.StartsWith("+OK", StringComparison.OrdinalIgnoreCase))
            throw new CurlException(CurlException.WeirdServerReply,
                $"Got unexpected pop3-server response ({greeting})");

        var caps = await CapabilitiesAsync(s);
        if (!c.IsSecure && o.UseSsl > 0)
        {
            if (caps.Contains("STLS"))
            {
                var reply = await s.CommandAsync("STLS");
                if (!Ok(reply)) throw new CurlException(CurlException.UseSslFailed, $"STARTTLS denied ({reply})");
                await c.UpgradeAsync();
                caps = await CapabilitiesAsync(s);
            }
            else if (o.UseSsl >= 2) throw new CurlException(CurlException.UseSslFailed, "STARTTLS not supported.");
        }

        if (o.XOAuth2Bearer.Length > 0 || o.UserName.Length > 0) await LoginAsync(s, t, caps);
    }

    /// <summary>The URL's command (LIST, RETR n or the custom one) and its reply as the result.</summary>
    static async Task CommandAsync(Pop3Session s, Transfer t)
    {
        var o = t.Options;
        t.Times.Mark(Phase.PreTransfer);
        var message = t.Url.Path.Trim('/');
        var command = o.CustomRequest.Length > 0
            ? (message.Length > 0 ? $"{o.CustomRequest} {message}" : o.CustomRequest)
            : message.Length > 0 ? $"RETR {message}" : "LIST";
        var verb = command.Split(' ')[0];
        var hasArgument = command.Contains(' ');
        var multiLine = !SingleLine.Contains(verb) && !(hasArgument && verb.ToUpperInvariant() is "LIST" or "UIDL");
        var status = await s.CommandAsync(command);
        if (!Ok(status))
            throw verb.Equals("RETR", StringComparison.OrdinalIgnoreCase)
                ? new CurlException(CurlException.RemoteFileNotFound, $"Remote file not found ({status})")
                : new CurlException(CurlException.QuoteError, $"Quote command returned error ({status})");
        if (multiLine) await ReadBodyAsync(s.Connection, t);
        else if (o.CustomRequest.Length > 0) t.Body.Write(System.Text.Encoding.UTF8.GetBytes(status + "\r\n"));
    }

    static async Task LoginAsync(Pop3Session s, Transfer t, HashSet<string> caps)
    {
        var o = t.Options;
        var mask = t.Log.Redactor.Enabled;
        var asked = SaslPayloads.Asked(o.LoginOptions);
        string reply;
        if (o.XOAuth2Bearer.Length > 0)
        {
            var (mech, payload) = SaslPayloads.Bearer(t, m => caps.Contains("SASL:" + m));
            reply = await SaslAsync(s, $"AUTH {mech} {payload}", mask ? $"AUTH {mech} {SecretRedactor.Mask}" : null);
        }
        else if (asked == "PLAIN" || (asked.Length == 0 && caps.Contains("SASL:PLAIN")))
        {
            reply = await SaslAsync(s, "AUTH PLAIN " + SaslPayloads.Plain(o.UserName, o.Password),
                mask ? "AUTH PLAIN " + SecretRedactor.Mask : null);
        }
        else
        {
            reply = await s.CommandAsync("USER " + o.UserName);
            if (Ok(reply))
                reply = await s.CommandAsync("PASS " + o.Password, mask ? "PASS " + SecretRedactor.Mask : null);
        }
        if (!Ok(reply)) throw new CurlException(CurlException.LoginDenied, $"Login denied ({reply})");
    }

    // An error challenge ("+ base64") is answered with an empty line; the final reply follows.
    static async Task<string> SaslAsync(Pop3Session s, string command, string? logAs)
    {
        var reply = await s.CommandAsync(command, logAs);
        while (reply.StartsWith("+ ", StringComparison.Ordinal) || reply == "+") reply = await s.CommandAsync("");
        return reply;
    }

    static async Task<HashSet<string>> CapabilitiesAsync(Pop3Session s)
    {
        var caps = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var reply = await s.CommandAsync("CAPA");
        if (!Ok(reply)) return caps;
        while (true)
        {
            var (line, _) = await s.Connection.ReadLineAsync();
            if (line == ".") return caps;
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) continue;
            caps.Add(words[0]);
            if (words[0].Equals("SASL", StringComparison.OrdinalIgnoreCase))
                foreach (var m in words.Skip(1)) caps.Add("SASL:" + m);
        }
    }

    // The dot-terminated body, dot-unstuffed; lines are not logged (data, as in curl -v).
    static async Task ReadBodyAsync(LineConnection c, Transfer t)
    {
        var count = 0L;
        while (true)
        {
            var (line, raw) = await c.ReadLineAsync(log: false);
            if (line == ".") break;
            var skip = raw.Length > 1 && raw[0] == '.' ? 1 : 0;
            t.Body.Write(raw, skip, raw.Length - skip);
            count += raw.Length - skip;
        }
        t.Log.Info($"[{count} bytes data]");
    }

    static bool Ok(string reply) => reply.StartsWith("+OK", StringComparison.OrdinalIgnoreCase);

    /// <summary>A POP3 session kept in the CURL handle, logged in. Closed with QUIT while the server listens, as
    /// curl does: only then does the server remove the messages a DELE marked.</summary>
    sealed class Pop3Session(LineConnection c, Transfer t, string key) : LineSession(c, t, key)
    {
        /// <summary>A command and its one-line reply.</summary>
        public async Task<string> CommandAsync(string command, string? logAs = null)
        {
            await Connection.WriteLineAsync(command, logAs);
            var (reply, _) = await Connection.ReadLineAsync();
            Answered = true;
            return reply;
        }

        public override void Dispose()
        {
            if (IsAlive)
            {
                try { Task.Run(() => CommandAsync("QUIT")).Wait(TimeSpan.FromSeconds(2)); }
                catch (AggregateException) { /* curl ignores a failed QUIT too; the socket is closed below */ }
            }
            base.Dispose();
        }
    }
}

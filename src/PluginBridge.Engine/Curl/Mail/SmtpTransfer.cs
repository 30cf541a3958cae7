using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace PluginBridge.Engine.Curl.Mail;

/// <summary>
/// smtp/smtps with MailKit's SmtpClient, as curl does it: connect, STARTTLS per CURL.SetOptionUseSSL (smtps =
/// TLS at once), SASL (XOAUTH2 with the bearer token, else the password mechanisms) only when the server offers
/// AUTH, then MAIL FROM / RCPT TO from the options and the upload data as the message. Failures carry the
/// server's own reply line: "67: Login denied (535 5.7.8 …)". The logged-in session stays open in the CURL handle:
/// the next mail with the same server, TLS settings and login is a new transaction on it (libcurl's reuse).
/// </summary>
static class SmtpTransfer
{
    public static async Task RunAsync(Transfer t)
    {
        var o = t.Options;
        if (o.InputData is not { Length: > 0 } data)
            throw new CurlException(CurlException.SendError, "No message to send: set it with CURL.SetInputText and " +
                "CURL.SetOptionUpload 1 (SendMail.PrepareCURL does both)");
        if (o.MailRecipients.Count == 0)
            throw new CurlException(CurlException.SendError,
                "No recipients: set them with CURL.SetOptionMailRecipients (SendMail.PrepareCURL does this)");

        var key = KeyOf(t);
        await t.Connections.RunAsync(key, t, () => OpenAsync(t, key), c =>
        {
            Login(t, c);
            return Task.CompletedTask;
        }, c =>
        {
            Send(t, c, data);
            return Task.CompletedTask;
        });
    }

    /// <summary>What a kept session must match: server, TLS settings, login and EHLO name.</summary>
    static string KeyOf(Transfer t)
    {
        var o = t.Options;
        var u = t.Url;
        return string.Join('\n', "smtp", u.Scheme, u.Host, u.Port, u.Path, o.UseSsl, TlsPolicy.KeyOf(o),
            o.XOAuth2Bearer, o.UserName, o.Password, o.LoginOptions,
            o.MailRcptAllowFails);
    }

    /// <summary>The TCP connection; TLS (at once or STARTTLS) and the login follow in Login.</summary>
    static async Task<SmtpConnection> OpenAsync(Transfer t, string key)
    {
        var o = t.Options;
        var url = t.Url;
        var certificates = t.Tls.ClientCertificates; // curl's 58 before connecting
        var logger = new CurlProtocolLogger(t.Log, t.Headers);
        var client = o.MailRcptAllowFails ? new TolerantSmtpClient(logger) : new SmtpClient(logger);
        client.ServerCertificateValidationCallback = t.Tls.Validate;
        client.CheckCertificateRevocation = false; // like curl; our CAInfo check builds its own chain without CRLs
        client.SslProtocols = t.Tls.Protocols;
        if (certificates is not null) client.ClientCertificates = certificates;
        var domain = url.Path.Trim('/');
        if (domain.Length > 0) client.LocalDomain = domain;

        System.Net.Sockets.Socket socket;
        try { socket = t.Blocking ? Connector.Connect(url.Host, url.Port, o, t.Log, t.Cancel, t.Times)
            : await Connector.ConnectAsync(url.Host, url.Port, o, t.Log, t.Cancel, t.Times); }
        catch { client.Dispose(); throw; }
        return new SmtpConnection(client, socket, logger, key, url.Host);
    }

    // Blocking MailKit calls, as Send: no async operation ever touches the socket of a blocking Perform.
    static void Login(Transfer t, SmtpConnection connection)
    {
        var o = t.Options;
        var url = t.Url;
        var secure = url.Secure ? SecureSocketOptions.SslOnConnect : o.UseSsl switch
        {
            0 => SecureSocketOptions.None,
            1 => SecureSocketOptions.StartTlsWhenAvailable,
            _ => SecureSocketOptions.StartTls,
        };
        var client = connection.Client;
        var logger = connection.Logger;
        if (o.TimeoutMs > 0) client.Timeout = (int)Math.Min(int.MaxValue, o.TimeoutMs);
        try
        {
            if (secure != SecureSocketOptions.None && t.Tls.UsesOpenSsl)
                SmtpOpenSsl.Connect(t, client, connection.Socket, logger, secure);
            else client.Connect(connection.Socket, url.Host, url.Port, secure, t.Cancel);
        }
        catch (SslHandshakeException e) { throw Connector.TlsFailure(t.Tls, e); }
        catch (NotSupportedException) when (secure == SecureSocketOptions.StartTls)
        {
            throw new CurlException(CurlException.UseSslFailed, "STARTTLS not supported.");
        }
        catch (SmtpCommandException e) { throw Reply(logger, CurlException.WeirdServerReply,
            $"Got unexpected smtp-server response: {(int)e.StatusCode}"); }
        catch (SmtpProtocolException e) when (logger.LastReply.Length == 0)
        {
            // Closed before a greeting: the article's "connection terminated within a second" (firewall).
            throw new CurlException(CurlException.RecvError, "Recv failure: " + e.Message);
        }
        catch (SmtpProtocolException e) { throw new CurlException(CurlException.WeirdServerReply,
            "Weird server reply: " + e.Message); }
        t.ResponseCode = logger.LastReplyCode;
        if (client.IsSecure) t.Times.Mark(Phase.AppConnect); // smtps handshake, or EHLO + STARTTLS + handshake
        if (client.IsSecure && t.Tls.ConnectionMark is { } mark)
            t.Log.InsertAt(mark,
                $"SSL connection using {TlsPolicy.ProtocolName(client.SslProtocol)} / {client.SslCipherSuite}");

        if ((o.XOAuth2Bearer.Length > 0 || o.UserName.Length > 0)
            && client.Capabilities.HasFlag(SmtpCapabilities.Authentication))
        {
            try
            {
                var mechanism = Mechanism(o, client.AuthenticationMechanisms);
                if (mechanism is null) client.Authenticate(System.Text.Encoding.UTF8,
                    new System.Net.NetworkCredential(o.UserName, o.Password), t.Cancel);
                else client.Authenticate(mechanism, t.Cancel);
            }
            catch (Exception e) when (e is MailKit.Security.AuthenticationException or SmtpCommandException)
            {
                t.ResponseCode = logger.LastReplyCode;
                throw Reply(logger, CurlException.LoginDenied, "Login denied");
            }
            t.ResponseCode = logger.LastReplyCode;
        }
        else if (o.XOAuth2Bearer.Length > 0 || o.UserName.Length > 0)
        {
            t.Log.Info("No AUTH offered by the server; sending without logging in (as curl does)");
        }
    }

    /// <summary>One mail transaction (MAIL FROM, RCPT TO, DATA) on a logged-in session.</summary>
    static void Send(Transfer t, SmtpConnection connection, byte[] data)
    {
        var o = t.Options;
        var client = connection.Client;
        var logger = connection.Logger;
        client.Timeout = o.TimeoutMs > 0 ? (int)Math.Min(int.MaxValue, o.TimeoutMs) : MailKitDefaultTimeout;
        t.Times.Mark(Phase.PreTransfer); // logged in: MAIL FROM goes out next
        var message = connection.Parsed(data, t.Cancel);
        var sender = Address(o.MailFrom) ?? message.From.Mailboxes.FirstOrDefault()
            ?? throw new CurlException(CurlException.SendError, "No sender: set it with CURL.SetOptionMailFrom");
        var recipients = o.MailRecipients.Select(r => Address(r)
            ?? throw new CurlException(CurlException.SendError, $"RCPT failed: \"{r}\" is not an e-mail address"))
                .ToList();
        try
        {
            // Blocking I/O on this thread: a mail is a few short round trips, and a thread hop per reply costs more
            // than the round trip itself on a busy machine (smtplib's and curl's pace needs it).
            client.Send(message, sender, recipients, t.Cancel);
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException && !t.Cancel.IsCancellationRequested)
        {
            // The server went away during the envelope or the data: the mail was not accepted.
            throw new CurlException(CurlException.RecvError,
                $"Recv failure: the server closed the connection before accepting the mail ({e.Message})");
        }
        catch (SmtpCommandException e)
        {
            var status = (int)e.StatusCode;
            t.ResponseCode = status;
            var line = logger.LastReplyWith(status);
            throw e.ErrorCode switch
            {
                SmtpErrorCode.SenderNotAccepted =>
                    new CurlException(CurlException.SendError, $"MAIL failed: {status} ({line})"),
                SmtpErrorCode.RecipientNotAccepted =>
                    new CurlException(CurlException.SendError, $"RCPT failed: {status} ({line})"),
                SmtpErrorCode.MessageNotAccepted =>
                    new CurlException(CurlException.SendError, $"DATA failed: {status} ({line})"),
                _ => new CurlException(CurlException.WeirdServerReply,
                    $"Got unexpected smtp-server response: {status} ({line})"),
            };
        }
        t.ResponseCode = logger.LastReplyCode;
        if (client is TolerantSmtpClient { Refused.Count: > 0 } tolerant)
        {
            foreach (var (recipient, code, _) in tolerant.Refused)
                t.Log.Info($"RCPT failed for <{recipient.Address}>: {code}; sent to the accepted recipients " +
                    $"(MailRcptAllowFails)");
            tolerant.Refused.Clear(); // the session may be kept for the next mail
        }
    }

    /// <summary>MailKit's own default for a single read or write (2 minutes), used when no transfer timeout is
    /// set.</summary>
    const int MailKitDefaultTimeout = 2 * 60 * 1000;

    /// <summary>The mechanism SaslPayloads chooses (as for IMAP and POP3), as MailKit's object; null = MailKit picks
    /// the best password mechanism the server offers.</summary>
    static SaslMechanism? Mechanism(CurlOptions o, HashSet<string> offered)
    {
        if (o.XOAuth2Bearer.Length > 0)
            return SaslPayloads.BearerMechanism(o.LoginOptions, offered.Contains) == "OAUTHBEARER"
                ? new SaslMechanismOAuthBearer(o.UserName, o.XOAuth2Bearer)
                : new SaslMechanismOAuth2(o.UserName, o.XOAuth2Bearer);
        return SaslPayloads.Asked(o.LoginOptions) switch
        {
            "LOGIN" => new SaslMechanismLogin(o.UserName, o.Password),
            "PLAIN" => new SaslMechanismPlain(o.UserName, o.Password),
            _ => null,
        };
    }

    static MailboxAddress? Address(string text)
    {
        text = text.Trim();
        if (text.Length == 0) return null;
        if (MailboxAddress.TryParse(text, out var mailbox)) return mailbox;
        return null;
    }

    static CurlException Reply(CurlProtocolLogger logger, CurlCode code, string what) =>
        new(code, logger.LastReply.Length > 0 ? $"{what} ({logger.LastReply})" : what);
}

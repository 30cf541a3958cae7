using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace PluginBridge.Engine.Curl.Mail;

/// <summary>
/// smtp/smtps with MailKit's SmtpClient, as curl does it: connect, STARTTLS per CURL.SetOptionUseSSL (smtps =
/// TLS at once), SASL (XOAUTH2 with the bearer token, else the password mechanisms) only when the server offers
/// AUTH, then MAIL FROM / RCPT TO from the options and the upload data as the message. Failures carry the
/// server's own reply line: "67: Login denied (535 5.7.8 …)".
/// </summary>
static class SmtpTransfer
{
    public static async Task RunAsync(Transfer t)
    {
        var o = t.Options;
        var url = t.Url;
        if (o.InputData is not { Length: > 0 } data)
            throw new CurlException(CurlException.SendError, "No message to send: set it with CURL.SetInputText and CURL.SetOptionUpload 1 (SendMail.PrepareCURL does both)");
        if (o.MailRecipients.Count == 0)
            throw new CurlException(CurlException.SendError, "No recipients: set them with CURL.SetOptionMailRecipients (SendMail.PrepareCURL does this)");

        var logger = new CurlProtocolLogger(t.Log, t.Headers);
        using var client = o.MailRcptAllowFails ? new TolerantSmtpClient(logger) : new SmtpClient(logger)
        {
            ServerCertificateValidationCallback = t.Tls.Validate,
            CheckCertificateRevocation = false, // like curl; our CAInfo check builds its own chain without CRLs
            SslProtocols = t.Tls.Protocols,
        };
        if (o.TimeoutMs > 0) client.Timeout = (int)Math.Min(int.MaxValue, o.TimeoutMs);
        var domain = url.Path.Trim('/');
        if (domain.Length > 0) client.LocalDomain = domain;

        var secure = url.Secure ? SecureSocketOptions.SslOnConnect : o.UseSsl switch
        {
            0 => SecureSocketOptions.None,
            1 => SecureSocketOptions.StartTlsWhenAvailable,
            _ => SecureSocketOptions.StartTls,
        };
        var socket = await Connector.ConnectAsync(url.Host, url.Port, o, t.Log, t.Cancel);
        try
        {
            await client.ConnectAsync(socket, url.Host, url.Port, secure, t.Cancel);
        }
        catch (SslHandshakeException e) { throw Connector.TlsFailure(t.Tls, e); }
        catch (NotSupportedException) when (secure == SecureSocketOptions.StartTls)
        {
            throw new CurlException(CurlException.UseSslFailed, "STARTTLS not supported.");
        }
        catch (SmtpCommandException e) { throw Reply(logger, CurlException.WeirdServerReply, $"Got unexpected smtp-server response: {(int)e.StatusCode}"); }
        catch (SmtpProtocolException e) when (logger.LastReply.Length == 0)
        {
            // Closed before a greeting: the article's "connection terminated within a second" (firewall).
            throw new CurlException(CurlException.RecvError, "Recv failure: " + e.Message);
        }
        catch (SmtpProtocolException e) { throw new CurlException(CurlException.WeirdServerReply, "Weird server reply: " + e.Message); }
        t.ResponseCode = logger.LastReplyCode;
        if (client.IsSecure && t.Tls.ConnectionMark is { } mark)
            t.Log.InsertAt(mark, $"SSL connection using {TlsPolicy.ProtocolName(client.SslProtocol)} / {client.SslCipherSuite}");

        if ((o.XOAuth2Bearer.Length > 0 || o.UserName.Length > 0) && client.Capabilities.HasFlag(SmtpCapabilities.Authentication))
        {
            try
            {
                var mechanism = Mechanism(o, client.AuthenticationMechanisms);
                if (mechanism is null) await client.AuthenticateAsync(System.Text.Encoding.UTF8, new System.Net.NetworkCredential(o.UserName, o.Password), t.Cancel);
                else await client.AuthenticateAsync(mechanism, t.Cancel);
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

        var message = MimeMessage.Load(new MemoryStream(data), t.Cancel);
        var sender = Address(o.MailFrom) ?? message.From.Mailboxes.FirstOrDefault()
            ?? throw new CurlException(CurlException.SendError, "No sender: set it with CURL.SetOptionMailFrom");
        var recipients = o.MailRecipients.Select(r => Address(r)
            ?? throw new CurlException(CurlException.SendError, $"RCPT failed: \"{r}\" is not an e-mail address")).ToList();
        try
        {
            await client.SendAsync(message, sender, recipients, t.Cancel);
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException && !t.Cancel.IsCancellationRequested)
        {
            // The server went away during the envelope or the data: the mail was not accepted.
            throw new CurlException(CurlException.RecvError, $"Recv failure: the server closed the connection before accepting the mail ({e.Message})");
        }
        catch (SmtpCommandException e)
        {
            var status = (int)e.StatusCode;
            t.ResponseCode = status;
            var line = logger.LastReplyWith(status);
            throw e.ErrorCode switch
            {
                SmtpErrorCode.SenderNotAccepted => new CurlException(CurlException.SendError, $"MAIL failed: {status} ({line})"),
                SmtpErrorCode.RecipientNotAccepted => new CurlException(CurlException.SendError, $"RCPT failed: {status} ({line})"),
                SmtpErrorCode.MessageNotAccepted => new CurlException(CurlException.SendError, $"DATA failed: {status} ({line})"),
                _ => new CurlException(CurlException.WeirdServerReply, $"Got unexpected smtp-server response: {status} ({line})"),
            };
        }
        t.ResponseCode = logger.LastReplyCode;
        if (client is TolerantSmtpClient { Refused.Count: > 0 } tolerant)
            foreach (var (recipient, code, _) in tolerant.Refused)
                t.Log.Info($"RCPT failed for <{recipient.Address}>: {code}; sent to the accepted recipients (MailRcptAllowFails)");
        try { await client.DisconnectAsync(true, t.Cancel); }
        catch (Exception e) when (e is IOException or SmtpProtocolException or SmtpCommandException or OperationCanceledException)
        {
            t.Log.Info("QUIT failed: " + e.Message); // the message was accepted already; curl ignores this too
        }
    }

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

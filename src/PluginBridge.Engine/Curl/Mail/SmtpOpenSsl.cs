using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using PluginBridge.Engine.Curl.OpenSsl;

namespace PluginBridge.Engine.Curl.Mail;

/// <summary>
/// SMTP over OpenSSL's TLS when <see cref="TlsPolicy.UsesOpenSsl"/> (CAInfo names the trusted CAs): MailKit starts
/// TLS only through SslStream, which loads the whole system trust store (most of a first mail's time). smtps: TLS on
/// the socket, then MailKit above it. STARTTLS: a first MailKit client reads the greeting and sends EHLO and
/// STARTTLS; TLS goes on the socket; the client that stays reads the greeting replayed (logged once) and says EHLO
/// again under TLS, as RFC 3207 asks, so it learns the capabilities offered there (AUTH).
/// </summary>
static class SmtpOpenSsl
{
    public static void Connect(Transfer t, SmtpClient client, Socket socket, CurlProtocolLogger logger,
        SecureSocketOptions secure)
    {
        var url = t.Url;
        Stream plain = new NetworkStream(socket, ownsSocket: false); // the SmtpConnection closes the socket
        if (secure == SecureSocketOptions.SslOnConnect)
        {
            client.Connect(Tls(t, plain), url.Host, url.Port, SecureSocketOptions.None, t.Cancel);
            return;
        }
        var recorder = new GreetingRecorder(plain);
        using (var probe = new StartTlsClient(logger) { LocalDomain = client.LocalDomain, Timeout = client.Timeout })
        {
            probe.Connect(recorder, url.Host, url.Port, SecureSocketOptions.None, t.Cancel);
            var greeting = recorder.Greeting;
            var offered = probe.Capabilities.HasFlag(SmtpCapabilities.StartTLS);
            if (!offered && secure == SecureSocketOptions.StartTls)
                throw new NotSupportedException("STARTTLS not offered");
            if (offered) probe.StartTls(t.Cancel);
            recorder.Detach(); // from here on the probe is dropped; nothing of it reaches the socket
            logger.SkipServerBytes(greeting.Length);
            // Without STARTTLS offered (UseSSL 1) on in plain text, as MailKit and curl would go on.
            client.Connect(new GreetingReplay(greeting, offered ? Tls(t, plain) : plain), url.Host, url.Port,
                SecureSocketOptions.None, t.Cancel);
        }
    }

    static OpenSslStream Tls(Transfer t, Stream plain)
    {
        try
        {
            var tls = OpenSslStream.Connect(plain, t.Url.Host, t.Tls, t.Cancel);
            t.Times.Mark(Phase.AppConnect); // smtps handshake, or EHLO + STARTTLS + handshake
            return tls;
        }
        catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException)
        {
            throw Connector.TlsFailure(t.Tls, e);
        }
    }

    /// <summary>MailKit's client with its protected SendCommand, for STARTTLS.</summary>
    sealed class StartTlsClient(MailKit.IProtocolLogger logger) : SmtpClient(logger)
    {
        public void StartTls(CancellationToken cancel)
        {
            var response = SendCommand("STARTTLS", cancel);
            if (response.StatusCode != SmtpStatusCode.ServiceReady)
                throw new SmtpCommandException(SmtpErrorCode.UnexpectedStatusCode, response.StatusCode,
                    response.Response);
        }
    }
}

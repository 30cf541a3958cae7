using System.Net.Sockets;
using MailKit.Net.Smtp;

namespace PluginBridge.Engine.Curl.Mail;

/// <summary>
/// An SMTP session a CURL handle keeps after a Perform: connected, TLS up and logged in, so the next mail is a new
/// transaction (MAIL FROM …) on it, as libcurl sends one. Closed with QUIT on CURL.Release, on a mismatch, or
/// when ForbidReuse is set.
/// </summary>
sealed class SmtpConnection(SmtpClient client, Socket socket, CurlProtocolLogger logger, string key, string host)
    : KeptConnection
{
    public SmtpClient Client => client;

    public Socket Socket => socket;

    public CurlProtocolLogger Logger => logger;

    public override string Key => key;

    byte[]? parsedFrom;
    MimeKit.MimeMessage? parsed;

    /// <summary>The upload data as a message, parsed once while the script sends the same data again.</summary>
    public MimeKit.MimeMessage Parsed(byte[] data, CancellationToken cancel)
    {
        if (!ReferenceEquals(data, parsedFrom) || parsed is null)
        {
            parsed = MimeKit.MimeMessage.Load(new MemoryStream(data), cancel);
            parsedFrom = data;
        }
        return parsed;
    }

    public override string Host => host;

    public override bool IsAlive => client.IsConnected && SocketIsIdle(socket);

    public override void UseFor(Transfer t) => logger.Attach(t.Log, t.Headers);

    /// <summary>A kept session that answered nothing, or only the 421 a server sends when it timed the session
    /// out: closed by the server after our liveness check, nothing was accepted.</summary>
    public override bool DiedUnanswered(Exception e) => logger.RepliesReceived switch
    {
        // Send reports a hang-up during the transaction as curl's 56 (RecvError); nothing was answered, so retry.
        0 => e is IOException or SocketException or SmtpProtocolException or MailKit.ServiceNotConnectedException
            || IsConnectionLoss(e),
        1 => e is SmtpCommandException { StatusCode: SmtpStatusCode.ServiceNotAvailable },
        _ => false,
    };

    public override void Dispose()
    {
        try
        {
            if (client.IsConnected && SocketIsIdle(socket))
            {
                client.Timeout = 2000; // a polite QUIT, not a wait on a peer that went silent
                using var quitTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                client.Disconnect(true, quitTimeout.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or SmtpCommandException
            or OperationCanceledException)
        {
            // curl ignores a failed QUIT too; the socket is closed below either way
        }
        client.Dispose();
        socket.Dispose();
    }
}

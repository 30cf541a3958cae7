namespace PluginBridge.Engine.Curl.Mail;

/// <summary>
/// A logged-in session of a line protocol (the FTP control connection, an IMAP session) that the CURL handle keeps
/// between Performs: the next transfer with the same key takes it over, log and cancellation included. It counts
/// as dead-before-use when the connection was lost before the server answered anything in that transfer.
/// </summary>
abstract class LineSession(LineConnection c, Transfer t, string key) : KeptConnection
{
    readonly string host = t.Url.Host;

    public LineConnection Connection => c;

    /// <summary>The transfer running on the session now.</summary>
    public Transfer Transfer { get; private set; } = t;

    /// <summary>Whether the server answered a command in this transfer (a kept connection that died did
    /// not).</summary>
    public bool Answered { get; protected set; }

    public override string Key => key;

    /// <summary>What a kept IMAP or POP3 session must match: server, TLS settings and login.</summary>
    public static string MailKey(Transfer t)
    {
        var o = t.Options;
        var u = t.Url;
        return string.Join('\n', u.Scheme, u.Host, u.Port, o.UseSsl, TlsPolicy.KeyOf(o), o.XOAuth2Bearer, o.UserName,
            o.Password, o.LoginOptions);
    }
    public override string Host => host;
    public override bool IsAlive => c.IsIdle;

    public override void UseFor(Transfer transfer)
    {
        Transfer = transfer;
        c.Attach(transfer);
        Answered = false;
    }

    public override bool DiedUnanswered(Exception e) => !Answered && IsConnectionLoss(e);

    // Closed without QUIT / LOGOUT: the transfer that kept it is over, its cancellation and log with it.
    public override void Dispose() => c.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(2));
}

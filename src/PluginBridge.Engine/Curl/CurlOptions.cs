namespace PluginBridge.Engine.Curl;

/// <summary>
/// The options a script set on a CURL handle. A transfer works on a copy, so a script may change options
/// while a background transfer runs without affecting it. Defaults are MBS's (redirects followed, max 3).
/// </summary>
sealed class CurlOptions
{
    public string Url = "";
    public byte[]? PostFields;
    public List<string> HttpHeaders = [];
    public string CustomRequest = "";
    public int Port;
    public int UseSsl;
    public int SslVersion;
    public bool SslVerifyPeer = true;
    public int SslVerifyHost = 2;
    public string CaInfo = "";
    public string XOAuth2Bearer = "";
    public string UserName = "";
    public string Password = "";
    /// <summary>The Encoding parameters of SetOptionUserName / SetOptionPassword (default UTF-8), for HTTP Basic auth.</summary>
    public System.Text.Encoding UserNameEncoding = Core.Encodings.Utf8;
    public System.Text.Encoding PasswordEncoding = Core.Encodings.Utf8;
    public string LoginOptions = "";
    public string MailFrom = "";
    public List<string> MailRecipients = [];
    public bool Upload;
    public byte[]? InputData;
    public long TimeoutMs;
    public long ConnectTimeoutMs;
    public bool FollowLocation = true;
    public long MaxRedirs = 3;
    public string UserAgent = "";
    public bool Verbose = true;
    /// <summary>Our extension (CURL.SetOptionRedactSecrets): secrets are hidden in the debug text unless turned off.</summary>
    public bool RedactSecrets = true;

    public CurlOptions Clone()
    {
        var copy = (CurlOptions)MemberwiseClone();
        copy.HttpHeaders = [.. HttpHeaders];
        copy.MailRecipients = [.. MailRecipients];
        return copy;
    }

    /// <summary>curl's default connect timeout is 300 s; 0 means that default.</summary>
    public TimeSpan ConnectTimeout =>
        TimeSpan.FromMilliseconds(ConnectTimeoutMs > 0 ? Math.Min(ConnectTimeoutMs, Transfer.MaxTimerMs) : 300_000);
}

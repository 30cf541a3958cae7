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
    /// <summary>The Encoding parameters of SetOptionUserName / SetOptionPassword (default UTF-8), for HTTP Basic
    /// auth.</summary>
    public System.Text.Encoding UserNameEncoding = Core.Encodings.Utf8;
    public System.Text.Encoding PasswordEncoding = Core.Encodings.Utf8;
    public string LoginOptions = "";
    public string MailFrom = "";
    public List<string> MailRecipients = [];
    public bool Upload;
    /// <summary>curl's CURLOPT_UPLOAD_FLAGS bits for IMAP APPEND: 1 Answered, 2 Deleted, 4 Draft, 8 Flagged, 16 Seen
    /// (curl's default).</summary>
    public int UploadFlags = 16;
    /// <summary>CURLOPT_POST: true sends the input data (or the post fields) as a form POST; null = not set.</summary>
    public bool? Post;
    /// <summary>CURLOPT_HTTPAUTH bits: 1 Basic (curl's default), 64 Bearer (the XOAuth2Bearer token).</summary>
    public long HttpAuth = 1;
    /// <summary>CURLOPT_SASL_IR: send the SASL initial response with the AUTHENTICATE command even without
    /// SASL-IR.</summary>
    public bool SaslIr;
    /// <summary>CURLOPT_MAIL_RCPT_ALLOWFAILS: a refused recipient does not end the send while another was
    /// accepted.</summary>
    public bool MailRcptAllowFails;
    /// <summary>CURLOPT_MAIL_AUTH: the AUTH= parameter of SMTP MAIL FROM.</summary>
    public string MailAuth = "";
    /// <summary>CURLOPT_CAPATH: a directory of PEM CA certificates, trusted like CAInfo's bundle.</summary>
    public string CaPath = "";
    /// <summary>CURLOPT_SSLCERT / SSLCERT_BLOB / SSLCERTTYPE: the TLS client certificate (PEM, DER or P12).</summary>
    public string SslCert = "", SslCertType = "";
    public byte[]? SslCertBlob;
    /// <summary>CURLOPT_SSLKEY / SSLKEY_BLOB / SSLKEYTYPE / KEYPASSWD: its private key (PEM or DER) and pass
    /// phrase.</summary>
    public string SslKey = "", SslKeyType = "", KeyPassword = "";
    public byte[]? SslKeyBlob;
    /// <summary>CURLOPT_ISSUERCERT / ISSUERCERT_BLOB: the CA (PEM) that must have issued the server's
    /// certificate.</summary>
    public string IssuerCert = "";
    public byte[]? IssuerCertBlob;
    /// <summary>CURLOPT_AWS_SIGV4: "provider1[:provider2[:region[:service]]]"; "" = off.</summary>
    public string AwsSigV4 = "";
    /// <summary>CURLOPT_INTERFACE: the local interface, address or host name to bind before connecting.</summary>
    public string Interface = "";
    /// <summary>CURLOPT_BUFFERSIZE: the receive buffer in bytes (curl's default 16 KiB).</summary>
    public int BufferSize = PacedTransfer.DefaultBuffer;
    /// <summary>CURLOPT_MAX_RECV_SPEED_LARGE / MAX_SEND_SPEED_LARGE: bytes per second, 0 = unlimited.</summary>
    public long MaxRecvSpeed, MaxSendSpeed;
    /// <summary>CURLOPT_DISALLOW_USERNAME_IN_URL: a URL with a user name is refused.</summary>
    public bool DisallowUserNameInUrl;
    /// <summary>CURLOPT_HTTP200ALIASES: status lines taken as "HTTP/1.0 200".</summary>
    public List<string> Http200Aliases = [];
    /// <summary>CURLOPT_TRANSFER_ENCODING: ask for a compressed Transfer-Encoding (TE: gzip) and decode it.</summary>
    public bool TransferEncoding;
    /// <summary>CURL.UseSystemCertificates: the system store stays trusted next to CAInfo/CAPath.</summary>
    public bool UseSystemCertificates;
    /// <summary>Multipart form parts (CURL.FormAdd…); sent as multipart/form-data once CURL.FormFinish ran.</summary>
    public List<FormPart> Form = [];
    /// <summary>The cookie engine (shared by reference between the handle and its transfers), null = off.</summary>
    public CookieJar? CookieJar;
    public string CookieFile = "";
    public string CookieJarFile = "";
    /// <summary>CURLOPT_COOKIE: a Cookie header of the script's own.</summary>
    public string Cookie = "";
    public bool FormFinished;
    public byte[]? InputData;
    /// <summary>CURL.OpenInputFile's path while its bytes are the input data ("" = none).</summary>
    public string InputFile = "";
    public long TimeoutMs;
    public long ConnectTimeoutMs;
    public bool FollowLocation = true;
    public long MaxRedirs = 3;
    public string UserAgent = "";
    public bool Verbose = true;
    /// <summary>Our extension (CURL.SetOptionRedactSecrets): secrets are hidden in the debug text unless turned
    /// off.</summary>
    public bool RedactSecrets = true;
    /// <summary>CURLOPT_FRESH_CONNECT: this handle's next transfers open a new connection instead of reusing the kept
    /// one.</summary>
    public bool FreshConnect;
    /// <summary>CURLOPT_FORBID_REUSE: the connection is closed after each transfer instead of being kept.</summary>
    public bool ForbidReuse;
    /// <summary>CURL.SetDebugWithTime / WithData / WithProgress: what the debug text adds to curl's lines.</summary>
    public bool DebugWithTime, DebugWithData, DebugWithProgress;
    /// <summary>CURL.SetOptionFileOnlyMode: received data goes to the output file only, not to GetResult*.</summary>
    public bool FileOnlyMode;
    /// <summary>CURLOPT_NOBODY: an HTTP HEAD request (no body is asked for).</summary>
    public bool NoBody;
    /// <summary>CURLOPT_ACCEPT_ENCODING: null = off, "" = all we decode, else the Accept-Encoding value.</summary>
    public string? AcceptEncoding;
    /// <summary>CURLOPT_AUTOREFERER: a followed redirect sends the previous URL as Referer.</summary>
    public bool AutoReferer;
    /// <summary>CURLOPT_CERTINFO: keep the server's certificate chain for CURL.GetCertInfo.</summary>
    public bool CertInfo;
    /// <summary>CURLOPT_FILETIME: keep the remote file time (HTTP Last-Modified) for CURL.GetFileTime.</summary>
    public bool FileTime;
    /// <summary>CURLOPT_CONNECT_ONLY: Perform only connects (TCP, and TLS for https); CURL.SendText/ReceiveText then
    /// use the connection.</summary>
    public bool ConnectOnly;
    /// <summary>CURLOPT_HTTP_VERSION (<see cref="HttpVersions"/>): 0 = curl's default, HTTP/2 over TLS.</summary>
    public int HttpVersion;

    /// <summary>FTP options, as libcurl's CURLOPT_FTP_* / DIRLISTONLY / APPEND / QUOTE… (see Curl/Ftp).</summary>
    public Ftp.FtpOptions Ftp = new();

    public CurlOptions Clone()
    {
        var copy = (CurlOptions)MemberwiseClone();
        copy.Ftp = Ftp.Clone();
        copy.HttpHeaders = [.. HttpHeaders];
        copy.MailRecipients = [.. MailRecipients];
        copy.Form = [.. Form];
        copy.Http200Aliases = [.. Http200Aliases];
        return copy;
    }

    /// <summary>curl's default connect timeout is 300 s; 0 means that default.</summary>
    public TimeSpan ConnectTimeout =>
        TimeSpan.FromMilliseconds(ConnectTimeoutMs > 0 ? Math.Min(ConnectTimeoutMs, Transfer.MaxTimerMs) : 300_000);
}

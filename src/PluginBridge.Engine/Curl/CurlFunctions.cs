using System.Text;
using PluginBridge.Engine.Core;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// The CURL.* family: a curl-shaped facade over System.Net.Http (http/https) and MailKit or small line
/// clients (smtp/imap/pop3). Perform's failure text is curl's "code: message" WITHOUT a "[MBS] " prefix, as the
/// vendor's examples show it ("28: Connection timed out after 1000 milliseconds"); IsError is 1 for it.
/// Differences from MBS (secure by default) are in Curl/README.md.
/// </summary>
static partial class CurlFunctions
{
    internal static readonly HandleTable<CurlHandle> Handles = new("CURL", 16000);

    public static void Register(Registry r)
    {
        r.AddTable(Handles);
        r.AddActivity(() => CurlHandle.RunningCount);

        r.Add("CURL.New", "", "Creates a CURL handle (numbers from 16000) with MBS's defaults: verbose log on, redirects followed (max 3), TLS verified.", _ => Value.FromNumber(Handles.Add(new CurlHandle())));
        r.Add("CURL.Release", "curl", "Frees a CURL handle; refused while its background transfer runs.", Release, "CURL.Cleanup");
        r.Add("CURL.ReleaseAll", "", "Frees every CURL handle; refused while any background transfer runs.", ReleaseAll);
        r.Add("CURL.List", "", "The live CURL handles, ¶-separated.", _ => Value.FromText(Handles.List()));
        r.Add("CURL.Perform", "curl", "Runs the transfer (http, https, smtp, smtps, imap, imaps, pop3, pop3s): OK on transport success (HTTP 4xx/5xx too), else curl's \"code: message\".", Perform);
        r.Add("CURL.PerformInBackground", "curl", "Starts the transfer on a worker thread and returns 0; poll CURL.IsRunning or use CURL.SetFinishedScript.", PerformInBackground);
        r.Add("CURL.IsRunning", "curl", "1 while a background transfer runs, else 0.", a => Value.FromBool(Handles.Get(a, 0).IsRunning));
        r.Add("CURL.SetFinishedScript", "curl; FileName; ScriptName", "Script started (through idle, paused caller) when a background transfer ends; its parameter is the CURL handle.", SetFinishedScript);
        r.Add("CURL.ErrorCode", "curl", "curl's error code of the last transfer (0 = OK).", a => Value.FromNumber(Handles.Get(a, 0).Outcome.ErrorCode));
        r.Add("CURL.ErrorMessage", "curl", "curl's error message of the last transfer (empty when OK).", a => Value.FromText(Handles.Get(a, 0).Outcome.ErrorMessage));

        r.Add("CURL.SetOptionURL", "curl; URL { ; Encoding }", "The URL; its scheme picks the protocol (a missing scheme is guessed like curl: smtp./imap./pop3. hosts, else http).", a => Set(a, o => o.Url = a.Text(1).Trim()));
        r.Add("CURL.SetOptionPostFields", "curl; Value { ; Encoding }", "The POST body (encoded with Encoding, default UTF-8); implies POST.", a => Set(a, o => o.PostFields = Encodings.ToBytes(a.Text(1), a.Text(2, ""))));
        r.Add("CURL.SetOptionHTTPHeader", "curl; Values...", "Replaces the request header list: one \"Name: value\" per parameter (\"Name:\" suppresses a default header); no values clears it.", a => Set(a, o => o.HttpHeaders = Values(a)));
        r.Add("CURL.AddOptionHTTPHeader", "curl; Values...", "Appends headers to the request header list.", a => Set(a, o => o.HttpHeaders.AddRange(Values(a))));
        r.Add("CURL.SetOptionCustomRequest", "curl; Value { ; Encoding }", "HTTP method (DELETE, PATCH, …), IMAP command (\"SEARCH ALL\") or POP3 command; empty restores the default.", a => Set(a, o => o.CustomRequest = a.Text(1).Trim()));
        r.Add("CURL.SetOptionPort", "curl; Value", "Port number overriding the URL's (0 = from the URL).", a => Set(a, o => o.Port = (int)a.Long(1, 0, 65535)));
        r.Add("CURL.SetOptionUseSSL", "curl; Value", "TLS for smtp/imap/pop3 URLs: 0 none, 1 try STARTTLS, 2 and 3 require it (3 = the article's choice).", a => Set(a, o => o.UseSsl = (int)a.Long(1, 0, 3)));
        r.Add("CURL.SetOptionSSLVersion", "curl; Value", "Minimum TLS version as libcurl: 0/1 default, 4 TLS 1.0+, 5 TLS 1.1+, 6 TLS 1.2+, 7 TLS 1.3 (CURL_SSLVERSION_MAX_* in the high bits caps it).", SetSslVersion);
        r.Add("CURL.SetOptionSSLVerifyPeer", "curl; Value", "1 (default here; MBS turns it off without a CA) verifies the server's certificate chain; 0 accepts any certificate.", a => Set(a, o => o.SslVerifyPeer = a.Bool(1, true)));
        r.Add("CURL.SetOptionSSLVerifyHost", "curl; Value", "2 (default) or 1 checks that the certificate names the host; 0 skips that check.", a => Set(a, o => o.SslVerifyHost = (int)a.Long(1, 0, 2)));
        r.Add("CURL.SetOptionCAInfo", "curl; Value { ; Encoding }", "Path of a PEM bundle of CA certificates; when set, the server must chain to one of them (instead of the system store).", a => Set(a, o => o.CaInfo = a.Text(1).Trim()));
        r.Add("CURL.SetOptionXOAuth2Bearer", "curl; Value", "OAuth 2.0 access token (no \"Bearer \" prefix) for SMTP/IMAP/POP3 SASL XOAUTH2; set the user name, not a password.", a => Set(a, o => o.XOAuth2Bearer = a.Text(1).Trim()));
        r.Add("CURL.SetOptionUserName", "curl; Value { ; Encoding }", "User name for mail login or HTTP Basic auth (sent in Encoding, default UTF-8).", a => SetCredential(a, (o, text, encoding) => { o.UserName = text; o.UserNameEncoding = encoding; }));
        r.Add("CURL.SetOptionPassword", "curl; Password { ; Encoding }", "Password for mail login or HTTP Basic auth (sent in Encoding, default UTF-8).", a => SetCredential(a, (o, text, encoding) => { o.Password = text; o.PasswordEncoding = encoding; }));
        r.Add("CURL.SetOptionLoginOptions", "curl; Value { ; Encoding }", "Mail login options, e.g. \"AUTH=LOGIN\", \"AUTH=PLAIN\", \"AUTH=XOAUTH2\", \"AUTH=OAUTHBEARER\" or \"AUTH=*\".", a => Set(a, o => o.LoginOptions = a.Text(1).Trim()));
        r.Add("CURL.SetOptionMailFrom", "curl; Value { ; Encoding }", "SMTP envelope sender (MAIL FROM), e.g. \"<alice@example.com>\".", a => Set(a, o => o.MailFrom = a.Text(1).Trim()));
        r.Add("CURL.SetOptionMailRecipients", "curl; Values...", "SMTP envelope recipients (RCPT TO), one per parameter; brackets are added when missing.", a => Set(a, o => o.MailRecipients = Values(a)));
        r.Add("CURL.SetOptionUpload", "curl; Value", "1 = upload the input data (SMTP message, HTTP PUT).", a => Set(a, o => o.Upload = a.Bool(1)));
        r.Add("CURL.SetInputText", "curl; Text { ; Encoding }", "The data to upload, encoded with Encoding (default UTF-8; also Hex and Base64).", a => Set(a, o => o.InputData = Encodings.ToBytes(a.Text(1), a.Text(2, ""))));
        r.Add("CURL.SetOptionTimeOut", "curl; Value", "Whole-transfer timeout in seconds (0 = none).", a => Set(a, o => o.TimeoutMs = Seconds(a)));
        r.Add("CURL.SetOptionTimeoutMS", "curl; Value", "Whole-transfer timeout in milliseconds (0 = none).", a => Set(a, o => o.TimeoutMs = a.Long(1, 0, long.MaxValue)));
        r.Add("CURL.SetOptionConnectionTimeout", "curl; Value", "Connect-phase timeout in seconds (0 = curl's 300 s).", a => Set(a, o => o.ConnectTimeoutMs = Seconds(a)), "CURL.SetOptionConnectTimeout");
        r.Add("CURL.SetOptionConnectTimeoutMS", "curl; Value", "Connect-phase timeout in milliseconds (0 = curl's 300 s).", a => Set(a, o => o.ConnectTimeoutMs = a.Long(1, 0, long.MaxValue)), "CURL.SetOptionConnectionTimeoutMS");
        r.Add("CURL.SetOptionFollowLocation", "curl; Value", "1 (MBS default) follows HTTP redirects, 0 returns the redirect response.", a => Set(a, o => o.FollowLocation = a.Bool(1)));
        r.Add("CURL.SetOptionMaxRedirs", "curl; Value", "Most redirects to follow (MBS default 3, -1 = unlimited).", a => Set(a, o => o.MaxRedirs = a.Long(1, -1, long.MaxValue, 3)));
        r.Add("CURL.SetOptionUserAgent", "curl; Value { ; Encoding }", "User-Agent header for HTTP requests.", a => Set(a, o => o.UserAgent = a.Text(1).Trim()));
        r.Add("CURL.SetOptionFreshConnect", "curl; Value", "1 = the next transfers open a new connection instead of reusing the one this handle kept open.", a => Set(a, o => o.FreshConnect = a.Bool(1)));
        r.Add("CURL.SetOptionForbidReuse", "curl; Value", "1 = close the connection after each transfer instead of keeping it open for the next one.", a => Set(a, o => o.ForbidReuse = a.Bool(1)));
        r.Add("CURL.SetOptionVerbose", "curl; Value", "1 (default) collects the debug transcript, 0 turns it off.", a => Set(a, o => o.Verbose = a.Bool(1)));
        r.Add("CURL.SetOptionRedactSecrets", "curl; Value", "Our extension: 1 (default) hides tokens, passwords and client secrets in the debug text; 0 shows them (for troubleshooting only).", a => Set(a, o => o.RedactSecrets = a.Bool(1, true)));

        r.Add("CURL.GetResponseCode", "curl", "Last HTTP status, or the last SMTP reply code; 0 when none (IMAP and POP3 replies carry no number).", a => Value.FromNumber(Handles.Get(a, 0).Outcome.ResponseCode));
        r.Add("CURL.GetResultAsText", "curl { ; Encoding; preserveLineEndings }", "The received data as text (Encoding default native = UTF-8); line endings become ¶ unless preserveLineEndings is 1.", a => Text(a, h => h.Body));
        r.Add("CURL.GetResultAsData", "curl; Type { ; FileName }", "The received data as a container of FileMaker type Type (\"FILE\", \"PDF \", \"JPEG\" …; file name default \"data\"); empty on error.", GetResultAsData);
        r.Add("CURL.GetDebugMessages", "curl { ; Encoding; preserveLineEndings }", "The verbose transcript (connect, TLS, certificate, every protocol line) with secrets redacted.", a => Text(a, h => Encoding.UTF8.GetBytes(h.Debug)), "CURL.GetDebugAsText");
        r.Add("CURL.GetHeaders", "curl { ; Encoding; preserveLineEndings }", "The received HTTP header blocks as received (all redirect hops, 1xx included), or the server's reply lines for SMTP, IMAP and POP3 (as libcurl).", a => Text(a, h => Encoding.UTF8.GetBytes(h.Headers)), "CURL.GetHeaderAsText");
        RegisterCompat(r);
        RegisterFiles(r);
        RegisterInfo(r);
    }

    static Value Set(Args a, Action<CurlOptions> change)
    {
        Handles.Get(a, 0).Set(change);
        return Value.Ok;
    }

    static Value SetCredential(Args a, Action<CurlOptions, string, Encoding> change)
    {
        var encoding = Encodings.Get(a.Text(2, ""));
        return Set(a, o => change(o, a.Text(1), encoding));
    }

    static List<string> Values(Args a) => a.From(1).Select(v => v.AsText()).Where(s => s.Trim().Length > 0).ToList();

    /// <summary>A timeout in seconds as milliseconds; curl takes up to its largest time in milliseconds / 1000.</summary>
    static long Seconds(Args a) => a.Long(1, 0, long.MaxValue / 1000) * 1000;

    static Value SetSslVersion(Args a)
    {
        var n = a.Long(1);
        var min = n & 0xFFFF;
        var max = n >> 16;
        if (n < 0 || min > 7 || max > 7 || max is > 0 and < 4)
            throw new MbsException($"CURL.SetOptionSSLVersion takes 0 to 7 (6 = TLS 1.2 or later, 7 = TLS 1.3), got {n}.");
        if (min is 2 or 3) throw new MbsException("SSLv2 and SSLv3 are insecure and not supported. Use 6 (TLS 1.2 or later) or 7 (TLS 1.3).");
        return Set(a, o => o.SslVersion = (int)n);
    }

    static Value Release(Args a)
    {
        var h = Handles.Get(a, 0);
        if (h.IsRunning) throw new MbsException("The CURL handle still runs a background transfer. Release it when CURL.IsRunning returns 0.");
        Handles.Release(a, 0);
        return Value.Ok;
    }

    static Value ReleaseAll(Args a)
    {
        if (Handles.Snapshot().Any(p => p.Value.IsRunning))
            throw new MbsException("A background transfer still runs. Call CURL.ReleaseAll when CURL.IsRunning returns 0 for every handle.");
        Handles.ReleaseAll();
        return Value.Ok;
    }

    static Value Perform(Args a)
    {
        var h = Handles.Get(a, 0);
        var outcome = h.Perform();
        return outcome.ErrorCode == 0 ? Value.Ok : Value.RawError($"{outcome.ErrorCode}: {outcome.ErrorMessage}");
    }

    static Value PerformInBackground(Args a)
    {
        var h = Handles.Get(a, 0);
        h.PerformInBackground(() => Handles.TryGet(h.Number, out var live) && ReferenceEquals(live, h));
        return Value.FromNumber(0);
    }

    static Value SetFinishedScript(Args a)
    {
        var h = Handles.Get(a, 0);
        var target = ScriptTarget.From(a.Text(1), a.Text(2));
        h.Set(_ => h.Finished = target);
        return Value.Ok;
    }

    static Value Text(Args a, Func<TransferOutcome, byte[]> pick)
    {
        var bytes = pick(Handles.Get(a, 0).Outcome);
        var text = Encodings.Get(a.Text(1, ""), Encodings.Utf8).GetString(bytes);
        return Value.FromText(a.Bool(2) ? text : LineEndings.ToCR(text));
    }

    static Value GetResultAsData(Args a)
    {
        var bytes = Handles.Get(a, 0).Outcome.Body;
        return bytes.Length == 0 ? Value.Empty : Value.FromContainer(bytes, a.Text(2, "data"));
    }
}

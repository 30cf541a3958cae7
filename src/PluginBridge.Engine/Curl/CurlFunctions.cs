using System.Text;

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

        r.Add("CURL.New", "", _ => Value.FromNumber(Handles.Add(new CurlHandle())));
        r.Add("CURL.Release", "curl", Release, "CURL.Cleanup");
        r.Add("CURL.ReleaseAll", "", ReleaseAll);
        r.Add("CURL.List", "", Handles.ListFunction);
        r.Add("CURL.Perform", "curl", Perform);
        r.Add("CURL.PerformInBackground", "curl", PerformInBackground);
        r.Add("CURL.IsRunning", "curl", a => Value.FromBool(Handles.Get(a, 0).IsRunning));
        r.Add("CURL.SetFinishedScript", "curl; FileName; ScriptName", SetFinishedScript);
        r.Add("CURL.ErrorCode", "curl", a => Value.FromNumber(Handles.Get(a, 0).Outcome.ErrorCode));
        r.Add("CURL.ErrorMessage", "curl", a => Value.FromText(Handles.Get(a, 0).Outcome.ErrorMessage));

        r.Add("CURL.SetOptionURL", "curl; URL { ; Encoding }", a => Set(a, o => o.Url = a.Text(1).Trim()));
        r.Add("CURL.SetOptionPostFields", "curl; Value { ; Encoding }",
            a => Set(a, o => o.PostFields = Encodings.ToBytes(a.Text(1), a.Text(2, ""))));
        r.Add("CURL.SetOptionHTTPHeader", "curl; Values...", a => Set(a, o => o.HttpHeaders = Values(a)));
        r.Add("CURL.AddOptionHTTPHeader", "curl; Values...", a => Set(a, o => o.HttpHeaders.AddRange(Values(a))));
        r.Add("CURL.SetOptionHTTPVersion", "curl; Value",
            a => { var v = HttpVersions.Check(a.Long(1)); return Set(a, o => o.HttpVersion = v); });
        r.Add("CURL.SetOptionCustomRequest", "curl; Value { ; Encoding }",
            a => Set(a, o => o.CustomRequest = a.Text(1).Trim()));
        r.Add("CURL.SetOptionPort", "curl; Value", a => Set(a, o => o.Port = (int)a.Long(1, 0, 65535)));
        r.Add("CURL.SetOptionUseSSL", "curl; Value", a => Set(a, o => o.UseSsl = (int)a.Long(1, 0, 3)));
        r.Add("CURL.SetOptionSSLVersion", "curl; Value", SetSslVersion);
        r.Add("CURL.SetOptionSSLVerifyPeer", "curl; Value", a => Set(a, o => o.SslVerifyPeer = a.Bool(1, true)));
        r.Add("CURL.SetOptionSSLVerifyHost", "curl; Value", a => Set(a, o => o.SslVerifyHost = (int)a.Long(1, 0, 2)));
        r.Add("CURL.SetOptionCAInfo", "curl; Value { ; Encoding }", a => Set(a, o => o.CaInfo = a.Text(1).Trim()));
        r.Add("CURL.SetOptionXOAuth2Bearer", "curl; Value", a => Set(a, o => o.XOAuth2Bearer = a.Text(1).Trim()));
        r.Add("CURL.SetOptionUserName", "curl; Value { ; Encoding }",
            a => SetCredential(a, (o, text, encoding) => { o.UserName = text; o.UserNameEncoding = encoding; }));
        r.Add("CURL.SetOptionPassword", "curl; Password { ; Encoding }",
            a => SetCredential(a, (o, text, encoding) => { o.Password = text; o.PasswordEncoding = encoding; }));
        r.Add("CURL.SetOptionLoginOptions", "curl; Value { ; Encoding }",
            a => Set(a, o => o.LoginOptions = a.Text(1).Trim()));
        r.Add("CURL.SetOptionMailFrom", "curl; Value { ; Encoding }", a => Set(a, o => o.MailFrom = a.Text(1).Trim()));
        r.Add("CURL.SetOptionMailRecipients", "curl; Values...", a => Set(a, o => o.MailRecipients = Values(a)));
        r.Add("CURL.SetOptionUpload", "curl; Value", a => Set(a, o => o.Upload = a.Bool(1)));
        r.Add("CURL.SetInputText", "curl; Text { ; Encoding }",
            a => Set(a, o => o.InputData = Encodings.ToBytes(a.Text(1), a.Text(2, ""))));
        r.Add("CURL.SetOptionTimeOut", "curl; Value", a => Set(a, o => o.TimeoutMs = Seconds(a)));
        r.Add("CURL.SetOptionTimeoutMS", "curl; Value", a => Set(a, o => o.TimeoutMs = a.Long(1, 0, long.MaxValue)));
        r.Add("CURL.SetOptionConnectionTimeout", "curl; Value",
            a => Set(a, o => o.ConnectTimeoutMs = Seconds(a)), "CURL.SetOptionConnectTimeout");
        r.Add("CURL.SetOptionConnectTimeoutMS", "curl; Value",
            a => Set(a, o => o.ConnectTimeoutMs = a.Long(1, 0, long.MaxValue)), "CURL.SetOptionConnectionTimeoutMS");
        r.Add("CURL.SetOptionFollowLocation", "curl; Value", a => Set(a, o => o.FollowLocation = a.Bool(1)));
        r.Add("CURL.SetOptionMaxRedirs", "curl; Value",
            a => Set(a, o => o.MaxRedirs = a.Long(1, -1, long.MaxValue, 3)));
        r.Add("CURL.SetOptionUserAgent", "curl; Value { ; Encoding }",
            a => Set(a, o => o.UserAgent = a.Text(1).Trim()));
        r.Add("CURL.SetOptionFreshConnect", "curl; Value", a => Set(a, o => o.FreshConnect = a.Bool(1)));
        r.Add("CURL.SetOptionForbidReuse", "curl; Value", a => Set(a, o => o.ForbidReuse = a.Bool(1)));
        r.Add("CURL.SetOptionConnectOnly", "curl; Value", SetConnectOnly);
        r.Add("CURL.SetOptionVerbose", "curl; Value", a => Set(a, o => o.Verbose = a.Bool(1)));
        r.Add("CURL.SetOptionRedactSecrets", "curl; Value", a => Set(a, o => o.RedactSecrets = a.Bool(1, true)));

        r.Add("CURL.GetResponseCode", "curl", a => Value.FromNumber(Handles.Get(a, 0).Outcome.ResponseCode));
        r.Add("CURL.GetResultAsText", "curl { ; Encoding; preserveLineEndings }", a => Text(a, h => h.Body));
        r.Add("CURL.GetResultAsData", "curl; Type { ; FileName }", GetResultAsData);
        r.Add("CURL.GetDebugMessages", "curl { ; Encoding; preserveLineEndings }",
            a => Text(a, h => Encoding.UTF8.GetBytes(h.Debug)), "CURL.GetDebugAsText");
        r.Add("CURL.GetHeaders", "curl { ; Encoding; preserveLineEndings }",
            a => Text(a, h => Encoding.UTF8.GetBytes(h.Headers)), "CURL.GetHeaderAsText");
        RegisterCompat(r);
        RegisterClientCertificates(r);
        RegisterAwsAndPacing(r);
        RegisterEvaluates(r);
        RegisterFiles(r);
        RegisterFtp(r);
        RegisterInfo(r);
        RegisterSockets(r);
        RegisterLibrary(r);
    }

    static Value Set(Args a, Action<CurlOptions> change)
    {
        var h = Handles.Get(a, 0);
        h.Set(change);
        h.RecordOption(a); // for CURL.Options
        return Value.Ok;
    }

    static Value SetCredential(Args a, Action<CurlOptions, string, Encoding> change)
    {
        var encoding = Encodings.Get(a.Text(2, ""));
        return Set(a, o => change(o, a.Text(1), encoding));
    }

    static List<string> Values(Args a) => a.From(1).Select(v => v.AsText()).Where(s => s.Trim().Length > 0).ToList();

    /// <summary>A timeout in seconds as milliseconds; curl takes up to its largest time in milliseconds /
    /// 1000.</summary>
    static long Seconds(Args a) => a.Long(1, 0, long.MaxValue / 1000) * 1000;

    static Value SetSslVersion(Args a)
    {
        var n = a.Long(1);
        var min = n & 0xFFFF;
        var max = n >> 16;
        if (n < 0 || min > 7 || max > 7 || max is > 0 and < 4)
            throw new MbsException(
                $"CURL.SetOptionSSLVersion takes 0 to 7 (6 = TLS 1.2 or later, 7 = TLS 1.3), got {n}.");
        if (min is 2 or 3) throw new MbsException(
            "SSLv2 and SSLv3 are insecure and not supported. Use 6 (TLS 1.2 or later) or 7 (TLS 1.3).");
        return Set(a, o => o.SslVersion = (int)n);
    }

    static Value Release(Args a)
    {
        var h = Handles.Get(a, 0);
        if (h.IsRunning) throw new MbsException(
            "The CURL handle still runs a background transfer. Release it when CURL.IsRunning returns 0.");
        Handles.Release(a, 0);
        return Value.Ok;
    }

    static Value ReleaseAll(Args a)
    {
        if (Handles.Snapshot().Any(p => p.Value.IsRunning))
            throw new MbsException("A background transfer still runs. Call CURL.ReleaseAll when CURL.IsRunning " +
                "returns 0 for every handle.");
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

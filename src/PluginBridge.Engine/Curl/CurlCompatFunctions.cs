using System.Security.Cryptography.X509Certificates;
using PluginBridge.Engine.Core;

namespace PluginBridge.Engine.Curl;

/// <summary>CURL functions real MBS scripts use beyond the article: POST and auth options, input data, handle state.</summary>
static partial class CurlFunctions
{
    static void RegisterCompat(Registry r)
    {
        RegisterForms(r);
        RegisterCookies(r);
        r.Add("CURL.SetOptionPost", "curl; Value", "1 = HTTP POST of the post fields or the input data (application/x-www-form-urlencoded unless a header says otherwise); 0 = back to GET.", a => Set(a, o => { o.Post = a.Bool(1); if (o.Post == false) o.PostFields = null; }));
        r.Add("CURL.SetOptionHTTPAuth", "curl; Value", "HTTP auth methods as libcurl's bits: 1 Basic (default; user name and password), 64 Bearer (the CURL.SetOptionXOAuth2Bearer token); Digest, Negotiate and NTLM are refused.", SetHttpAuth);
        r.Add("CURL.SetOptionUploadFlags", "curl; Value", "Flags for an IMAP upload (APPEND), as curl's CURLOPT_UPLOAD_FLAGS: 1 Answered, 2 Deleted, 4 Draft, 8 Flagged, 16 Seen (the default); add them up, 0 = none.", a => Set(a, o => o.UploadFlags = (int)a.Long(1, 0, 31, 16)));
        r.Add("CURL.SetOptionSASLIR", "curl; Value", "1 sends the SASL initial response with the IMAP AUTHENTICATE command even when the server does not announce SASL-IR (SMTP and POP3 always send it).", a => Set(a, o => o.SaslIr = a.Bool(1)));
        r.Add("CURL.SetOptionMailRcptAllowFails", "curl; Value", "1 = as curl's CURLOPT_MAIL_RCPT_ALLOWFAILS: refused recipients are skipped (listed in the debug text) while the server accepts another; 0 (default) = the first refusal fails with 55.", a => Set(a, o => o.MailRcptAllowFails = a.Bool(1)));
        r.Add("CURL.SetOptionCAPath", "curl; Value { ; Encoding }", "A directory of PEM CA certificates; the server must chain to one of them or to CAInfo's (instead of the system store).", a => Set(a, o => o.CaPath = NativePath(a.Text(1))));
        r.Add("CURL.UseSystemCertificates", "curl", "Keeps the system's CA store trusted next to CAInfo/CAPath (it is used anyway when neither is set); returns the number of system CA certificates.", UseSystemCertificates);
        r.Add("CURL.Reset", "curl", "Sets all options back to the defaults of CURL.New (URL, headers, login, input, form, scripts); the cookies and the tag stay.", a => { Handles.Get(a, 0).Reset(); return Value.Ok; });
        r.Add("CURL.SetInputFile", "curl; Data { ; Offset; Length }", "Sets the upload data to the bytes of a container value (Length bytes from Offset, by default all).", a => { var data = InputSlice(a); return Set(a, o => o.InputData = data); });
        r.Add("CURL.AddInputFile", "curl; Data", "Appends the bytes of a container value to the upload data.", a => Set(a, o => o.InputData = [.. o.InputData ?? [], .. a.Bytes(1)]));
        r.Add("CURL.AddInputText", "curl; Text { ; Encoding }", "Appends text (encoded with Encoding, default UTF-8) to the upload data.", a => Set(a, o => o.InputData = [.. o.InputData ?? [], .. Encodings.ToBytes(a.Text(1), a.Text(2, ""))]));
        r.Add("CURL.GetResultAsContainer", "curl { ; FileName; PluginDetect }", "The received data as a container; the file name defaults to the last part of the URL path (else \"data\").", GetResultAsContainer);
        r.Add("CURL.GetHeaderAsJSON", "curl", "The final HTTP response head as JSON: HTTP-Version, HTTP-ResponseCode, HTTP-ResponseMessage and each header (repeated ones as an array).", GetHeaderAsJson);
        r.Add("CURL.SetTag", "curl { ; Value }", "Keeps any text with the handle (e.g. a record ID for a finished script).", a => { var h = Handles.Get(a, 0); h.Set(_ => h.Tag = a.Text(1)); return Value.Ok; });
        r.Add("CURL.GetTag", "curl", "The text stored with CURL.SetTag.", a => { var h = Handles.Get(a, 0); return Value.FromText(h.Read(_ => h.Tag)); });
        r.Add("CURL.GetOptionUserName", "curl", "The user name set with CURL.SetOptionUserName.", a => Value.FromText(Handles.Get(a, 0).Read(o => o.UserName)), "CURL.GetUserName");
        r.Add("CURL.GetOptionPassword", "curl", "The password set with CURL.SetOptionPassword (the script's own secret; the debug text never shows it).", a => Value.FromText(Handles.Get(a, 0).Read(o => o.Password)), "CURL.GetPassword");
        r.Add("CURL.SetSucceededScript", "curl; FileName; ScriptName", "Script started (through idle) after CURL.Perform or a background transfer without error and, for HTTP, a status below 400; its parameter is the CURL handle.", a => SetScript(a, (h, target) => h.Succeeded = target));
        r.Add("CURL.SetFailedScript", "curl; FileName; ScriptName", "Script started (through idle) after CURL.Perform or a background transfer that failed or got an HTTP status of 400 or more; its parameter is the CURL handle.", a => SetScript(a, (h, target) => h.Failed = target));
    }

    /// <summary>MBS's Offset and Length pick a part of the container; a range beyond its end is an error.</summary>
    static byte[] InputSlice(Args a)
    {
        var data = a.Bytes(1);
        var offset = (int)a.Long(2, 0, data.Length, 0);
        var length = (int)a.Long(3, 0, data.Length - offset, data.Length - offset);
        return data[offset..(offset + length)];
    }

    static Value SetScript(Args a, Action<CurlHandle, ScriptTarget?> change)
    {
        var h = Handles.Get(a, 0);
        var target = ScriptTarget.From(a.Text(1), a.Text(2));
        h.Set(_ => change(h, target));
        return Value.Ok;
    }

    static Value SetHttpAuth(Args a)
    {
        var mask = a.Long(1);
        if ((mask & (HttpTransfer.HttpAuthBasic | HttpTransfer.HttpAuthBearer)) == 0)
            throw new MbsException($"CURL.SetOptionHTTPAuth: only Basic (1) and Bearer (64) are supported, got {mask}. Digest, Negotiate and NTLM are not available in PluginBridge.");
        return Set(a, o => o.HttpAuth = mask);
    }

    static Value UseSystemCertificates(Args a)
    {
        Set(a, o => o.UseSystemCertificates = true);
        using var store = new X509Store(StoreName.Root, StoreLocation.LocalMachine);
        store.Open(OpenFlags.ReadOnly);
        return Value.FromNumber(store.Certificates.Count);
    }

    static Value GetResultAsContainer(Args a)
    {
        var h = Handles.Get(a, 0);
        var bytes = h.Outcome.Body;
        if (bytes.Length == 0) return Value.Empty;
        var name = a.Text(1, "");
        if (name.Length == 0)
        {
            var url = h.Read(o => o.Url);
            name = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Path.GetFileName(Uri.UnescapeDataString(uri.AbsolutePath)) : "";
        }
        return Value.FromContainer(bytes, name.Length > 0 ? name : "data");
    }
}

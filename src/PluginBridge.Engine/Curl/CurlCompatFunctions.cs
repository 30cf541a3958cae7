using System.Security.Cryptography.X509Certificates;

namespace PluginBridge.Engine.Curl;

/// <summary>CURL functions real MBS scripts use beyond the article: POST and auth options, input data, handle
/// state.</summary>
static partial class CurlFunctions
{
    static void RegisterCompat(Registry r)
    {
        RegisterForms(r);
        RegisterCookies(r);
        r.Add("CURL.SetOptionPost", "curl; Value",
            a => Set(a, o => { o.Post = a.Bool(1); if (o.Post == false) o.PostFields = null; }));
        r.Add("CURL.SetOptionHTTPAuth", "curl; Value", SetHttpAuth);
        r.Add("CURL.SetOptionUploadFlags", "curl; Value", a => Set(a, o => o.UploadFlags = (int)a.Long(1, 0, 31, 16)));
        r.Add("CURL.SetOptionSASLIR", "curl; Value", a => Set(a, o => o.SaslIr = a.Bool(1)));
        r.Add("CURL.SetOptionMailRcptAllowFails", "curl; Value", a => Set(a, o => o.MailRcptAllowFails = a.Bool(1)));
        r.Add("CURL.SetOptionCAPath", "curl; Value { ; Encoding }", a => Set(a, o => o.CaPath = NativePath(a.Text(1))));
        r.Add("CURL.UseSystemCertificates", "curl", UseSystemCertificates);
        r.Add("CURL.Reset", "curl", a => { Handles.Get(a, 0).Reset(); return Value.Ok; });
        r.Add("CURL.SetInputFile", "curl; Data { ; Offset; Length }",
            a => { var data = InputSlice(a); return Set(a, o => o.InputData = data); });
        r.Add("CURL.AddInputFile", "curl; Data", a => Set(a, o => o.InputData = [.. o.InputData ?? [], .. a.Bytes(1)]));
        r.Add("CURL.AddInputText", "curl; Text { ; Encoding }",
            a => Set(a, o => o.InputData = [.. o.InputData ?? [], .. Encodings.ToBytes(a.Text(1), a.Text(2, ""))]));
        r.Add("CURL.GetResultAsContainer", "curl { ; FileName; PluginDetect }", GetResultAsContainer);
        r.Add("CURL.GetHeaderAsJSON", "curl", GetHeaderAsJson);
        r.Add("CURL.SetTag", "curl { ; Value }",
            a => { var h = Handles.Get(a, 0); h.Set(_ => h.Tag = a.Text(1)); return Value.Ok; });
        r.Add("CURL.GetTag", "curl", a => { var h = Handles.Get(a, 0); return Value.FromText(h.Read(_ => h.Tag)); });
        r.Add("CURL.GetOptionUserName", "curl",
            a => Value.FromText(Handles.Get(a, 0).Read(o => o.UserName)), "CURL.GetUserName");
        r.Add("CURL.GetOptionPassword", "curl",
            a => Value.FromText(Handles.Get(a, 0).Read(o => o.Password)), "CURL.GetPassword");
        r.Add("CURL.SetSucceededScript", "curl; FileName; ScriptName",
            a => SetScript(a, (h, target) => h.Succeeded = target));
        r.Add("CURL.SetFailedScript", "curl; FileName; ScriptName",
            a => SetScript(a, (h, target) => h.Failed = target));
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
            throw new MbsException($"CURL.SetOptionHTTPAuth: only Basic (1) and Bearer (64) are supported, got " +
                $"{mask}. Digest, Negotiate and NTLM are not available in PluginBridge.");
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
            name = Uri.TryCreate(url, UriKind.Absolute, out var uri)
                ? Path.GetFileName(Uri.UnescapeDataString(uri.AbsolutePath)) : "";
        }
        return Value.FromContainer(bytes, name.Length > 0 ? name : "data");
    }
}

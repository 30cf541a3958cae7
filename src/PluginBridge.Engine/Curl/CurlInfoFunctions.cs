using System.Text;
using PluginBridge.Engine.Core;

namespace PluginBridge.Engine.Curl;

/// <summary>What a transfer reports (curl_easy_getinfo and MBS's buffers), its progress, the debug-text switches,
/// the typed result and input shortcuts, and the HTTP method options that go with them.</summary>
static partial class CurlFunctions
{
    static void RegisterInfo(Registry r)
    {
        r.Add("CURL.SetDebugWithTime", "curl; Value", a => Set(a, o => o.DebugWithTime = a.Bool(1)));
        r.Add("CURL.GetDebugWithTime", "curl", a => Flag(a, o => o.DebugWithTime));
        r.Add("CURL.SetDebugWithData", "curl; Value", a => Set(a, o => o.DebugWithData = a.Bool(1)));
        r.Add("CURL.GetDebugWithData", "curl", a => Flag(a, o => o.DebugWithData));
        r.Add("CURL.SetDebugWithProgress", "curl; Value", a => Set(a, o => o.DebugWithProgress = a.Bool(1)));
        r.Add("CURL.GetDebugWithProgress", "curl", a => Flag(a, o => o.DebugWithProgress));

        r.Add("CURL.GetProgressCurrentDownload", "curl", a => Count(a, p => p.DownloadNow));
        r.Add("CURL.GetProgressTotalDownload", "curl", a => Count(a, p => p.DownloadTotal));
        r.Add("CURL.GetProgressCurrentUpload", "curl", a => Count(a, p => p.UploadNow));
        r.Add("CURL.GetProgressTotalUpload", "curl", a => Count(a, p => p.UploadTotal));
        r.Add("CURL.GetProgressPercent", "curl",
            a => { var h = Handles.Get(a, 0); return Value.FromNumber(h.Progress.Percent(!h.IsRunning)); });

        r.Add("CURL.GetEffectiveURL", "curl", a => Value.FromText(Handles.Get(a, 0).Outcome.EffectiveUrl));
        r.Add("CURL.GetRedirectURL", "curl", a => Value.FromText(Handles.Get(a, 0).Outcome.RedirectUrl));
        r.Add("CURL.GetContentType", "curl", a => Value.FromText(Handles.Get(a, 0).Outcome.ContentType));
        r.Add("CURL.GetEffectiveMethod", "curl", a => Value.FromText(Handles.Get(a, 0).Outcome.EffectiveMethod));
        r.Add("CURL.GetHTTPVersion", "curl", a => Value.FromNumber(Handles.Get(a, 0).Outcome.HttpVersion));
        r.Add("CURL.GetOptionHTTPHeader", "curl",
            a => Value.FromText(string.Join("\r", Handles.Get(a, 0).Read(o => o.HttpHeaders.ToList()))));
        r.Add("CURL.Options", "curl", OptionsJson);
        r.Add("CURL.GetNameLookupTime", "curl", a => Seconds(a, t => t.Of(Phase.NameLookup)));
        r.Add("CURL.GetConnectTime", "curl", a => Seconds(a, t => t.Of(Phase.Connect)));
        r.Add("CURL.GetAppConnectTime", "curl", a => Seconds(a, t => t.Of(Phase.AppConnect)));
        r.Add("CURL.GetPreTransferTime", "curl", a => Seconds(a, t => t.Of(Phase.PreTransfer)));
        r.Add("CURL.GetStartTransferTime", "curl", a => Seconds(a, t => t.Of(Phase.StartTransfer)));
        r.Add("CURL.GetRedirectTime", "curl", a => Seconds(a, t => t.Redirect));
        r.Add("CURL.GetTotalTime", "curl", a => Seconds(a, t => t.Total));
        r.Add("CURL.SetOptionFileTime", "curl; Value", a => Set(a, o => o.FileTime = a.Bool(1)));
        r.Add("CURL.GetFileTime", "curl", GetFileTime);
        r.Add("CURL.SetOptionCertInfo", "curl; Value", a => Set(a, o => o.CertInfo = a.Bool(1)));
        r.Add("CURL.GetCertInfo", "curl", GetCertInfo);
        r.Add("CURL.GetResultLength", "curl", a => Value.FromNumber(Handles.Get(a, 0).Outcome.Body.LongLength));
        r.Add("CURL.GetHeaderLength", "curl",
            a => Value.FromNumber(Encoding.UTF8.GetByteCount(Handles.Get(a, 0).Outcome.Headers)));
        r.Add("CURL.GetDebugLength", "curl",
            a => Value.FromNumber(Encoding.UTF8.GetByteCount(Handles.Get(a, 0).Outcome.Debug)));
        r.Add("CURL.GetInputLength", "curl",
            a => Value.FromNumber(Handles.Get(a, 0).Read(o => o.InputData?.LongLength ?? 0)));
        r.Add("CURL.GetInputAsText", "curl { ; Encoding; preserveLineEndings }", GetInputAsText);
        r.Add("CURL.GetSizeDownload", "curl", a => Count(a, p => p.DownloadNow));
        r.Add("CURL.GetSizeUpload", "curl", a => Count(a, p => p.UploadNow));

        r.Add("CURL.GetResultAsJPEG", "curl { ; FileName }", a => TypedResult(a, "image.jpg"));
        r.Add("CURL.GetResultAsGIF", "curl { ; FileName }", a => TypedResult(a, "image.gif"));
        r.Add("CURL.GetResultAsPNG", "curl { ; FileName }", a => TypedResult(a, "image.png"));
        r.Add("CURL.GetResultAsPDF", "curl { ; FileName; DontRenderPreview }", a => TypedResult(a, "document.pdf"));
        r.Add("CURL.AddInputGIF", "curl; Data", AddInput);
        r.Add("CURL.AddInputJPEG", "curl; Data", AddInput);
        r.Add("CURL.AddInputPDF", "curl; Data", AddInput);
        r.Add("CURL.AddInputPNG", "curl; Data", AddInput);
        r.Add("CURL.SetInputGIF", "curl; Data { ; Offset; Length }", SetInput);
        r.Add("CURL.SetInputJPEG", "curl; Data { ; Offset; Length }", SetInput);
        r.Add("CURL.SetInputPDF", "curl; Data { ; Offset; Length }", SetInput);

        r.Add("CURL.SetOptionNoBody", "curl; Value", a => Set(a, o => o.NoBody = a.Bool(1)));
        r.Add("CURL.SetOptionGet", "curl; Value", SetGet);
        r.Add("CURL.SetOptionAcceptEncoding", "curl; Param", a => Set(a, o => o.AcceptEncoding = a.Text(1).Trim()));
        r.Add("CURL.SetOptionAutoReferer", "curl; Value", a => Set(a, o => o.AutoReferer = a.Bool(1)));
        r.Add("CURL.RunningTransfers", "", _ => Value.FromText(string.Join("\r", Running())));
        r.Add("CURL.NumberOfRunningTransfers", "", _ => Value.FromNumber(Running().Count()));
        r.Add("CURL.Cancel", "curl",
            a => Handles.Get(a, 0).Cancel() ? Value.Ok
                : throw new MbsException("No background transfer runs on this CURL handle (CURL.IsRunning is 0)."));
        r.Add("CURL.GetFormData", "curl", GetFormData);
        r.Add("CURL.ProcessRelativeURL", "BaseURL; RelativeURL", ProcessRelativeUrl);
    }

    static Value AddInput(Args a) => Set(a, o => o.InputData = [.. o.InputData ?? [], .. a.Bytes(1)]);

    static Value SetInput(Args a)
    {
        var data = InputSlice(a);
        return Set(a, o => o.InputData = data);
    }

    static Value Flag(Args a, Func<CurlOptions, bool> read) => Value.FromBool(Handles.Get(a, 0).Read(read));

    static Value Count(Args a, Func<TransferProgress, long> read) => Value.FromNumber(read(Handles.Get(a, 0).Progress));

    static IEnumerable<long> Running() => Handles.Snapshot().Where(p => p.Value.IsRunning).Select(p => p.Key).Order();

    static Value GetInputAsText(Args a)
    {
        var bytes = Handles.Get(a, 0).Read(o => o.InputData ?? []);
        var text = Encodings.Get(a.Text(1, ""), Encodings.Utf8).GetString(bytes);
        return Value.FromText(a.Bool(2) ? text : LineEndings.ToCR(text));
    }

    /// <summary>GetResultAs{JPEG,GIF,PNG,PDF}: the file name given, else the URL's last path part.</summary>
    static Value TypedResult(Args a, string fallback)
    {
        var h = Handles.Get(a, 0);
        var bytes = h.Outcome.Body;
        if (bytes.Length == 0) return Value.Empty;
        var name = a.Text(1, "");
        if (name.Length == 0 && Uri.TryCreate(h.Read(o => o.Url), UriKind.Absolute, out var uri))
            name = Path.GetFileName(Uri.UnescapeDataString(uri.AbsolutePath));
        return Value.FromContainer(bytes, name.Length > 0 ? name : fallback);
    }

    static Value SetGet(Args a)
    {
        if (!a.Bool(1)) return Set(a, _ => { });
        return Set(a, o =>
        {
            o.Post = null;
            o.PostFields = null;
            o.Upload = false;
            o.NoBody = false;
            o.FormFinished = false;
        });
    }

    static Value GetFormData(Args a)
    {
        var parts = Handles.Get(a, 0).Read(o => o.Form.ToList());
        return parts.Count == 0 ? Value.Empty : Value.FromText(Encoding.UTF8.GetString(Multipart.Build(parts).Body));
    }

    static Value ProcessRelativeUrl(Args a)
    {
        if (!Uri.TryCreate(a.Text(0).Trim(), UriKind.Absolute, out var baseUri))
            throw new MbsException($"The base URL \"{a.Text(0)}\" is not an absolute URL.");
        if (!Uri.TryCreate(baseUri, a.Text(1).Trim(), out var resolved))
            throw new MbsException($"The relative URL \"{a.Text(1)}\" cannot be resolved against \"{baseUri}\".");
        return Value.FromText(resolved.AbsoluteUri);
    }
}

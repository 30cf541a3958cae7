using System.Text;
using PluginBridge.Engine.Core;

namespace PluginBridge.Engine.Curl;

/// <summary>What a transfer reports (curl_easy_getinfo and MBS's buffers), its progress, the debug-text switches,
/// the typed result and input shortcuts, and the HTTP method options that go with them.</summary>
static partial class CurlFunctions
{
    static void RegisterInfo(Registry r)
    {
        r.Add("CURL.SetDebugWithTime", "curl; Value",
            "1 = each debug line starts with the local time (HH:MM:SS.microseconds), as curl's --trace-time.",
            a => Set(a, o => o.DebugWithTime = a.Bool(1)));
        r.Add("CURL.GetDebugWithTime", "curl",
            "1 when CURL.SetDebugWithTime is on, else 0.",
            a => Flag(a, o => o.DebugWithTime));
        r.Add("CURL.SetDebugWithData", "curl; Value",
            "1 = the debug text includes all data sent and received (text as is, other bytes as hex).",
            a => Set(a, o => o.DebugWithData = a.Bool(1)));
        r.Add("CURL.GetDebugWithData", "curl",
            "1 when CURL.SetDebugWithData is on, else 0.",
            a => Flag(a, o => o.DebugWithData));
        r.Add("CURL.SetDebugWithProgress", "curl; Value",
            "1 = the debug text ends each transfer with a progress line (bytes moved of their totals).",
            a => Set(a, o => o.DebugWithProgress = a.Bool(1)));
        r.Add("CURL.GetDebugWithProgress", "curl",
            "1 when CURL.SetDebugWithProgress is on, else 0.",
            a => Flag(a, o => o.DebugWithProgress));

        r.Add("CURL.GetProgressCurrentDownload", "curl",
            "Bytes received so far by the running (or the last) transfer.",
            a => Count(a, p => p.DownloadNow));
        r.Add("CURL.GetProgressTotalDownload", "curl",
            "Bytes the server announced (Content-Length) for the running or last transfer; 0 when unknown.",
            a => Count(a, p => p.DownloadTotal));
        r.Add("CURL.GetProgressCurrentUpload", "curl",
            "Bytes sent so far by the running (or the last) transfer.",
            a => Count(a, p => p.UploadNow));
        r.Add("CURL.GetProgressTotalUpload", "curl",
            "Bytes the running (or the last) transfer uploads.",
            a => Count(a, p => p.UploadTotal));
        r.Add("CURL.GetProgressPercent", "curl",
            "0 to 100: the share of the download (or of the upload when no download size is known) done.",
            a => { var h = Handles.Get(a, 0); return Value.FromNumber(h.Progress.Percent(!h.IsRunning)); });

        r.Add("CURL.GetEffectiveURL", "curl",
            "The last URL used: after followed redirects, the final one.",
            a => Value.FromText(Handles.Get(a, 0).Outcome.EffectiveUrl));
        r.Add("CURL.GetRedirectURL", "curl",
            "The absolute URL of a redirect (3xx with Location) that was not followed; empty otherwise.",
            a => Value.FromText(Handles.Get(a, 0).Outcome.RedirectUrl));
        r.Add("CURL.GetContentType", "curl",
            "The Content-Type of the received data; empty when the server sent none.",
            a => Value.FromText(Handles.Get(a, 0).Outcome.ContentType));
        r.Add("CURL.GetResultLength", "curl",
            "Bytes in the result buffer.",
            a => Value.FromNumber(Handles.Get(a, 0).Outcome.Body.LongLength));
        r.Add("CURL.GetHeaderLength", "curl",
            "Bytes in the header buffer.",
            a => Value.FromNumber(Encoding.UTF8.GetByteCount(Handles.Get(a, 0).Outcome.Headers)));
        r.Add("CURL.GetDebugLength", "curl",
            "Bytes in the debug buffer.",
            a => Value.FromNumber(Encoding.UTF8.GetByteCount(Handles.Get(a, 0).Outcome.Debug)));
        r.Add("CURL.GetInputLength", "curl",
            "Bytes of the upload data set with CURL.SetInput*, AddInput* or OpenInputFile.",
            a => Value.FromNumber(Handles.Get(a, 0).Read(o => o.InputData?.LongLength ?? 0)));
        r.Add("CURL.GetInputAsText", "curl { ; Encoding; preserveLineEndings }",
            "The upload data as text (Encoding default UTF-8); line endings become ¶ unless preserveLineEndings is 1.",
            GetInputAsText);
        r.Add("CURL.GetSizeDownload", "curl", "Bytes the last transfer received.", a => Count(a, p => p.DownloadNow));
        r.Add("CURL.GetSizeUpload", "curl", "Bytes the last transfer sent.", a => Count(a, p => p.UploadNow));

        r.Add("CURL.GetResultAsJPEG", "curl { ; FileName }",
            "The received data as a JPEG container (file name default from the URL); empty when none.",
            a => TypedResult(a, "image.jpg"));
        r.Add("CURL.GetResultAsGIF", "curl { ; FileName }",
            "The received data as a GIF container (file name default from the URL); empty when none.",
            a => TypedResult(a, "image.gif"));
        r.Add("CURL.GetResultAsPNG", "curl { ; FileName }",
            "The received data as a PNG container (file name default from the URL); empty when none.",
            a => TypedResult(a, "image.png"));
        r.Add("CURL.GetResultAsPDF", "curl { ; FileName; DontRenderPreview }",
            "The received data as a PDF container (file name default from the URL); no preview is rendered.",
            a => TypedResult(a, "document.pdf"));
        foreach (var type in new[] { "GIF", "JPEG", "PDF", "PNG" })
            r.Add($"CURL.AddInput{type}", "curl; Data",
                $"Appends the bytes of a {type} container to the upload data.",
                a => Set(a, o => o.InputData = [.. o.InputData ?? [], .. a.Bytes(1)]));
        foreach (var type in new[] { "GIF", "JPEG", "PDF" })
            r.Add($"CURL.SetInput{type}", "curl; Data { ; Offset; Length }",
                $"Sets the upload data to the bytes of a {type} container (Length bytes from Offset, by default all).",
                a => { var data = InputSlice(a); return Set(a, o => o.InputData = data); });

        r.Add("CURL.SetOptionNoBody", "curl; Value",
            "1 = HTTP HEAD: the request asks for the head only (no body is received); 0 = back to GET.",
            a => Set(a, o => o.NoBody = a.Bool(1)));
        r.Add("CURL.SetOptionGet", "curl; Value",
            "1 = back to HTTP GET after a POST, PUT or HEAD (post fields, form, upload and NoBody are dropped).",
            SetGet);
        r.Add("CURL.SetOptionAcceptEncoding", "curl; Param",
            "Sends Accept-Encoding and decodes a gzip, deflate or br response; \"\" asks for all three.",
            a => Set(a, o => o.AcceptEncoding = a.Text(1).Trim()));
        r.Add("CURL.SetOptionAutoReferer", "curl; Value",
            "1 = a followed redirect sends the previous URL as Referer.",
            a => Set(a, o => o.AutoReferer = a.Bool(1)));
        r.Add("CURL.RunningTransfers", "",
            "The CURL handles with a background transfer running, ¶-separated.",
            _ => Value.FromText(string.Join("\r", Running())));
        r.Add("CURL.NumberOfRunningTransfers", "",
            "How many CURL handles run a background transfer.",
            _ => Value.FromNumber(Running().Count()));
        r.Add("CURL.Cancel", "curl",
            "Stops the background transfer of CURL.PerformInBackground; it ends with curl's error 42 (aborted).",
            a => Handles.Get(a, 0).Cancel() ? Value.Ok
                : throw new MbsException("No background transfer runs on this CURL handle (CURL.IsRunning is 0)."));
        r.Add("CURL.GetFormData", "curl",
            "The multipart/form-data body the form of CURL.FormAdd… would send now (parts separated by a boundary).",
            GetFormData);
        r.Add("CURL.ProcessRelativeURL", "BaseURL; RelativeURL",
            "Resolves a relative URL (a link or Location) against a base URL, as a browser does.",
            ProcessRelativeUrl);
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

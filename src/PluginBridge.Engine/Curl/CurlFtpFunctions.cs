using PluginBridge.Engine.Curl.Ftp;

namespace PluginBridge.Engine.Curl;

/// <summary>CURL's FTP options and the results of wildcard downloads (Curl/Ftp runs the transfers).</summary>
static partial class CurlFunctions
{
    static void RegisterFtp(Registry r)
    {
        r.Add("CURL.SetOptionDirListOnly", "curl; Value", a => SetFtp(a, f => f.DirListOnly = a.Bool(1)));
        r.Add("CURL.SetOptionFTPCreateMissingDirs", "curl; Value",
            a => SetFtp(a, f => f.CreateMissingDirs = (int)a.Long(1, 0, 2)));
        r.Add("CURL.SetOptionFTPFileMethod", "curl; Value",
            a => SetFtp(a, f => f.FileMethod = Math.Max(1, (int)a.Long(1, 0, 3))));
        r.Add("CURL.SetOptionFTPPort", "curl; Value { ; Encoding }",
            a => SetFtp(a, f => f.Port = a.Text(1).Trim() is { Length: > 0 } spec ? spec : null));
        r.Add("CURL.SetOptionFTPUseEPSV", "curl; Value", a => SetFtp(a, f => f.UseEpsv = a.Bool(1, true)));
        r.Add("CURL.SetOptionFTPUseEPRT", "curl; Value", a => SetFtp(a, f => f.UseEprt = a.Bool(1, true)));
        r.Add("CURL.SetOptionAppend", "curl; Value", a => SetFtp(a, f => f.Append = a.Bool(1)));
        r.Add("CURL.SetOptionQuote", "curl; Value...", a => SetFtp(a, f => f.Quote = Commands(a)));
        r.Add("CURL.SetOptionPreQuote", "curl; Value...", a => SetFtp(a, f => f.PreQuote = Commands(a)));
        r.Add("CURL.SetOptionPostQuote", "curl; Value...", a => SetFtp(a, f => f.PostQuote = Commands(a)));
        r.Add("CURL.GetOptionQuote", "curl", a => GetFtp(a, f => string.Join('\r', f.Quote)));
        r.Add("CURL.GetOptionPreQuote", "curl", a => GetFtp(a, f => string.Join('\r', f.PreQuote)));
        r.Add("CURL.GetOptionPostQuote", "curl", a => GetFtp(a, f => string.Join('\r', f.PostQuote)));
        r.Add("CURL.SetOptionTransferText", "curl; Value", a => SetFtp(a, f => f.TransferText = a.Bool(1)));
        r.Add("CURL.SetOptionWildCardMatch", "curl; Value", a => SetFtp(a, f => f.WildCardMatch = a.Bool(1)));
        r.Add("CURL.SetOptionAcceptTimeoutMS", "curl; Value",
            a => SetFtp(a, f => f.AcceptTimeoutMs = a.Long(1, 0, long.MaxValue) is var ms and > 0 ? ms : 60_000));
        r.Add("CURL.SetOptionInFileSize", "curl; Value",
            a => SetFtp(a, f => f.InFileSize = a.Long(1, -1, long.MaxValue)));
        r.Add("CURL.SetBatchDestinationPath", "curl; Path", SetBatchDestinationPath);
        r.Add("CURL.GetBatchDestinationPath", "curl", a => GetFtp(a, f => f.BatchDestination));
        r.Add("CURL.GetBatchFileNames", "curl",
            a => Value.FromText(string.Join('\r', Handles.Get(a, 0).Outcome.BatchFileNames)));
        r.Add("CURL.FileInfos", "curl", a => Value.FromText(Handles.Get(a, 0).Outcome.FileInfos));
    }

    static Value SetFtp(Args a, Action<FtpOptions> change) => Set(a, o => change(o.Ftp));

    static Value GetFtp(Args a, Func<FtpOptions, string> read) =>
        Value.FromText(Handles.Get(a, 0).Read(o => read(o.Ftp)));

    /// <summary>One command per parameter; a parameter may hold several as a ¶-separated list.</summary>
    static List<string> Commands(Args a) =>
        a.From(1).SelectMany(v => v.AsText().Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
            .Select(c => c.Trim()).Where(c => c.Length > 0).ToList();

    /// <summary>The folder must exist: a wildcard download writes one file per match into it.</summary>
    static Value SetBatchDestinationPath(Args a)
    {
        var path = a.Text(1).Trim();
        if (path.Length > 0 && !Directory.Exists(path))
            throw new MbsException($"The folder \"{path}\" does not exist. Pass the native path of an existing " +
                "folder (Path.FileMakerPathToNativePath converts a FileMaker path).");
        return SetFtp(a, f => f.BatchDestination = path);
    }
}

using System.Text;

namespace PluginBridge.Engine.Curl.Ftp;

/// <summary>
/// The transfers over an FTP data connection, in libcurl's command order: data connection first (EPSV/PASV or
/// EPRT/PORT), then TYPE (only when it changes), PREQUOTE, SIZE (binary downloads), then RETR, STOR/APPE or
/// LIST/NLST, the data, and the final 226. Errors carry curl's codes and the server's reply line.
/// </summary>
static class FtpFiles
{
    /// <summary>A directory URL: LIST (NLST with CURLOPT_DIRLISTONLY, or the custom request) into the result,
    /// with LF line ends as curl writes it. A 450 ("no files") is an empty listing, as in curl.</summary>
    public static async Task ListAsync(FtpSession s, FtpTarget target)
    {
        var t = s.Transfer;
        var listing = await ListingAsync(s, target, t.Options.CustomRequest.Length > 0 ? t.Options.CustomRequest
            : t.Options.Ftp.DirListOnly ? "NLST" : "LIST");
        t.Body.Write(listing);
    }

    static async Task<byte[]> ListingAsync(FtpSession s, FtpTarget target, string command)
    {
        var t = s.Transfer;
        if (t.Options.Ftp.FileMethod == FtpTarget.NoCwd && target.DirPath.Length > 0)
            command += " " + target.DirPath;
        await using var data = await FtpDataChannel.OpenAsync(s);
        await TypeAsync(s, 'A');
        var r = await s.CommandAsync(command);
        if (r.Code == 450) return [];
        if (r.Code is < 100 or >= 200)
            throw new CurlException(CurlCode.FtpCouldNotRetrieveFile, $"RETR response: {r.Code} ({r.Line})");
        var received = new MemoryStream();
        await (await data.StreamAsync(s)).CopyToAsync(received, t.Cancel);
        await data.DisposeAsync();
        await TransferDoneAsync(s);
        t.Log.Info($"[{received.Length} bytes data]");
        return Unix(received.ToArray());
    }

    /// <summary>RETR into <paramref name="into"/>; TYPE A converts CRLF to LF, as curl does for ASCII
    /// transfers.</summary>
    public static async Task DownloadAsync(FtpSession s, string path, Stream into, bool prequote)
    {
        var t = s.Transfer;
        var ascii = t.Options.Ftp.TransferText;
        await using var data = await FtpDataChannel.OpenAsync(s);
        await TypeAsync(s, ascii ? 'A' : 'I');
        if (prequote) await FtpTransfer.QuoteAsync(s, t.Options.Ftp.PreQuote);
        long size = -1;
        if (!ascii)
        {
            var r = await s.CommandAsync("SIZE " + path);
            if (r.Code == 213 && long.TryParse(r.Line.AsSpan(4).Trim(), out var n)) size = n;
        }
        var retr = await s.CommandAsync("RETR " + path);
        if (retr.Code is < 100 or >= 200)
            throw retr.Code == 550
                ? new CurlException(CurlCode.RemoteFileNotFound, $"RETR response: {retr.Code} ({retr.Line})")
                : new CurlException(CurlCode.FtpCouldNotRetrieveFile, $"RETR response: {retr.Code} ({retr.Line})");
        if (size >= 0)
        {
            t.Progress.DownloadTotal += size;
            t.Log.Info($"Getting file with size: {size}");
        }
        var received = new MemoryStream();
        await (await data.StreamAsync(s)).CopyToAsync(received, t.Cancel);
        await data.DisposeAsync();
        var bytes = received.ToArray();
        t.Progress.Downloaded(bytes.Length);
        if (size >= 0 && bytes.Length < size)
            throw new CurlException(CurlCode.PartialFile, $"Received only partial file: {bytes.Length} bytes");
        await TransferDoneAsync(s);
        into.Write(ascii ? Unix(bytes) : bytes);
    }

    /// <summary>STOR (APPE with CURLOPT_APPEND) of the input data; TYPE A sends LF line ends as CRLF. A refusal is
    /// curl's 25 with the server's line.</summary>
    public static async Task UploadAsync(FtpSession s, FtpTarget target)
    {
        var t = s.Transfer;
        var f = t.Options.Ftp;
        if (target.File.Length == 0)
            throw new CurlException(CurlCode.UrlMalformat,
                "Uploading to a URL without a file name: put the file name at the end of the URL");
        var input = t.Options.InputData ?? [];
        var declared = f.InFileSize;
        if (declared >= 0 && declared < input.Length) input = input[..(int)declared];
        if (f.TransferText)
            input = Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(input).Replace("\r\n", "\n")
                .Replace("\n", "\r\n"));
        await using var data = await FtpDataChannel.OpenAsync(s);
        await TypeAsync(s, f.TransferText ? 'A' : 'I');
        await FtpTransfer.QuoteAsync(s, f.PreQuote);
        var r = await s.CommandAsync((f.Append ? "APPE " : "STOR ") + target.CommandPath(f.FileMethod, target.File));
        if (r.Code is < 100 or >= 200)
            throw new CurlException(CurlCode.UploadFailed, $"Failed FTP upload: {r.Code} ({r.Line})");
        t.Progress.UploadTotal = declared >= 0 ? declared : input.Length;
        var stream = await data.StreamAsync(s);
        await stream.WriteAsync(input, t.Cancel);
        await stream.FlushAsync(t.Cancel);
        await data.FinishUploadAsync();
        t.Progress.UploadNow = input.Length;
        t.Log.Info($"[{input.Length} bytes data]");
        await TransferDoneAsync(s);
        if (declared > input.Length)
            throw new CurlException(CurlCode.PartialFile,
                $"Uploaded unaligned file size ({input.Length} out of {declared} bytes)");
    }

    /// <summary>
    /// CURLOPT_WILDCARDMATCH: LIST the directory, keep the entries whose name matches the URL's pattern
    /// (CURL.FileInfos), then RETR each matching file — into CURL.SetBatchDestinationPath's folder when set, else
    /// one after the other into the result — and list their names for CURL.GetBatchFileNames.
    /// </summary>
    public static async Task WildcardAsync(FtpSession s, FtpTarget target)
    {
        var t = s.Transfer;
        var f = t.Options.Ftp;
        var listing = Encoding.UTF8.GetString(await ListingAsync(s, target, "LIST"));
        var matched = FtpListing.Parse(listing).Where(e => FtpPattern.Matches(target.File, e.FileName)).ToList();
        t.FileInfos = FtpListing.ToJson(matched);
        if (matched.Count == 0)
            throw new CurlException(CurlCode.RemoteFileNotFound, $"No file matches the pattern \"{target.File}\"");
        foreach (var entry in matched.Where(e => e.IsFile))
        {
            var name = Path.GetFileName(entry.FileName);
            if (name.Length == 0 || name is "." or ".." || name != entry.FileName) continue; // never leave the folder
            var path = target.CommandPath(f.FileMethod, name);
            if (f.BatchDestination.Length == 0) await DownloadAsync(s, path, t.Body, prequote: true);
            else
            {
                var file = Path.Combine(f.BatchDestination, name);
                var content = new MemoryStream();
                await DownloadAsync(s, path, content, prequote: true);
                try { await File.WriteAllBytesAsync(file, content.ToArray(), t.Cancel); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new CurlException(CurlCode.WriteError, $"Failed writing {file}: {e.Message}");
                }
            }
            t.BatchFileNames.Add(name);
        }
    }

    /// <summary>curl's line-end conversion of ASCII downloads and listings: CRLF becomes LF.</summary>
    static byte[] Unix(byte[] bytes) =>
        Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(bytes).Replace("\r\n", "\n"));

    /// <summary>TYPE A / TYPE I, sent only when the connection is not in that type yet (as curl).</summary>
    static async Task TypeAsync(FtpSession s, char type)
    {
        if (s.Type == type) return;
        var r = await s.CommandAsync("TYPE " + type);
        if (r.Code / 100 != 2)
            throw new CurlException(CurlCode.FtpCouldNotSetType, $"Couldn't set desired mode ({r.Line})");
        s.Type = type;
    }

    /// <summary>The reply after the data connection closed: 226 or 250, else curl's 18.</summary>
    static async Task TransferDoneAsync(FtpSession s)
    {
        var r = await s.ReadReplyAsync();
        if (r.Code is not (226 or 250))
            throw new CurlException(CurlCode.PartialFile, $"server did not report OK, got {r.Code} ({r.Line})");
    }
}

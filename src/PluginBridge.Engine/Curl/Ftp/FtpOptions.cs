namespace PluginBridge.Engine.Curl.Ftp;

/// <summary>The FTP options of a CURL handle, with libcurl's defaults.</summary>
sealed class FtpOptions
{
    /// <summary>CURLOPT_DIRLISTONLY: NLST (names only) instead of LIST for a directory URL.</summary>
    public bool DirListOnly;
    /// <summary>CURLOPT_FTP_CREATE_MISSING_DIRS: 0 no, 1 MKD a directory CWD cannot enter, 2 also retry CWD when MKD
    /// fails (another client may have made it meanwhile).</summary>
    public int CreateMissingDirs;
    /// <summary>CURLOPT_FTP_FILEMETHOD: 1 multicwd (one CWD per directory, the default), 2 nocwd (the whole path in
    /// the command), 3 singlecwd (one CWD with the whole directory path).</summary>
    public int FileMethod = 1;
    /// <summary>CURLOPT_FTPPORT: null = passive mode; "-" or an address (optionally ":port" or ":low-high") =
    /// active mode (EPRT/PORT, the server connects to us).</summary>
    public string? Port;
    /// <summary>CURLOPT_FTP_USE_EPSV / CURLOPT_FTP_USE_EPRT (both on by default): try the extended command
    /// first.</summary>
    public bool UseEpsv = true, UseEprt = true;
    /// <summary>CURLOPT_APPEND: APPE instead of STOR.</summary>
    public bool Append;
    /// <summary>CURLOPT_QUOTE (before CWD), CURLOPT_PREQUOTE (after TYPE, before RETR/STOR), CURLOPT_POSTQUOTE
    /// (after the transfer). A command starting with "*" may fail.</summary>
    public List<string> Quote = [], PreQuote = [], PostQuote = [];
    /// <summary>CURLOPT_TRANSFERTEXT: TYPE A with curl's line-end conversion instead of TYPE I.</summary>
    public bool TransferText;
    /// <summary>CURLOPT_WILDCARDMATCH: a pattern in the file part of the URL downloads every matching file.</summary>
    public bool WildCardMatch;
    /// <summary>CURLOPT_ACCEPTTIMEOUT_MS: how long active mode waits for the server's data connection.</summary>
    public long AcceptTimeoutMs = 60_000;
    /// <summary>CURLOPT_INFILESIZE: the upload's size (-1 = the input data's length).</summary>
    public long InFileSize = -1;
    /// <summary>CURL.SetBatchDestinationPath: the folder wildcard downloads are written into ("" = the
    /// result).</summary>
    public string BatchDestination = "";

    public FtpOptions Clone()
    {
        var copy = (FtpOptions)MemberwiseClone();
        copy.Quote = [.. Quote];
        copy.PreQuote = [.. PreQuote];
        copy.PostQuote = [.. PostQuote];
        return copy;
    }
}

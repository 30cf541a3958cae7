namespace PluginBridge.Engine.Curl;

/// <summary>A transfer URL split the way curl needs it: scheme, host, effective port, decoded path.</summary>
sealed record CurlUrl(string Scheme, string Host, int Port, string Path, string Query, Uri Uri)
{
    static readonly Dictionary<string, int> DefaultPorts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["http"] = 80, ["https"] = 443, ["smtp"] = 25, ["smtps"] = 465,
        ["imap"] = 143, ["imaps"] = 993, ["pop3"] = 110, ["pop3s"] = 995,
        ["ftp"] = 21, ["ftps"] = 990,
    };

    public bool Secure => Scheme is "https" or "smtps" or "imaps" or "pop3s" or "ftps";

    /// <summary>Parses like curl: a missing scheme is guessed from the host name ("smtp.x" → smtp, else
    /// http).</summary>
    public static CurlUrl Parse(string text, int portOverride)
    {
        // A handle performs the same URL again and again: the last parse is kept (CurlUrl and Uri are immutable).
        if (last is { } l && l.Item2 == portOverride && l.Item1 == text) return l.Item3;
        var url = ParseNew(text, portOverride);
        last = Tuple.Create(text, portOverride, url);
        return url;
    }

    static volatile Tuple<string, int, CurlUrl>? last;

    static CurlUrl ParseNew(string text, int portOverride)
    {
        text = text.Trim();
        if (text.Length == 0) throw new CurlException(CurlException.UrlMalformat, "No URL set (CURL.SetOptionURL)");
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            var lower = text.ToLowerInvariant();
            var guess = new[] { "smtp", "imap",
                "pop3", "ftp" }.FirstOrDefault(p => lower.StartsWith(p + ".", StringComparison.Ordinal)) ?? "http";
            text = guess + "://" + text;
        }
        var scheme = text[..text.IndexOf("://", StringComparison.Ordinal)].ToLowerInvariant();
        if (!DefaultPorts.ContainsKey(scheme))
            throw new CurlException(CurlException.UnsupportedProtocol, $"Protocol \"{scheme}\" not supported");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            throw new CurlException(CurlException.UrlMalformat, "URL using bad/illegal format or missing URL");
        var port = portOverride > 0 ? portOverride : uri.IsDefaultPort || uri.Port <= 0 ? DefaultPorts[scheme]
            : uri.Port;
        return new CurlUrl(scheme, uri.IdnHost.Trim('[', ']'), port, Uri.UnescapeDataString(uri.AbsolutePath),
            uri.Query, uri);
    }
}

using System.Text;

namespace PluginBridge.Engine.WebHook;

/// <summary>
/// WebRequest.URLComponents: { "Host", "RelativeURL", "URL", "Scheme", "Port" (number), "Path", "Query", "Parameters" }
/// in MBS's order and JSON style. RelativeURL and URL keep the client's encoding; Path, Query and the parameters
/// are percent-decoded as UTF-8 (or the optional Encoding that MBS's own example passes). In Parameters '+' is a
/// space (form encoding, as OAuth servers mean it); repeated keys keep the last value; a key without '=' has the
/// value "".
/// </summary>
static class UrlComponents
{
    public static string Json(ReceivedRequest request, Encoding encoding)
    {
        var head = request.Head ?? throw new Core.MbsException("This WebRequest holds raw data (WebHook mode 2), not " +
            "an HTTP request: read it with WebRequest.GetRawData.");
        var scheme = request.Ssl ? "https" : "http";
        var relative = head.Target;
        // An absolute-form target (as sent to proxies) carries its own authority.
        var authority = head.Header("Host") ?? "";
        if (relative.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || relative.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var afterScheme = relative.IndexOf("://", StringComparison.Ordinal) + 3;
            var slash = relative.IndexOf('/', afterScheme);
            authority = slash < 0 ? relative[afterScheme..] : relative[afterScheme..slash];
            relative = slash < 0 ? "/" : relative[slash..];
        }
        var (host, port) = SplitAuthority(authority, request.Local.Address.ToString(), request.Local.Port);
        var hostInUrl = host.Contains(':') ? $"[{host}]" : host;
        var question = relative.IndexOf('?');
        var rawPath = question < 0 ? relative : relative[..question];
        var rawQuery = question < 0 ? "" : relative[(question + 1)..];
        var hash = rawQuery.IndexOf('#');
        if (hash >= 0) rawQuery = rawQuery[..hash];

        var json = new MbsJson().BeginObject()
            .Property("Host", host)
            .Property("RelativeURL", relative)
            .Property("URL", $"{scheme}://{hostInUrl}:{port}{relative}")
            .Property("Scheme", scheme)
            .Property("Port", port)
            .Property("Path", Decode(rawPath, plusIsSpace: false, encoding))
            .Property("Query", Decode(rawQuery, plusIsSpace: false, encoding))
            .Key("Parameters").BeginObject();
        foreach (var (key, value) in Parameters(rawQuery, encoding)) json.Property(key, value);
        return json.EndObject().EndObject().ToString();
    }

    /// <summary>Query pairs in order, duplicates resolved to the last value.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Parameters(string rawQuery, Encoding encoding)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var pair in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = Decode(eq < 0 ? pair : pair[..eq], plusIsSpace: true, encoding);
            var value = eq < 0 ? "" : Decode(pair[(eq + 1)..], plusIsSpace: true, encoding);
            var at = result.FindIndex(p => p.Key == key);
            if (at >= 0) result[at] = new(key, value); else result.Add(new(key, value));
        }
        return result;
    }

    /// <summary>"host:port", "[v6]:port" or "host"; without a port the connection's local port is used.</summary>
    static (string Host, int Port) SplitAuthority(string authority, string fallbackHost, int fallbackPort)
    {
        var a = authority.Trim();
        if (a.Length == 0) return (fallbackHost, fallbackPort);
        string host, portText = "";
        if (a.StartsWith('['))
        {
            var close = a.IndexOf(']');
            if (close < 0) return (a, fallbackPort);
            host = a[1..close];
            if (close + 1 < a.Length && a[close + 1] == ':') portText = a[(close + 2)..];
        }
        else
        {
            var colon = a.LastIndexOf(':');
            host = colon < 0 ? a : a[..colon];
            if (colon >= 0) portText = a[(colon + 1)..];
        }
        return (host, int.TryParse(portText, out var p) && p is > 0 and <= 65535 ? p : fallbackPort);
    }

    /// <summary>Percent-decoding: runs of %XX bytes (and '+' as a space when asked) are read in <paramref
    /// name="encoding"/>
    /// (UTF-8 if null); other characters stay as they are; malformed escapes stay as they are, invalid bytes become
    /// U+FFFD.</summary>
    public static string Decode(string text, bool plusIsSpace, Encoding? encoding = null)
    {
        if (text.IndexOf('%') < 0 && !(plusIsSpace && text.Contains('+'))) return text;
        encoding ??= Encoding.UTF8;
        var sb = new StringBuilder(text.Length);
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%' && i + 2 < text.Length && char.IsAsciiHexDigit(text[i + 1])
                && char.IsAsciiHexDigit(text[i + 2]))
            {
                bytes.Add((byte)(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
                i += 2;
                continue;
            }
            if (bytes.Count > 0) { sb.Append(encoding.GetString(bytes.ToArray())); bytes.Clear(); }
            sb.Append(c == '+' && plusIsSpace ? ' ' : c);
        }
        if (bytes.Count > 0) sb.Append(encoding.GetString(bytes.ToArray()));
        return sb.ToString();
    }

    static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

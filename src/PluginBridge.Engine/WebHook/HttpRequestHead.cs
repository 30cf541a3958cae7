namespace PluginBridge.Engine.WebHook;

/// <summary>Request line and headers of one HTTP request, as the client sent them.</summary>
sealed class HttpRequestHead
{
    public required string Method { get; init; }
    /// <summary>The request target, still percent-encoded (normally relative: "/path?x=1").</summary>
    public required string Target { get; init; }
    /// <summary>"HTTP/1.1" or "HTTP/1.0".</summary>
    public required string Version { get; init; }
    /// <summary>Headers in arrival order; names keep the client's case.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    /// <summary>The first header with this name (case-insensitive), or null.</summary>
    public string? Header(string name)
    {
        foreach (var h in Headers)
            if (string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)) return h.Value;
        return null;
    }

    public IEnumerable<string> All(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    /// <summary>HTTP/1.1 unless it says "Connection: close"; HTTP/1.0 only with "Connection: keep-alive" (RFC 9112
    /// 9.3).</summary>
    public bool WantsKeepAlive
    {
        get
        {
            // Asked once per request on a kept-alive connection: a loop over the tokens, no LINQ.
            var close = false;
            var keepAlive = false;
            foreach (var h in Headers)
            {
                if (!string.Equals(h.Key, "Connection", StringComparison.OrdinalIgnoreCase)) continue;
                foreach (var token in h.Value.Split(','))
                {
                    var t = token.Trim();
                    close |= t.Equals("close", StringComparison.OrdinalIgnoreCase);
                    keepAlive |= t.Equals("keep-alive", StringComparison.OrdinalIgnoreCase);
                }
            }
            return Version == "HTTP/1.1" ? !close : keepAlive;
        }
    }
}

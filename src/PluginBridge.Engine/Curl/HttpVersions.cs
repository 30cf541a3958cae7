using System.Net;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// CURLOPT_HTTP_VERSION and the request version SocketsHttpHandler is asked for. libcurl's default (2TLS) offers
/// h2 and http/1.1 by ALPN for https and speaks HTTP/1.1 to plain http; 2 does the same here (curl would also try an
/// h2c Upgrade on plain http, which SocketsHttpHandler cannot); prior knowledge speaks h2 at once (h2c on plain
/// http). HTTP/3 is not built in: its values are refused by the setter, as by a libcurl built without it.
/// </summary>
static class HttpVersions
{
    public const int None = 0, Http10 = 1, Http11 = 2, Http2 = 3, Http2Tls = 4, Http2PriorKnowledge = 5;
    public const int Http3 = 30, Http3Only = 31;

    /// <summary>The version and policy of a request to uri. OpenSSL's TLS path offers no ALPN, so it stays on
    /// HTTP/1.1; a server that answered an h2 offer with http/1.1 gets HTTP/1.1 requests from then on (sent
    /// blocking, SocketsHttpHandler's synchronous path is HTTP/1.x only).</summary>
    public static (Version, HttpVersionPolicy) For(int option, Uri uri, bool openSslTls, Version? negotiated)
    {
        var tls = uri.Scheme == Uri.UriSchemeHttps;
        return option switch
        {
            Http10 => (HttpVersion.Version10, HttpVersionPolicy.RequestVersionOrLower),
            Http11 => (HttpVersion.Version11, HttpVersionPolicy.RequestVersionOrLower),
            Http2PriorKnowledge when !(tls && openSslTls) => (HttpVersion.Version20,
                HttpVersionPolicy.RequestVersionExact),
            _ when tls && !openSslTls && negotiated?.Major != 1 => (HttpVersion.Version20,
                HttpVersionPolicy.RequestVersionOrLower),
            _ => (HttpVersion.Version11, HttpVersionPolicy.RequestVersionOrLower),
        };
    }

    /// <summary>CURLINFO_HTTP_VERSION: 1 for HTTP/1.0, 2 for 1.1, 3 for 2, 0 when no response came.</summary>
    public static int InfoOf(Version? v) => v is null ? 0 : v.Major >= 2 ? Http2 : v.Minor == 0 ? Http10 : Http11;

    /// <summary>The setter's check: curl's values 0 to 5; 30 and 31 (HTTP/3) are not available.</summary>
    public static int Check(long value) => value switch
    {
        >= None and <= Http2PriorKnowledge => (int)value,
        Http3 or Http3Only => throw new MbsException("HTTP/3 is not available in this plug-in. Use 4 (HTTP/2 over " +
            "TLS, the default), 3 (HTTP/2) or 2 (HTTP/1.1)."),
        _ => throw new MbsException($"CURL.SetOptionHTTPVersion takes 0 to 5 (curl's CURL_HTTP_VERSION_*), got " +
            $"{value}."),
    };
}

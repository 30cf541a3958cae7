using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// AWS Signature Version 4, as curl's CURLOPT_AWS_SIGV4 signs a request ("provider1[:provider2[:region[:service]]]",
/// the user name as access key, the password as secret) and as CURL.AWSPresignURL signs a URL. The canonical
/// request follows AWS's rules (sorted, RFC 3986-encoded query; path encoded again except for S3; headers
/// lowercased, trimmed, sorted, repeats joined by commas), which is what current libcurl sends.
/// </summary>
static class AwsSigV4
{
    /// <summary>The parts of a CURLOPT_AWS_SIGV4 value; region and service come from the host name
    /// ("sns.us-east-1.amazonaws.com") when left out.</summary>
    public sealed record Parameters(string Provider0, string Provider1, string Region, string Service)
    {
        public string Algorithm => Provider0.ToUpperInvariant() + "4-HMAC-SHA256";
        public string Prefix => Provider1.ToLowerInvariant();
        public string DateHeader => "X-" + char.ToUpperInvariant(Prefix[0]) + Prefix[1..] + "-Date";

        public static Parameters Parse(string value, string host)
        {
            var parts = (value.Length == 0 ? "aws:amz" : value).Split(':', 4);
            if (parts.Any(p => p.Length == 0))
                throw new CurlException(CurlCode.UrlMalformat,
                    $"CURL.SetOptionAWSSigV4: empty part in \"{value}\" (provider1[:provider2[:region[:service]]])");
            var labels = host.Split('.');
            string region, service;
            if (parts.Length == 4) (region, service) = (parts[2], parts[3]);
            else if (labels.Length >= (parts.Length == 3 ? 2 : 3))
                (region, service) = (parts.Length == 3 ? parts[2] : labels[1], labels[0]);
            else throw new CurlException(CurlCode.UrlMalformat, "AWS SigV4: service or region missing in " +
                "parameters or hostname (use \"aws:amz:region:service\")");
            return new Parameters(parts[0], parts.Length > 1 ? parts[1] : parts[0], region, service);
        }
    }

    /// <summary>The headers curl adds for a signed request: X-Amz-Date, for S3 x-amz-content-sha256, and
    /// Authorization.</summary>
    public static List<(string Name, string Value)> SignRequest(Parameters p, string accessKey, string secret,
        string method, string hostHeader, string pathAndQuery, IEnumerable<(string Name, string Value)> userHeaders,
        byte[] body, DateTime now)
    {
        var added = new List<(string, string)>();
        var headers = userHeaders.Where(h => !h.Name.Equals("Host", StringComparison.OrdinalIgnoreCase)).ToList();
        var timestamp = headers.FirstOrDefault(h => h.Name.Equals(p.DateHeader, StringComparison.OrdinalIgnoreCase))
            .Value;
        if (timestamp is null)
        {
            timestamp = now.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            added.Add((p.DateHeader, timestamp));
        }
        var payload = Hex(SHA256.HashData(body));
        var shaHeader = $"x-{p.Prefix}-content-sha256";
        if (p.Service.Equals("s3", StringComparison.OrdinalIgnoreCase)
            && !headers.Any(h => h.Name.Equals(shaHeader, StringComparison.OrdinalIgnoreCase)))
            added.Add((shaHeader, payload));
        var signed = new List<(string, string)> { ("host", hostHeader) };
        signed.AddRange(headers);
        signed.AddRange(added);
        var q = pathAndQuery.IndexOf('?');
        var path = q < 0 ? pathAndQuery : pathAndQuery[..q];
        var query = q < 0 ? "" : pathAndQuery[(q + 1)..];
        var (canonicalHeaders, signedHeaders) = CanonicalHeaders(signed);
        var canonical = string.Join('\n', method, CanonicalPath(path, p.Service), CanonicalQuery(query),
            canonicalHeaders, signedHeaders, payload);
        var scope = $"{timestamp[..8]}/{p.Region}/{p.Service}/{p.Provider0.ToLowerInvariant()}4_request";
        var signature = Signature(p, secret, timestamp, scope, canonical);
        added.Add(("Authorization",
            $"{p.Algorithm} Credential={accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}"));
        return added;
    }

    /// <summary>CURL.AWSPresignURL: a URL signed in its query (X-Amz-Signature), valid for expires
    /// seconds.</summary>
    public static string PresignUrl(string accessKey, string secret, string region, string service, string path,
        string domain, string verb, long expires, IEnumerable<string> queryParameters,
        IEnumerable<(string Name, string Value)> headers, DateTime now)
    {
        var p = new Parameters("aws", "amz", region, service);
        var timestamp = now.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var scope = $"{timestamp[..8]}/{region}/{service}/aws4_request";
        var signed = new List<(string Name, string Value)> { ("host", domain) };
        signed.AddRange(headers);
        var (canonicalHeaders, signedHeaders) = CanonicalHeaders(signed);
        var query = new List<string>
        {
            "X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Credential=" + Encode($"{accessKey}/{scope}"),
            "X-Amz-Date=" + timestamp, "X-Amz-Expires=" + expires.ToString(CultureInfo.InvariantCulture),
            "X-Amz-SignedHeaders=" + Encode(signedHeaders),
        };
        query.AddRange(queryParameters);
        var encodedPath = EncodePath(path);
        var canonical = string.Join('\n', verb, encodedPath, CanonicalQuery(string.Join('&', query)),
            canonicalHeaders, signedHeaders, "UNSIGNED-PAYLOAD");
        var signature = Signature(p, secret, timestamp, scope, canonical);
        // The credential keeps its slashes in the URL, as MBS prints it (servers decode the query either way).
        var visible = query.Select(x => x.StartsWith("X-Amz-Credential=", StringComparison.Ordinal)
            ? "X-Amz-Credential=" + $"{accessKey}/{scope}" : x);
        return $"https://{domain}{encodedPath}?{string.Join('&', visible)}&X-Amz-Signature={signature}";
    }

    static string Signature(Parameters p, string secret, string timestamp, string scope, string canonical)
    {
        var toSign = string.Join('\n', p.Algorithm, timestamp, scope, Hex(SHA256.HashData(Utf8(canonical))));
        var key = Utf8(p.Provider0.ToUpperInvariant() + "4" + secret);
        foreach (var part in scope.Split('/')) key = HMACSHA256.HashData(key, Utf8(part));
        return Hex(HMACSHA256.HashData(key, Utf8(toSign)));
    }

    static (string Canonical, string Signed) CanonicalHeaders(IEnumerable<(string Name, string Value)> headers)
    {
        var merged = headers
            .Select(h => (Name: h.Name.Trim().ToLowerInvariant(), Value: string.Join(' ',
                h.Value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))))
            .GroupBy(h => h.Name, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, Value: string.Join(',', g.Select(h => h.Value))))
            .ToList();
        return (string.Concat(merged.Select(h => $"{h.Key}:{h.Value}\n")),
            string.Join(';', merged.Select(h => h.Key)));
    }

    /// <summary>AWS: the query's pairs decoded, RFC 3986-encoded again and sorted by name, then value.</summary>
    static string CanonicalQuery(string query) => string.Join('&', query
        .Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.IndexOf('=') is var eq and >= 0
            ? (Key: Encode(Decode(pair[..eq])), Value: Encode(Decode(pair[(eq + 1)..])))
            : (Key: Encode(Decode(pair)), Value: ""))
        .OrderBy(x => x.Key, StringComparer.Ordinal).ThenBy(x => x.Value, StringComparer.Ordinal)
        .Select(x => x.Key + "=" + x.Value));

    /// <summary>The path as sent (percent-encoded once); every service but S3 wants it encoded a second
    /// time.</summary>
    static string CanonicalPath(string path, string service)
    {
        if (path.Length == 0) path = "/";
        return service.Equals("s3", StringComparison.OrdinalIgnoreCase) ? path : EncodePath(path);
    }

    static string EncodePath(string path) => string.Join('/', path.Split('/').Select(Encode));

    static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    /// <summary>RFC 3986: everything but A-Z a-z 0-9 - _ . ~ as %XX (upper-case hex) of its UTF-8
    /// bytes.</summary>
    public static string Encode(string s)
    {
        var sb = new StringBuilder();
        foreach (var b in Utf8(s))
        {
            if (b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~') sb.Append((char)b);
            else sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}

namespace PluginBridge.Engine.Curl;

/// <summary>CURL options for client certificates, AWS signatures, the local interface and transfer pacing.</summary>
static partial class CurlFunctions
{
    static void RegisterClientCertificates(Registry r)
    {
        r.Add("CURL.SetOptionSSLCert", "curl; Value { ; Encoding }",
            a => Set(a, o => o.SslCert = NativePath(a.Text(1))));
        r.Add("CURL.SetOptionSSLCertBlob", "curl; Value { ; Encoding }",
            a => { var blob = Blob(a); return Set(a, o => o.SslCertBlob = blob); });
        r.Add("CURL.SetOptionSSLCertType", "curl; Value { ; Encoding }",
            a => Set(a, o => o.SslCertType = a.Text(1).Trim()));
        r.Add("CURL.SetOptionSSLKey", "curl; Value { ; Encoding }", a => Set(a, o => o.SslKey = NativePath(a.Text(1))));
        r.Add("CURL.SetOptionSSLKeyBlob", "curl; Value { ; Encoding }",
            a => { var blob = Blob(a); return Set(a, o => o.SslKeyBlob = blob); });
        r.Add("CURL.SetOptionSSLKeyType", "curl; Value { ; Encoding }",
            a => Set(a, o => o.SslKeyType = a.Text(1).Trim()));
        r.Add("CURL.SetOptionKeyPassword", "curl; Value { ; Encoding }", a => Set(a, o => o.KeyPassword = a.Text(1)));
        r.Add("CURL.SetOptionIssuerCert", "curl; Value { ; Encoding }",
            a => Set(a, o => o.IssuerCert = NativePath(a.Text(1))));
        r.Add("CURL.SetOptionIssuerCertBlob", "curl; Value { ; Encoding }",
            a => { var blob = Blob(a); return Set(a, o => o.IssuerCertBlob = blob); });
    }

    static void RegisterAwsAndPacing(Registry r)
    {
        r.Add("CURL.SetOptionAWSSigV4", "curl; Value", a => Set(a, o => o.AwsSigV4 = a.Text(1).Trim()));
        r.Add("CURL.AWSPresignURL", "AWSAccessKeyId; AWSSecretAccessKey; Region; Service; Path; Domain " +
            "{ ; Verb; Expires; QueryParameters; Headers }", AwsPresignUrl);
        r.Add("CURL.SetOptionInterface", "curl; Value { ; Encoding }",
            a => Set(a, o => o.Interface = a.Text(1).Trim()));
        r.Add("CURL.SetOptionBufferSize", "curl; Value", a => Set(a, o => o.BufferSize =
            (int)Math.Clamp(a.Long(1), PacedTransfer.MinBuffer, PacedTransfer.MaxBuffer)));
        r.Add("CURL.SetOptionMaxRecvSpeed", "curl; Value",
            a => Set(a, o => o.MaxRecvSpeed = a.Long(1, 0, long.MaxValue)));
        r.Add("CURL.SetOptionMaxSendSpeed", "curl; Value",
            a => Set(a, o => o.MaxSendSpeed = a.Long(1, 0, long.MaxValue)));
        r.Add("CURL.SetOptionDisallowUserNameInURL", "curl; Value",
            a => Set(a, o => o.DisallowUserNameInUrl = a.Bool(1)));
        r.Add("CURL.SetOptionHTTP200Aliases", "curl; Value...", a => Set(a, o => o.Http200Aliases = Values(a)));
        r.Add("CURL.SetOptionTransferEncoding", "curl; Param", a => Set(a, o => o.TransferEncoding = a.Bool(1)));
    }

    /// <summary>A certificate or key given as a container (its bytes) or as text (in Encoding, default UTF-8); empty
    /// clears it.</summary>
    static byte[]? Blob(Args a)
    {
        var value = a.From(1).FirstOrDefault();
        if (value is null) return null;
        var bytes = value.Type == Core.ValueType.Container ? value.AsBytes()
            : Encodings.ToBytes(value.AsText(), a.Text(2, ""));
        return bytes.Length == 0 ? null : bytes;
    }

    static Value AwsPresignUrl(Args a)
    {
        var (region, service) = (a.Text(2).Trim(), a.Text(3).Trim());
        var path = a.Text(4).Trim();
        if (!path.StartsWith('/')) path = "/" + path;
        var domain = a.Text(5).Trim();
        if (domain.Length == 0) domain = $"{service}.{region}.amazonaws.com";
        var verb = a.Text(6, "GET").Trim().ToUpperInvariant();
        var expires = a.Long(7, 1, 604800, 86400);
        var query = Lines(a.Text(8, ""));
        var headers = Lines(a.Text(9, "")).Select(h => h.IndexOf(':') is var colon and > 0
            ? (h[..colon].Trim(), h[(colon + 1)..].Trim())
            : throw new MbsException($"CURL.AWSPresignURL: header \"{h}\" has no colon (use \"Name: value\")."))
                .ToList();
        return Value.FromText(AwsSigV4.PresignUrl(a.Text(0).Trim(), a.Text(1).Trim(), region, service, path, domain,
            verb.Length == 0 ? "GET" : verb, expires, query, headers, DateTime.UtcNow));
    }

    static List<string> Lines(string text) =>
        text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}

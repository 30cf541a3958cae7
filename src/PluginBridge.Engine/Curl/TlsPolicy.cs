using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// Certificate checks and TLS versions for one transfer, shared by HTTP (SocketsHttpHandler), SMTP (MailKit) and
/// IMAP/POP3 (SslStream). Secure by default — our documented difference from MBS, which turns verification off
/// when no CA is configured: the peer is verified against the system store, or only against CAInfo's PEM bundle
/// when given; SSLVerifyPeer 0 / SSLVerifyHost 0 are the ways out. Logs what curl -v logs about the certificate.
/// </summary>
sealed class TlsPolicy(CurlOptions options, DebugLog log)
{
    X509Certificate2Collection? caBundle;

    /// <summary>Why the last certificate was refused, in OpenSSL's words ("self-signed certificate"), or
    /// null.</summary>
    public string? Failure { get; private set; }

    /// <summary>True when a custom CA bundle replaces the system store (no revocation data for test CAs).</summary>
    public bool HasCustomCa => options.CaInfo.Length > 0 || options.CaPath.Length > 0;

    public bool VerifiesPeer => options.SslVerifyPeer;

    /// <summary>The certificates the server sent in its last handshake, leaf first (DER), for CURLINFO_CERTINFO;
    /// a transfer over a kept connection gets those of the handshake that opened it.</summary>
    public IReadOnlyList<byte[]> PeerCertificates { get; set; } = [];

    SslStreamCertificateContext? clientCertificate;
    bool clientCertificateLoaded;

    /// <summary>The client certificate (CURL.SetOptionSSLCert…), loaded once per transfer; curl's 58 when it
    /// cannot be read.</summary>
    public SslStreamCertificateContext? ClientCertificate
    {
        get
        {
            if (!clientCertificateLoaded) { clientCertificate = Curl.ClientCertificate.Load(options);
                clientCertificateLoaded = true; }
            return clientCertificate;
        }
    }

    /// <summary>What a kept connection must share besides the server: the verification and client certificate
    /// settings.</summary>
    public static string KeyOf(CurlOptions o)
    {
        // Built once per set of settings (every Perform asks): comparing the parts costs less than joining them.
        var parts = new KeyParts(o.SslVersion, o.SslVerifyPeer, o.SslVerifyHost, o.CaInfo, o.CaPath,
            o.UseSystemCertificates, o.SslCert, o.SslCertType, o.SslKey, o.SslKeyType, o.KeyPassword, o.SslCertBlob,
            o.SslKeyBlob, o.IssuerCert, o.IssuerCertBlob, o.Interface);
        if (lastKey is { } last && last.Item1.Equals(parts)) return last.Item2;
        var key = string.Join('|', o.SslVersion, o.SslVerifyPeer, o.SslVerifyHost, o.CaInfo, o.CaPath,
            o.UseSystemCertificates, o.SslCert, o.SslCertType, o.SslKey, o.SslKeyType, o.KeyPassword,
            Digest(o.SslCertBlob), Digest(o.SslKeyBlob), o.IssuerCert, Digest(o.IssuerCertBlob), o.Interface);
        lastKey = Tuple.Create(parts, key);
        return key;
    }

    // Blobs compare by reference: a setter stores a new array each time.
    readonly record struct KeyParts(int SslVersion, bool VerifyPeer, int VerifyHost, string CaInfo, string CaPath,
        bool SystemStore, string Cert, string CertType, string Key, string KeyType, string KeyPassword,
        byte[]? CertBlob, byte[]? KeyBlob, string Issuer, byte[]? IssuerBlob, string Interface);

    static volatile Tuple<KeyParts, string>? lastKey;

    static string Digest(byte[]? data) =>
        data is null ? "" : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(data));

    /// <summary>The client certificate for MailKit, which takes a collection.</summary>
    public X509CertificateCollection? ClientCertificates =>
        ClientCertificate is { } c ? [c.TargetCertificate, .. c.IntermediateCertificates] : null;

    /// <summary>Where "SSL connection using …" belongs when the callback could not read the negotiated
    /// values.</summary>
    public int? ConnectionMark { get; private set; }

    /// <summary>CURLOPT_SSLVERSION: the low 16 bits give the minimum, the high bits (CURL_SSLVERSION_MAX_*) the
    /// maximum.</summary>
    public SslProtocols Protocols
    {
        get
        {
            var min = options.SslVersion & 0xFFFF;
            var max = (options.SslVersion >> 16) & 0xFFFF;
            SslProtocols[] all = [SslProtocols.Tls12, SslProtocols.Tls13];
#pragma warning disable SYSLIB0039 // TLS 1.0/1.1 only when a script asks for them explicitly
            if (min is 4 or 5)
                all = min == 4 ? [SslProtocols.Tls, SslProtocols.Tls11, .. all] : [SslProtocols.Tls11, .. all];
#pragma warning restore SYSLIB0039
            if (min == 7) all = [SslProtocols.Tls13];
            if (max is >= 4 and <= 7) all = all.Where(p => Rank(p) <= max).ToArray();
            if (min is 0 or 1 && max == 0) return SslProtocols.None; // the system's choice
            var result = all.Aggregate(SslProtocols.None, (a, p) => a | p);
            if (result == SslProtocols.None) throw new CurlException(CurlException.SslConnectError,
                "TLS version range in CURL.SetOptionSSLVersion is empty");
            return result;
        }
    }

#pragma warning disable SYSLIB0039
    static int Rank(SslProtocols p) =>
        p switch { SslProtocols.Tls => 4, SslProtocols.Tls11 => 5, SslProtocols.Tls12 => 6, _ => 7 };
#pragma warning restore SYSLIB0039

    /// <summary>
    /// True when this transfer's TLS runs through OpenSSL directly (<see cref="OpenSsl.OpenSslStream"/>): CAInfo
    /// names the only trusted CAs (no CAPath, no system store), on Linux with libssl 3. SslStream would load the
    /// whole system store for its own chain even then.
    /// </summary>
    /// Client certificates and CURL.SetOptionIssuerCert stay with SslStream, which has both.
    public bool UsesOpenSsl => WantsOpenSsl && OpenSsl.LibSsl.Available;

    /// <summary><see cref="UsesOpenSsl"/> as far as the options decide it, without loading libssl to ask.</summary>
    public bool WantsOpenSsl => options.CaInfo.Length > 0 && options.CaPath.Length == 0
        && !options.UseSystemCertificates && !SendsClientCertificate && options.IssuerCert.Length == 0
        && options.IssuerCertBlob is null;

    bool SendsClientCertificate => options.SslCert.Length > 0 || options.SslCertBlob is not null
        || options.SslKey.Length > 0 || options.SslKeyBlob is not null;

    /// <summary>The PEM file CURL.SetOptionCAInfo names.</summary>
    public string CaInfo => options.CaInfo;

    /// <summary>curl's code for the last refusal: 60, or 83 when CURL.SetOptionIssuerCert's check failed.</summary>
    public CurlCode FailureCode { get; private set; } = CurlCode.PeerFailedVerification;

    /// <summary>SslStream's callback (HTTP, MailKit, IMAP/POP3 when <see cref="UsesOpenSsl"/> is false).</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        Failure = null;
        FailureCode = CurlCode.PeerFailedVerification;
        if (sender is SslStream ssl) LogConnection(ssl);
        else ConnectionMark = log.Mark(); // MailKit passes itself; SmtpTransfer fills the line in after the handshake
        if (certificate is null) return NoCertificate();
        using var cert = new X509Certificate2(certificate);
        PeerCertificates = SentChain(cert, chain);
        LogCertificate(cert);

        // With CAInfo/CAPath only those CAs count, unless CURL.UseSystemCertificates keeps the system store too.
        var chainProblem = !HasCustomCa ? ChainProblem(errors, chain, cert)
            : options.UseSystemCertificates && ChainProblem(errors, chain, cert) is null ? null
            : CheckAgainstBundle(cert, chain);
        return Decide(cert, chainProblem, (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0);
    }

    /// <summary>The same decision for OpenSSL's handshake: it verified chain and dates against CAInfo
    /// (<paramref name="chainProblem"/> in its words, null when fine) and the name.</summary>
    public bool Check(X509Certificate2? cert, IReadOnlyList<byte[]> sent, string protocol, string cipher,
        string? chainProblem, bool nameMismatch)
    {
        Failure = null;
        FailureCode = CurlCode.PeerFailedVerification;
        log.Info($"SSL connection using {protocol} / {cipher}");
        if (cert is null) return NoCertificate();
        PeerCertificates = sent;
        LogCertificate(cert);
        return Decide(cert, chainProblem, nameMismatch);
    }

    bool NoCertificate()
    {
        Failure = "no server certificate";
        log.Info("SSL certificate problem: no server certificate");
        return !options.SslVerifyPeer;
    }

    void LogCertificate(X509Certificate2 cert)
    {
        log.Info("Server certificate:");
        log.Info(" subject: " + Curlish(cert.Subject));
        log.Info(" start date: " + cert.NotBefore.ToUniversalTime()
            .ToString("MMM d HH:mm:ss yyyy 'GMT'", System.Globalization.CultureInfo.InvariantCulture));
        log.Info(" expire date: " + cert.NotAfter.ToUniversalTime()
            .ToString("MMM d HH:mm:ss yyyy 'GMT'", System.Globalization.CultureInfo.InvariantCulture));
        log.Info(" issuer: " + Curlish(cert.Issuer));
    }

    // SSLVerifyPeer 0 lets a chain problem pass, SSLVerifyHost 0 a name mismatch; both logged as curl logs them.
    bool Decide(X509Certificate2 cert, string? chainProblem, bool nameProblem)
    {
        var issuerProblem = IssuerProblem(cert);
        if (issuerProblem is not null)
        {
            if (!options.SslVerifyPeer) log.Info($"{issuerProblem}, continuing anyway.");
            else { Failure = issuerProblem; FailureCode = CurlCode.SslIssuerError; log.Info(Failure); return false; }
        }
        if (chainProblem is null && !nameProblem) { log.Info("SSL certificate verify ok."); return true; }

        if (chainProblem is not null)
        {
            if (!options.SslVerifyPeer) { log.Info(
                $"SSL certificate verify result: {chainProblem}, continuing anyway."); }
            else { Failure = $"SSL certificate problem: {chainProblem}"; log.Info(Failure); return false; }
        }
        if (nameProblem)
        {
            if (options.SslVerifyHost == 0)
                log.Info(" SSL certificate host name does not match, continuing anyway (SSLVerifyHost 0).");
            else { Failure = "SSL: no alternative certificate subject name matches the target host " +
                "name"; log.Info(Failure); return false; }
        }
        return true;
    }

    /// <summary>The leaf and the other certificates the peer sent (.NET hands them to the callback in the chain's
    /// ExtraStore), in the order received.</summary>
    static List<byte[]> SentChain(X509Certificate2 leaf, X509Chain? chain)
    {
        var sent = new List<byte[]> { leaf.RawData };
        foreach (var c in chain?.ChainPolicy.ExtraStore ?? [])
            if (!sent.Any(s => s.AsSpan().SequenceEqual(c.RawData))) sent.Add(c.RawData);
        return sent;
    }

    void LogConnection(SslStream ssl)
    {
        try { log.Info($"SSL connection using {ProtocolName(ssl.SslProtocol)} / {ssl.NegotiatedCipherSuite}"); }
        catch (Exception) { /* not negotiated yet on this platform; MailKit's path logs it after the handshake */ }
        if (AlpnOffered is null) return;
        var alpn = ssl.NegotiatedApplicationProtocol;
        log.Info(alpn == default ? "ALPN: server did not agree on a protocol. Uses default."
            : $"ALPN: server accepted {alpn}");
    }

    /// <summary>The protocols an HTTP connection offers by ALPN ("h2,http/1.1"), or null (mail: none).</summary>
    public string? AlpnOffered { get; set; }

    public static string ProtocolName(SslProtocols p) => p switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
#pragma warning disable SYSLIB0039
        SslProtocols.Tls11 => "TLSv1.1",
        SslProtocols.Tls => "TLSv1.0",
#pragma warning restore SYSLIB0039
        _ => p.ToString(),
    };

    // "CN=x, O=y" → "CN=x; O=y" as curl prints distinguished names.
    static string Curlish(string dn) => dn.Replace(", ", "; ", StringComparison.Ordinal);

    static string? ChainProblem(SslPolicyErrors errors, X509Chain? chain, X509Certificate2 cert)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0) return null;
        return Describe(chain?.ChainStatus ?? [], cert);
    }

    string? CheckAgainstBundle(X509Certificate2 cert, X509Chain? presented)
    {
        caBundle ??= LoadBundle(options.CaInfo, options.CaPath);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(caBundle);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // test CAs publish no CRL
        if (presented is not null)
            foreach (var element in presented.ChainElements.Skip(1))
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        return chain.Build(cert) ? null : Describe(chain.ChainStatus, cert);
    }

    /// <summary>CURLOPT_ISSUERCERT: the server's certificate must be issued (named and signed) by that CA.</summary>
    string? IssuerProblem(X509Certificate2 cert)
    {
        if (options.IssuerCert.Length == 0 && options.IssuerCertBlob is null) return null;
        var issuers = new X509Certificate2Collection();
        var source = options.IssuerCertBlob is null ? options.IssuerCert : "(memory blob)";
        try
        {
            var pem = options.IssuerCertBlob is { } blob ? System.Text.Encoding.UTF8.GetString(blob)
                : File.ReadAllText(options.IssuerCert);
            issuers.ImportFromPem(pem);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException
            or System.Security.Cryptography.CryptographicException)
        {
            return $"SSL: Unable to open issuer cert ({source}: {e.Message})";
        }
        if (issuers.Count == 0) return $"SSL: Unable to read issuer cert ({source}: no PEM certificate)";
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(issuers[0]);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        var issued = chain.Build(cert) && chain.ChainElements.Count == 2
            && chain.ChainElements[1].Certificate.RawDataMemory.Span.SequenceEqual(issuers[0].RawDataMemory.Span);
        return issued ? null : "SSL: Certificate issuer check failed";
    }

    static X509Certificate2Collection LoadBundle(string file, string directory)
    {
        var bundle = new X509Certificate2Collection();
        if (file.Length > 0)
        {
            try { bundle.ImportFromPemFile(file); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException
                or System.Security.Cryptography.CryptographicException)
            {
                throw new CurlException(CurlCode.SslCaCertBadFile,
                    $"error setting certificate file: {file} ({e.Message})");
            }
        }
        if (directory.Length > 0)
        {
            // CURLOPT_CAPATH: every PEM file in the directory (c_rehash's hash links included).
            try
            {
                foreach (var path in Directory.EnumerateFiles(directory))
                {
                    try { bundle.ImportFromPemFile(path); }
                    catch (System.Security.Cryptography.CryptographicException) { /* not a certificate file */ }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CurlException(CurlCode.SslCaCertBadFile,
                    $"error setting certificate path: {directory} ({e.Message})");
            }
        }
        if (bundle.Count == 0)
            throw new CurlException(CurlCode.SslCaCertBadFile, $"error setting certificate verify locations: CAfile: " +
                $"{file} CApath: {directory} (no PEM certificates found)");
        return bundle;
    }

    // OpenSSL's wording, which curl prints after "SSL certificate problem: ".
    static string Describe(X509ChainStatus[] status, X509Certificate2 cert)
    {
        var flags = status.Aggregate(X509ChainStatusFlags.NoError, (a, s) => a | s.Status);
        var selfSigned = cert.SubjectName.RawData.AsSpan().SequenceEqual(cert.IssuerName.RawData);
        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0) return "certificate has expired";
        if ((flags & X509ChainStatusFlags.UntrustedRoot) != 0 || (flags & X509ChainStatusFlags.PartialChain) != 0)
            return selfSigned ? "self-signed certificate" : "unable to get local issuer certificate";
        if ((flags & X509ChainStatusFlags.Revoked) != 0) return "certificate revoked";
        if ((flags & (X509ChainStatusFlags.RevocationStatusUnknown | X509ChainStatusFlags.OfflineRevocation)) != 0)
            return "unable to get certificate CRL";
        return status.Length > 0 ? status[0].StatusInformation.Trim() : "certificate verify failed";
    }
}

using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// The TLS client certificate of a transfer, loaded as curl with OpenSSL loads CURLOPT_SSLCERT / SSLCERT_BLOB
/// (types PEM, DER, P12), its private key from SSLKEY / SSLKEY_BLOB (PEM or DER) or, for PEM and P12, from the
/// certificate itself, decrypted with KEYPASSWD. Any failure is curl's 58 (CURLE_SSL_CERTPROBLEM) with the reason.
/// </summary>
static class ClientCertificate
{
    const string RsaOid = "1.2.840.113549.1.1.1", EcOid = "1.2.840.10045.2.1";

    /// <summary>The certificate (with key) and the chain certificates that came with it; null when none is
    /// set.</summary>
    public static SslStreamCertificateContext? Load(CurlOptions o)
    {
        if (o.SslCert.Length == 0 && o.SslCertBlob is null) return null;
        var source = o.SslCertBlob is null ? o.SslCert : "(memory blob)";
        var type = o.SslCertType.Length == 0 ? "PEM" : o.SslCertType.ToUpperInvariant();
        var bytes = o.SslCertBlob ?? Read(o.SslCert, $"could not open client certificate file '{o.SslCert}'");
        var (leaf, chain) = type switch
        {
            "PEM" => FromPem(bytes, source, o),
            "DER" => WithKey(Parse(() => X509CertificateLoader.LoadCertificate(bytes),
                $"could not load ASN1 client certificate from {source}"), null, source, o),
            "P12" => FromPkcs12(bytes, source, o.KeyPassword),
            _ => throw Problem($"not supported file type '{o.SslCertType}' for certificate (PEM, DER or P12)"),
        };
        // Schannel cannot use a key that lives only in memory; a PKCS#12 round trip gives it a usable one.
        if (OperatingSystem.IsWindows())
            leaf = X509CertificateLoader.LoadPkcs12(leaf.Export(X509ContentType.Pkcs12), null);
        return SslStreamCertificateContext.Create(leaf, chain, offline: true);
    }

    static (X509Certificate2, X509Certificate2Collection) FromPem(byte[] bytes, string source, CurlOptions o)
    {
        var certs = new X509Certificate2Collection();
        Parse(() => { certs.ImportFromPem(Lf(bytes)); return certs; },
            $"could not load PEM client certificate from {source}");
        if (certs.Count == 0) throw Problem($"could not load PEM client certificate from {source}, " +
            "(no certificate found, or wrong file format?)");
        var chain = new X509Certificate2Collection();
        for (var i = 1; i < certs.Count; i++) chain.Add(certs[i]);
        // Without SSLKey the key is read from the certificate file, as curl does.
        return WithKey(certs[0], o.SslKey.Length > 0 || o.SslKeyBlob is not null ? null : bytes, source, o, chain);
    }

    static (X509Certificate2, X509Certificate2Collection) FromPkcs12(byte[] bytes, string source, string password)
    {
        var all = Parse(() => X509CertificateLoader.LoadPkcs12Collection(bytes, password),
            $"could not parse PKCS12 file '{source}', check password");
        var leaf = all.FirstOrDefault(c => c.HasPrivateKey) ?? throw Problem(
            $"could not parse PKCS12 file '{source}': it holds no private key");
        var chain = new X509Certificate2Collection();
        foreach (var c in all) if (!ReferenceEquals(c, leaf)) chain.Add(c);
        return (leaf, chain);
    }

    /// <summary>The certificate joined with its private key: from SSLKey/SSLKeyBlob, else from keyText (the
    /// certificate's own PEM file).</summary>
    static (X509Certificate2, X509Certificate2Collection) WithKey(X509Certificate2 cert, byte[]? certFile,
        string source, CurlOptions o, X509Certificate2Collection? chain = null)
    {
        var keySource = o.SslKeyBlob is not null ? "(memory blob)" : o.SslKey.Length > 0 ? o.SslKey : source;
        var keyType = o.SslKeyType.Length == 0 ? "PEM" : o.SslKeyType.ToUpperInvariant();
        var key = o.SslKeyBlob ?? certFile
            ?? (o.SslKey.Length > 0 ? Read(o.SslKey, $"unable to set private key file: '{o.SslKey}' type {keyType}")
                : throw Problem($"unable to set private key file: '{source}' type {keyType} " +
                    "(a DER certificate needs its key in CURL.SetOptionSSLKey)"));
        var where = $"unable to set private key file: '{keySource}' type {keyType}";
        var algorithm = cert.PublicKey.Oid.Value;
        if (algorithm is not (RsaOid or EcOid)) throw Problem($"{where} (only RSA and EC keys are supported)");
        AsymmetricAlgorithm k = algorithm == RsaOid ? RSA.Create() : ECDsa.Create();
        var password = o.KeyPassword;
        Parse(() =>
        {
            if (keyType == "PEM")
            {
                var text = Lf(key);
                if (!text.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
                    throw Problem($"{where} (no private key found)");
                if (LegacyPemKey.IsEncrypted(text)) LegacyPemKey.Import(KeyBlock(text), password, k);
                else if (text.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
                    k.ImportFromEncryptedPem(text, password);
                else k.ImportFromPem(text);
            }
            else if (keyType == "DER")
            {
                try { k.ImportPkcs8PrivateKey(key, out _); }
                catch (CryptographicException) when (password.Length > 0)
                {
                    k.ImportEncryptedPkcs8PrivateKey(password, key, out _);
                }
                catch (CryptographicException)
                {
                    if (k is RSA rsa) rsa.ImportRSAPrivateKey(key, out _);
                    else ((ECDsa)k).ImportECPrivateKey(key, out _);
                }
            }
            else throw Problem($"not supported file type '{o.SslKeyType}' for private key (PEM or DER)");
            return k;
        }, where + (password.Length > 0 ? " (wrong pass phrase?)"
            : " (is it encrypted? set CURL.SetOptionKeyPassword)"));
        try
        {
            var joined = k is RSA r ? cert.CopyWithPrivateKey(r) : cert.CopyWithPrivateKey((ECDsa)k);
            return (joined, chain ?? []);
        }
        catch (ArgumentException)
        {
            throw Problem($"{where} (the private key does not match the certificate's public key)");
        }
        finally { k.Dispose(); }
    }

    /// <summary>The private key's PEM block of a file that may hold certificates too.</summary>
    static string KeyBlock(string text)
    {
        var begin = text.LastIndexOf("-----BEGIN ", text.IndexOf("PRIVATE KEY-----", StringComparison.Ordinal),
            StringComparison.Ordinal);
        var end = text.IndexOf("-----", text.IndexOf("-----END ", begin, StringComparison.Ordinal) + 9,
            StringComparison.Ordinal);
        return text[begin..(end + 5)];
    }

    static byte[] Read(string path, string what)
    {
        try { return File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw Problem($"{what} ({e.Message})");
        }
    }

    static T Parse<T>(Func<T> parse, string what)
    {
        try { return parse(); }
        catch (CryptographicException e) { throw Problem($"{what}: {e.Message}"); }
        catch (ArgumentException e) { throw Problem($"{what}: {e.Message}"); }
    }

    /// <summary>FileMaker text has CR line ends; PEM wants LF (MBS converts them too).</summary>
    static string Lf(byte[] bytes) => Encoding.UTF8.GetString(bytes).Replace("\r\n", "\n").Replace('\r', '\n');

    static CurlException Problem(string message) => new(CurlCode.SslCertProblem, message);
}

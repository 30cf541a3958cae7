using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>A throw-away PKI made at test time: a CA, a server certificate for 127.0.0.1 and client certificates,
/// with their keys and files in the formats curl reads (PEM, encrypted PKCS#8 PEM, DER, P12).</summary>
sealed class TestPki : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("pb-pki-").FullName;

    public sealed record Issued(X509Certificate2 Cert, AsymmetricAlgorithm Key);

    public static Issued Ca(string name)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        return new Issued(cert, key);
    }

    /// <summary>A certificate issued by ca: for the server (127.0.0.1, localhost) or a client (clientAuth), RSA or
    /// EC.</summary>
    public static Issued Issue(Issued ca, string subject, bool server, bool ec = false)
    {
        AsymmetricAlgorithm key = ec ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : RSA.Create(2048);
        var request = key is RSA rsa
            ? new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(subject, (ECDsa)key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
        }
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        var signer = X509SignatureGenerator.CreateForRSA((RSA)ca.Key, RSASignaturePadding.Pkcs1);
        var cert = request.Create(ca.Cert.SubjectName, signer, DateTimeOffset.UtcNow.AddHours(-1),
            DateTimeOffset.UtcNow.AddDays(1), serial);
        return new Issued(cert, key);
    }

    /// <summary>The certificate joined with its key, usable by an SslStream server.</summary>
    public static X509Certificate2 WithKey(Issued i)
    {
        using var joined = i.Key is RSA rsa ? i.Cert.CopyWithPrivateKey(rsa) : i.Cert.CopyWithPrivateKey((ECDsa)i.Key);
        return X509CertificateLoader.LoadPkcs12(joined.Export(X509ContentType.Pkcs12), null);
    }

    public string Write(string name, byte[] data)
    {
        var path = Path.Combine(dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, data);
        return path;
    }

    public string Write(string name, string text) => Write(name, System.Text.Encoding.UTF8.GetBytes(text));

    public static string CertPem(Issued i) => i.Cert.ExportCertificatePem() + "\n";

    public static string KeyPem(Issued i) => i.Key.ExportPkcs8PrivateKeyPem() + "\n";

    public static string EncryptedKeyPem(Issued i, string password) => i.Key.ExportEncryptedPkcs8PrivateKeyPem(
        password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000)) + "\n";

    public static byte[] Pkcs12(Issued i, string password) => WithKey(i).Export(X509ContentType.Pkcs12, password);

    public void Dispose() => Directory.Delete(dir, true);
}

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>
/// CURL.SetOptionCAInfo alone decides trust (on Linux through OpenSSL, without the system store): a server
/// certificate from another CA is refused, one from the named CA accepted, an expired one refused, and
/// SSLVerifyPeer 0 still lets a refused one through, as in curl.
/// </summary>
[Collection("host")]
public class CurlCaInfoTests
{
    [Fact]
    public void OnlyTheCaInCaInfoIsTrusted()
    {
        using var caA = Ca("PluginBridge Test CA A");
        using var caB = Ca("PluginBridge Test CA B");
        using var leaf = Leaf(caA, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var expired = Leaf(caA, DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-2));
        var pemA = LoopbackServer.WritePem(caA);
        var pemB = LoopbackServer.WritePem(caB);
        try
        {
            using var server = Serve(leaf);
            using var old = Serve(expired);
            var url = $"https://127.0.0.1:{server.Port}/";

            var (text, debug) = Perform(url, pemB);
            Assert.Equal("60: SSL certificate problem: unable to get local issuer certificate", text);
            Assert.Contains(" issuer: CN=PluginBridge Test CA A", debug);

            (text, debug) = Perform(url, pemA);
            Assert.Equal("page", text);
            Assert.Contains("SSL certificate verify ok.", debug);
            Assert.Matches(@"SSL connection using TLSv1\.[23] / TLS_", debug);

            (text, _) = Perform($"https://127.0.0.1:{old.Port}/", pemA);
            Assert.Equal("60: SSL certificate problem: certificate has expired", text);

            (text, debug) = Perform(url, pemB, ("CURL.SetOptionSSLVerifyPeer", "0"));
            Assert.Equal("page", text);
            Assert.Contains("SSL certificate verify result: unable to get local issuer certificate, continuing anyway.",
                debug);
        }
        finally
        {
            File.Delete(pemA);
            File.Delete(pemB);
        }
    }

    [Fact]
    public void AFileWithoutCertificatesIs77()
    {
        var empty = Path.Combine(Path.GetTempPath(), $"pb-curl-test-{Guid.NewGuid():N}.pem");
        File.WriteAllText(empty, "no certificate here\n");
        try
        {
            using var cert = LoopbackServer.SelfSigned();
            using var server = Serve(cert);
            var (text, _) = Perform($"https://127.0.0.1:{server.Port}/", empty);
            Assert.StartsWith("77: error setting certificate ", text);
        }
        finally { File.Delete(empty); }
    }

    static (string Text, string Debug) Perform(string url, string caInfo, params (string, string)[] options)
    {
        var curl = New();
        try
        {
            Ok("CURL.SetOptionURL", curl, url);
            Ok("CURL.SetOptionCAInfo", curl, caInfo);
            foreach (var (option, value) in options) Ok(option, curl, value);
            var r = Call("CURL.Perform", curl);
            return (r.IsError ? r.Text : Ok("CURL.GetResultAsText", curl), Debug(curl));
        }
        finally { Ok("CURL.Release", curl); }
    }

    static LoopbackServer Serve(X509Certificate2 cert) => new(async (s, c) =>
        { await Http.ReadAsync(s, c); await Http.RespondAsync(s, 200, "OK", "page"); }, cert);

    static X509Certificate2 Ca(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(ca.Export(X509ContentType.Pkcs12), null);
    }

    // A server certificate for 127.0.0.1, issued by the CA.
    static X509Certificate2 Leaf(X509Certificate2 ca, DateTimeOffset from, DateTimeOffset until)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        using var issued = request.Create(ca, from, until, RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Xunit;
using static PluginBridge.Engine.Tests.WebHook.WebHookKit;

namespace PluginBridge.Engine.Tests.WebHook;

/// <summary>WebHook.SetSSL with a PEM certificate made in the test; curl verifies it with --cacert.</summary>
[Collection("host")] // see WebHookModeTests
public sealed class WebHookSslTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("pb-webhook-ssl-").FullName;
    string Cert => Path.Combine(dir, "cert.pem");
    string Key => Path.Combine(dir, "key.pem");

    public WebHookSslTests()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign,
            true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var cert =
            request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Cert, cert.ExportCertificatePem());
        File.WriteAllText(Key, rsa.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose() => Directory.Delete(dir, true);

    [Fact]
    public void ServesHttpsThatCurlVerifies()
    {
        var hook = Mbs("WebHook.Create");
        try
        {
            Assert.Equal("OK", Mbs("WebHook.SetSSL", hook, Cert, Key));
            Assert.Equal("1", Mbs("WebHook.GetSSL", hook));
            Assert.Equal(Cert, Mbs("WebHook.GetCertificateFile", hook));
            Assert.Equal(Key, Mbs("WebHook.GetPrivateKeyFile", hook));
            Mbs("WebHook.Listen", hook, "0");
            var port = Mbs("WebHook.GetPort", hook);

            var headers = CurlOk("--cacert", Cert, "-D", "-", "-o", "/dev/null",
                $"https://localhost:{port}/cb?code=s%C3%A9cret&state=1");
            Assert.StartsWith("HTTP/1.1 200 OK", headers);
            var request = WaitForRequest(hook);
            Assert.Equal("1", Mbs("WebRequest.GetSSL", request));
            Assert.Equal(
                $"{{ \"Host\" : \"localhost\" , \"RelativeURL\" : \"/cb?code=s%C3%A9cret&state=1\" , \"URL\" : " +
                    $"\"https://localhost:{port}/cb?code=s%C3%A9cret&state=1\" , " +
                $"\"Scheme\" : \"https\" , \"Port\" : {port} , \"Path\" : \"/cb\" , \"Query\" : " +
                    $"\"code=sécret&state=1\" , \"Parameters\" : {{ \"code\" : \"sécret\" , \"state\" : \"1\" }} }}",
                Mbs("WebRequest.URLComponents", request));
            Mbs("WebRequest.Release", request);

            // Without the CA curl refuses the certificate; TLS 1.1 and plain HTTP get no request through.
            Assert.Equal(60, RunCurl($"https://localhost:{port}/").Exit);
            Assert.NotEqual(0, RunCurl("--cacert", Cert, "--tls-max", "1.1", $"https://localhost:{port}/").Exit);
            Assert.NotEqual(0, RunCurl($"http://127.0.0.1:{port}/").Exit);
            Assert.Equal("", Mbs("WebHook.Check", hook));
        }
        finally { Mbs("WebHook.Release", hook); }
    }

    [Fact]
    public void BadCertificateFilesAreClearErrors()
    {
        var hook = Mbs("WebHook.Create");
        try
        {
            var garbage = Path.Combine(dir, "garbage.pem");
            File.WriteAllText(garbage, "not a certificate");
            Assert.StartsWith($"[MBS] Cannot load the certificate {garbage} with the key {Key}:",
                MbsError("WebHook.SetSSL", hook, garbage, Key));
            Assert.StartsWith($"[MBS] Private key file not found: {dir}/missing.pem.",
                MbsError("WebHook.SetSSL", hook, Cert, Path.Combine(dir, "missing.pem")));
            using var other = RSA.Create(2048);
            var otherKey = Path.Combine(dir, "other-key.pem");
            File.WriteAllText(otherKey, other.ExportPkcs8PrivateKeyPem());
            Assert.StartsWith($"[MBS] Cannot load the certificate {Cert} with the key {otherKey}:",
                MbsError("WebHook.SetSSL", hook, Cert, otherKey));
            Assert.Equal("0", Mbs("WebHook.GetSSL", hook));
            // One PEM file holding both certificate and key is accepted.
            var both = Path.Combine(dir, "both.pem");
            File.WriteAllText(both, File.ReadAllText(Cert) + "\n" + File.ReadAllText(Key));
            Assert.Equal("OK", Mbs("WebHook.SetSSL", hook, both, ""));
        }
        finally { Mbs("WebHook.Release", hook); }
    }
}

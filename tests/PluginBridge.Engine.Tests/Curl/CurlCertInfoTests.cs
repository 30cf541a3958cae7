using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>CURL.SetOptionCertInfo / GetCertInfo against a local TLS server that sends a leaf and its intermediate
/// CA, compared with what `openssl x509` prints for the same certificates.</summary>
[Collection("host")]
public class CurlCertInfoTests
{
    sealed record Chain(X509Certificate2 Root, X509Certificate2 Intermediate, X509Certificate2 Leaf);

    static Chain MakeChain()
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = RSA.Create(2048);
        var rootRequest = new CertificateRequest("C=DE, O=PluginBridge Test, CN=Test Root", rootKey,
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var root = rootRequest.CreateSelfSigned(now.AddDays(-2), now.AddDays(30));

        using var midKey = RSA.Create(2048);
        var midRequest = new CertificateRequest("C=DE, O=PluginBridge Test, CN=Test Intermediate", midKey,
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        midRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var midPublic = midRequest.Create(root, now.AddDays(-1), now.AddDays(20), [0x12, 0x34, 0x56]);
        var intermediate = midPublic.CopyWithPrivateKey(midKey);

        using var leafKey = RSA.Create(2048);
        var leafRequest = new CertificateRequest("C=DE, O=PluginBridge Test, CN=localhost", leafKey,
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        leafRequest.CertificateExtensions.Add(san.Build());
        using var leafPublic = leafRequest.Create(intermediate, now.AddDays(-1), now.AddDays(10), [0x0a, 0xbc, 0xde]);
        using var withKey = leafPublic.CopyWithPrivateKey(leafKey);
        var leaf = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return new Chain(root, intermediate, leaf);
    }

    /// <summary>A TLS server on 127.0.0.1 sending the leaf and the intermediate; keeps each connection open for
    /// further requests.</summary>
    static (TcpListener, Task) Serve(Chain chain, CancellationToken stop)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var context = SslStreamCertificateContext.Create(chain.Leaf, [chain.Intermediate], offline: true);
        var loop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(stop);
                try
                {
                    await using var ssl = new SslStream(client.GetStream());
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                        { ServerCertificateContext = context }, stop);
                    while (true)
                    {
                        await Http.ReadAsync(ssl, stop);
                        await ssl.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nchained"u8.ToArray(), stop);
                    }
                }
                catch (Exception e) when (e is IOException or EndOfStreamException) { /* the client closed */ }
            }
        }, stop);
        return (listener, loop);
    }

    static string OpenSsl(X509Certificate2 cert, params string[] args)
    {
        var pem = LoopbackServer.WritePem(cert);
        var psi = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["x509", "-noout", "-in", pem, .. args]) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        File.Delete(pem);
        return output.Trim();
    }

    static string Field(string openssl, string name) =>
        openssl.Split('\n').Single(l => l.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..];

    [Fact]
    public void CertInfoListsTheChainTheServerSentAsOpenSslPrintsIt()
    {
        var chain = MakeChain();
        using var stop = new CancellationTokenSource();
        var (listener, _) = Serve(chain, stop.Token);
        var ca = LoopbackServer.WritePem(chain.Root);
        try
        {
            var curl = New();
            Ok("CURL.SetOptionURL", curl, $"https://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
            Ok("CURL.SetOptionCAInfo", curl, ca);
            Assert.Equal("OK", Ok("CURL.Perform", curl));
            Assert.Equal("", Ok("CURL.GetCertInfo", curl)); // not asked for

            // Over the kept connection: the chain of the handshake that opened it.
            Assert.Equal("OK", Ok("CURL.SetOptionCertInfo", curl, "1"));
            Assert.Equal("OK", Ok("CURL.Perform", curl));
            Assert.Contains("Re-using existing connection", Debug(curl));
            var leafSubject = "Subject:" + Field(OpenSsl(chain.Leaf, "-subject"), "subject");
            Assert.StartsWith(leafSubject + "\r", Ok("CURL.GetCertInfo", curl));
            // And from a new handshake.
            Ok("CURL.SetOptionFreshConnect", curl, "1");
            Assert.Equal("OK", Ok("CURL.Perform", curl));
            Assert.DoesNotContain("Re-using", Debug(curl));
            var certs = Ok("CURL.GetCertInfo", curl).Split("\r\r");
            Assert.Equal(2, certs.Length); // leaf and intermediate, as sent (the root stays with the client)
            foreach (var (text, cert) in certs.Zip([chain.Leaf, chain.Intermediate]))
            {
                var items = text.Split('\r');
                var x509 = OpenSsl(cert, "-subject", "-issuer", "-serial", "-startdate", "-enddate");
                Assert.Equal("Subject:" + Field(x509, "subject"), items[0]);
                Assert.Equal("Issuer:" + Field(x509, "issuer"), items[1]);
                Assert.Equal("Version:2", items[2]);
                Assert.Equal("Serial Number:" + Field(x509, "serial").ToLowerInvariant(), items[3]);
                Assert.Equal("Signature Algorithm:sha256WithRSAEncryption", items[4]);
                Assert.Equal("Public Key Algorithm:rsaEncryption", items[5]);
                Assert.Contains("Start date:" + Field(x509, "notBefore"), items);
                Assert.Contains("Expire date:" + Field(x509, "notAfter"), items);
                Assert.Contains("RSA Public Key:2048", items);
                Assert.Contains("rsa(e):10001", items);
                Assert.Contains(items, i => i.StartsWith("Signature:", StringComparison.Ordinal) && i.Length > 500);
                var pem = text[text.IndexOf("Cert:", StringComparison.Ordinal)..]["Cert:".Length..];
                Assert.Equal(cert.ExportCertificatePem().ReplaceLineEndings("\r"), pem.TrimEnd('\r'));
            }
            // The leaf's extension as OpenSSL prints it: "X509v3 Subject Alternative Name: \n    DNS:…".
            var sanLines = OpenSsl(chain.Leaf, "-ext", "subjectAltName").Split('\n');
            Assert.Contains("X509v3 Subject Alternative Name:" + sanLines[1].Trim(), certs[0].Split('\r'));

            Ok("CURL.Release", curl);
        }
        finally
        {
            stop.Cancel();
            listener.Stop();
            File.Delete(ca);
        }
    }
}

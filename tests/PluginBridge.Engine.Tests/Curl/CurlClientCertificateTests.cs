using PluginBridge.Engine.Core;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>
/// TLS client certificates (CURL.SetOptionSSLCert and friends) against TLS servers that require one, with a PKI
/// made at test time: the server records the subject it accepted and refuses a handshake without a certificate.
/// </summary>
[Collection("host")]
public class CurlClientCertificateTests : IDisposable
{
    const string Password = "pass phrase 1";
    static readonly TestPki.Issued Ca = TestPki.Ca("PluginBridge Test CA");
    static readonly TestPki.Issued OtherCa = TestPki.Ca("Some Other CA");
    static readonly TestPki.Issued ServerCert = TestPki.Issue(Ca, "CN=127.0.0.1", server: true);
    static readonly TestPki.Issued Client = TestPki.Issue(Ca, "CN=Alice Client, O=PluginBridge", server: false);
    static readonly TestPki.Issued EcClient = TestPki.Issue(Ca, "CN=Eve EC Client", server: false, ec: true);
    readonly TestPki files = new();
    readonly string caFile;

    public CurlClientCertificateTests() => caFile = files.Write("ca.pem", TestPki.CertPem(Ca));

    public void Dispose() => files.Dispose();

    static LoopbackServer Https() => new(async (s, cancel) =>
    {
        await Http.ReadAsync(s, cancel);
        await Http.RespondAsync(s, 200, "OK", "hello client");
    }, TestPki.WithKey(ServerCert), Ca.Cert);

    string Handle(int port, params (string Option, string Value)[] options)
    {
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"https://127.0.0.1:{port}/");
        Ok("CURL.SetOptionCAInfo", curl, caFile);
        foreach (var (option, value) in options) Ok(option, curl, value);
        return curl;
    }

    [Fact]
    public void PemFileWithCertificateAndKeyIsSentAndWithoutItTheServerRefuses()
    {
        using var server = Https();
        var pem = files.Write("alice.pem", TestPki.CertPem(Client) + TestPki.KeyPem(Client));
        var curl = Handle(server.Port, ("CURL.SetOptionSSLCert", pem), ("CURL.SetOptionSSLCertType", "PEM"));

        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Equal("hello client", Ok("CURL.GetResultAsText", curl));
        Assert.Equal("CN=Alice Client, O=PluginBridge", Assert.Single(server.ClientSubjects));

        var without = Handle(server.Port);
        Assert.True(Call("CURL.Perform", without).IsError);
        Assert.Single(server.ClientSubjects);
        Assert.True(server.RefusedHandshakes >= 1);
    }

    [Fact]
    public void OpensslServerRequiringACertificateSeesOurs()
    {
        // openssl s_server as an independent TLS server: -Verify 1 requires a client certificate, -www answers with
        // a page that prints the client certificate it got.
        var port = FreePort();
        var psi = new System.Diagnostics.ProcessStartInfo("openssl", ["s_server", "-accept", port.ToString(),
            "-cert", files.Write("server.pem", TestPki.CertPem(ServerCert)),
            "-key", files.Write("server.key", TestPki.KeyPem(ServerCert)), "-CAfile", caFile, "-Verify", "1",
            "-verify_return_error", "-www"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var server = System.Diagnostics.Process.Start(psi)!;
        try
        {
            WaitListening(port);
            var pem = files.Write("alice.pem", TestPki.CertPem(Client) + TestPki.KeyPem(Client));
            var curl = Handle(port, ("CURL.SetOptionSSLCert", pem));
            Assert.Equal("OK", Ok("CURL.Perform", curl));
            var page = Ok("CURL.GetResultAsText", curl);
            Assert.Contains("Client certificate", page);
            Assert.Contains("Subject: O=PluginBridge, CN=Alice Client", page); // DER order, as OpenSSL prints it

            Assert.True(Call("CURL.Perform", Handle(port)).IsError);
        }
        finally { server.Kill(); server.WaitForExit(5000); }
        Assert.Contains("peer did not return a certificate", server.StandardError.ReadToEnd());
    }

    static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    static void WaitListening(int port)
    {
        for (var i = 0; i < 100; i++)
        {
            try { using var c = new System.Net.Sockets.TcpClient("127.0.0.1", port); return; }
            catch (System.Net.Sockets.SocketException) { Thread.Sleep(50); }
        }
        Assert.Fail("openssl s_server did not start");
    }

    [Fact]
    public void EncryptedKeyInItsOwnFileNeedsTheRightPassword()
    {
        using var server = Https();
        var cert = files.Write("alice.crt", TestPki.CertPem(Client));
        var key = files.Write("alice.key", TestPki.EncryptedKeyPem(Client, Password));
        var curl = Handle(server.Port, ("CURL.SetOptionSSLCert", cert), ("CURL.SetOptionSSLKey", key),
            ("CURL.SetOptionKeyPassword", Password));
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Equal("CN=Alice Client, O=PluginBridge", Assert.Single(server.ClientSubjects));

        Ok("CURL.SetOptionKeyPassword", curl, "wrong");
        var failed = Call("CURL.Perform", curl);
        Assert.True(failed.IsError);
        Assert.StartsWith($"58: unable to set private key file: '{key}' type PEM (wrong pass phrase?)", failed.Text);
        Assert.Equal("58", Ok("CURL.ErrorCode", curl));
        Assert.Single(server.ClientSubjects); // nothing was sent with the wrong password
    }

    [Fact]
    public void LegacyEncryptedPemKeyAsInMbsGsxExample()
    {
        // MBS's Apple GSX example: "-----BEGIN RSA PRIVATE KEY-----" with "Proc-Type: 4,ENCRYPTED" and the
        // certificate in one file; the legacy key is written by the openssl tool, not by us.
        using var server = Https();
        var plain = files.Write("plain.key", TestPki.KeyPem(Client));
        var legacy = Path.Combine(Path.GetDirectoryName(plain)!, "legacy.key");
        var psi = new System.Diagnostics.ProcessStartInfo("openssl", ["rsa", "-in", plain, "-traditional",
            "-aes256", "-passout", "pass:" + Password, "-out", legacy]) { RedirectStandardError = true };
        using (var p = System.Diagnostics.Process.Start(psi)!) Assert.True(p.WaitForExit(10_000));
        var keyText = File.ReadAllText(legacy);
        Assert.Contains("Proc-Type: 4,ENCRYPTED", keyText);
        var pem = files.Write("apple-cert+key.pem", keyText + TestPki.CertPem(Client));
        var curl = Handle(server.Port, ("CURL.SetOptionSSLCert", pem), ("CURL.SetOptionSSLCertType", "PEM"),
            ("CURL.SetOptionKeyPassword", Password));
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Equal("CN=Alice Client, O=PluginBridge", Assert.Single(server.ClientSubjects));

        Ok("CURL.SetOptionKeyPassword", curl, "wrong");
        Assert.StartsWith($"58: unable to set private key file: '{pem}' type PEM (wrong pass phrase?)",
            Call("CURL.Perform", curl).Text);
    }

    [Fact]
    public void Pkcs12FileWithPassword()
    {
        using var server = Https();
        var p12 = files.Write("alice.p12", TestPki.Pkcs12(Client, Password));
        var curl = Handle(server.Port, ("CURL.SetOptionSSLCert", p12), ("CURL.SetOptionSSLCertType", "P12"),
            ("CURL.SetOptionKeyPassword", Password));
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Equal("CN=Alice Client, O=PluginBridge", Assert.Single(server.ClientSubjects));

        Ok("CURL.SetOptionKeyPassword", curl, "wrong");
        var failed = Call("CURL.Perform", curl);
        Assert.StartsWith($"58: could not parse PKCS12 file '{p12}', check password", failed.Text);
    }

    [Fact]
    public void DerCertificateWithDerEcKey()
    {
        using var server = Https();
        var cert = files.Write("eve.der", EcClient.Cert.RawData);
        var key = files.Write("eve.key.der", EcClient.Key.ExportPkcs8PrivateKey());
        var curl = Handle(server.Port, ("CURL.SetOptionSSLCert", cert), ("CURL.SetOptionSSLCertType", "DER"),
            ("CURL.SetOptionSSLKey", key), ("CURL.SetOptionSSLKeyType", "DER"));
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Equal("CN=Eve EC Client", Assert.Single(server.ClientSubjects));
    }

    [Fact]
    public void BlobsFromAContainerAndFromTextWithFileMakerLineEnds()
    {
        using var server = Https();
        var curl = Handle(server.Port);
        Assert.Equal("OK", Plugin.Call("CURL.SetOptionSSLCertBlob", [Value.FromText(curl),
            Value.FromContainer(System.Text.Encoding.ASCII.GetBytes(TestPki.CertPem(Client)), "alice.crt")]).Text);
        Ok("CURL.SetOptionSSLKeyBlob", curl, TestPki.KeyPem(Client).Replace("\n", "\r"));
        Ok("CURL.SetOptionSSLKeyType", curl, "PEM");
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Equal("CN=Alice Client, O=PluginBridge", Assert.Single(server.ClientSubjects));
    }

    [Fact]
    public void UnreadableFileAndKeyThatDoesNotMatchAreCurl58()
    {
        using var server = Https();
        var missing = Path.Combine(Path.GetTempPath(), $"pb-missing-{Guid.NewGuid():N}.pem");
        var curl = Handle(server.Port, ("CURL.SetOptionSSLCert", missing));
        var failed = Call("CURL.Perform", curl);
        Assert.True(failed.IsError);
        Assert.StartsWith($"58: could not open client certificate file '{missing}' (", failed.Text);

        var mismatched = files.Write("mixed.pem", TestPki.CertPem(Client) + TestPki.KeyPem(ServerCert));
        Ok("CURL.SetOptionSSLCert", curl, mismatched);
        Assert.Contains("the private key does not match the certificate's public key",
            Call("CURL.Perform", curl).Text);
        Assert.Equal(0, server.Connections); // refused before connecting
    }

    [Fact]
    public void SmtpsSendsTheClientCertificate()
    {
        using var smtp = new LineServer("220 mail.example.test ESMTP", line => line.Split(' ')[0] switch
        {
            "EHLO" => "250 mail.example.test",
            "MAIL" or "RCPT" => "250 Ok",
            "DATA" => "354 go ahead",
            "." => "250 Ok: queued",
            "QUIT" => "221 Bye",
            _ => "502 unknown",
        }, tls: TestPki.WithKey(ServerCert), clientCa: Ca.Cert);
        var pem = files.Write("alice.pem", TestPki.CertPem(Client) + TestPki.KeyPem(Client));
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"smtps://127.0.0.1:{smtp.Port}");
        Ok("CURL.SetOptionCAInfo", curl, caFile);
        Ok("CURL.SetOptionSSLCert", curl, pem);
        Ok("CURL.SetOptionMailFrom", curl, "alice@example.test");
        Ok("CURL.SetOptionMailRecipients", curl, "bob@example.test");
        Ok("CURL.SetInputText", curl, "Subject: hi\r\n\r\nbody\r\n");

        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Equal("CN=Alice Client, O=PluginBridge", Assert.Single(smtp.Server.ClientSubjects));
        Assert.Contains(smtp.Received, l => l.StartsWith("[data]", StringComparison.Ordinal));
    }

    [Fact]
    public void ImapsSendsTheClientCertificate()
    {
        using var imap = new LineServer("* OK IMAP ready", line =>
        {
            var tag = line.Split(' ')[0];
            return line[(tag.Length + 1)..] switch
            {
                "CAPABILITY" => $"* CAPABILITY IMAP4rev1\n{tag} OK done",
                "LIST \"\" *" => $"* LIST () \"/\" INBOX\n{tag} OK List completed.",
                "LOGOUT" => $"* BYE\n{tag} OK bye",
                var other => $"{tag} OK {other.Split(' ')[0]} done",
            };
        }, tls: TestPki.WithKey(ServerCert), clientCa: Ca.Cert);
        var p12 = files.Write("alice.p12", TestPki.Pkcs12(Client, Password));
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"imaps://127.0.0.1:{imap.Port}/");
        Ok("CURL.SetOptionCAInfo", curl, caFile);
        Ok("CURL.SetOptionSSLCert", curl, p12);
        Ok("CURL.SetOptionSSLCertType", curl, "P12");
        Ok("CURL.SetOptionKeyPassword", curl, Password);
        Ok("CURL.SetOptionUserName", curl, "alice");
        Ok("CURL.SetOptionPassword", curl, "secret");

        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Contains("INBOX", Ok("CURL.GetResultAsText", curl));
        Assert.Equal("CN=Alice Client, O=PluginBridge", Assert.Single(imap.Server.ClientSubjects));
    }

    [Fact]
    public void IssuerCertMustHaveIssuedTheServerCertificate()
    {
        using var server = Https();
        var pem = files.Write("alice.pem", TestPki.CertPem(Client) + TestPki.KeyPem(Client));
        var curl = Handle(server.Port, ("CURL.SetOptionSSLCert", pem), ("CURL.SetOptionIssuerCert", caFile));
        Assert.Equal("OK", Ok("CURL.Perform", curl));

        var other = files.Write("other-ca.pem", TestPki.CertPem(OtherCa));
        Ok("CURL.SetOptionIssuerCert", curl, other);
        var failed = Call("CURL.Perform", curl);
        Assert.Equal("83: SSL: Certificate issuer check failed", failed.Text);

        Ok("CURL.SetOptionIssuerCert", curl, "");
        Ok("CURL.SetOptionIssuerCertBlob", curl, TestPki.CertPem(Ca));
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Ok("CURL.SetOptionIssuerCertBlob", curl, TestPki.CertPem(OtherCa));
        Ok("CURL.SetOptionSSLVerifyPeer", curl, "0"); // as curl: the check only counts while the peer is verified
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Contains("SSL: Certificate issuer check failed, continuing anyway.", Debug(curl));
    }
}

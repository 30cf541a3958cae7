using System.Text.RegularExpressions;
using PluginBridge.Tests.Shared;
using Xunit.Abstractions;

namespace PluginBridge.PeerTests.Curl;

/// <summary>
/// CURL and SendMail through the published native library (pb_call), against the real peers: the article's token
/// request to oidc-provider, SendMail + CURL over Postfix with STARTTLS, TLS 1.2+ and XOAUTH2 checked by Dovecot,
/// and reading the mailbox back over Dovecot IMAP with the same token.
/// </summary>
[Collection("Peers")]
public sealed class CurlPeerTests(Peers peers, ITestOutputHelper output)
{
    static string Mbs(string name, params string[] args) => NativePlugin.Ok(name, args);

    static string Form(params (string Key, string Value)[] fields) =>
        string.Join("&", fields.Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}"));

    /// <summary>The article's "Query access token" script: POST the code with the client secret.</summary>
    string TokenRequest(string code, out string curl)
    {
        curl = Mbs("CURL.New");
        Mbs("CURL.SetOptionURL", curl, peers.TokenUrl);
        Mbs("CURL.SetOptionPostFields", curl,
            Form(("code", code), ("client_id", peers.ClientId), ("client_secret", peers.ClientSecret),
            ("grant_type", "authorization_code"), ("redirect_uri", peers.RedirectUri)), "UTF-8");
        Mbs("CURL.SetOptionHTTPHeader", curl, "application/x-www-form-urlencoded");
        var (text, isError) = NativePlugin.Call("CURL.Perform", curl);
        Assert.False(isError, text);
        return text;
    }

    [Fact]
    public async Task Token_request_with_an_authorization_code_returns_the_tokens_and_hides_the_secrets()
    {
        var code = await peers.OAuth.GetAuthorizationCodeAsync();

        Assert.Equal("OK", TokenRequest(code, out var curl));

        Assert.Equal("200", Mbs("CURL.GetResponseCode", curl));
        var tokens = TokenResponse.Parse(Mbs("CURL.GetResultAsText", curl));
        Assert.Equal("Bearer", tokens.TokenType);
        var debug = Mbs("CURL.GetDebugAsText", curl);
        output.WriteLine("token request debug transcript:\n" + debug.Replace('\r', '\n'));
        Assert.Contains("SSL certificate verify ok.", debug);
        Assert.Contains("POST /common/oauth2/v2.0/token HTTP/1.1", debug);
        Assert.DoesNotContain(peers.ClientSecret, debug);
        Assert.DoesNotContain(code, debug);
        Assert.Equal("OK", Mbs("CURL.Cleanup", curl));
    }

    [Fact]
    public void A_bad_code_is_OK_with_status_400_and_the_providers_JSON_error()
    {
        var curl = Mbs("CURL.New");
        Mbs("CURL.SetOptionCAInfo", curl, peers.CaFile); // the test CA alone also works
        Mbs("CURL.SetOptionURL", curl, peers.TokenUrl);
        Mbs("CURL.SetOptionPostFields", curl,
            Form(("code", "not-a-valid-code"), ("client_id", peers.ClientId), ("client_secret", peers.ClientSecret),
            ("grant_type", "authorization_code"), ("redirect_uri", peers.RedirectUri)));

        Assert.Equal("OK", Mbs("CURL.Perform", curl));

        Assert.Equal("400", Mbs("CURL.GetResponseCode", curl));
        var result = Mbs("CURL.GetResultAsText", curl);
        output.WriteLine("bad code result: " + result);
        Assert.Contains("\"error\":\"invalid_grant\"", result);
        Mbs("CURL.Release", curl);
    }

    /// <summary>The article's "Send email" script, with the peers' server and a fresh subject.</summary>
    string SendMail(string token, string subject, out string curl, string caInfo = "", bool rcptAllowFails = false)
    {
        var email = Mbs("SendMail.CreateEmail");
        Mbs("SendMail.SetFrom", email, peers.User, "Alice");
        Mbs("SendMail.SetPlainText", email, "Hello from CURL over Postfix with XOAUTH2.\rSecond line.");
        Mbs("SendMail.SetSubject", email, subject);
        Mbs("SendMail.SetSMTPServer", email, peers.SmtpHost);
        Mbs("SendMail.SetSMTPUsername", email, peers.User);
        Mbs("SendMail.AddTO", email, peers.User, "Alice");
        curl = Mbs("CURL.New");
        Mbs("SendMail.PrepareCURL", email, curl);
        Mbs("CURL.SetOptionPort", curl, peers.SmtpPort.ToString());
        Mbs("CURL.SetOptionUseSSL", curl, "3");
        Mbs("CURL.SetOptionSSLVersion", curl, "6");
        Mbs("CURL.SetOptionXOAuth2Bearer", curl, token);
        if (caInfo.Length > 0) Mbs("CURL.SetOptionCAInfo", curl, caInfo);
        if (rcptAllowFails) Mbs("CURL.SetOptionMailRcptAllowFails", curl, "1");
        var (text, _) = NativePlugin.Call("CURL.Perform", curl);
        Mbs("SendMail.Release", email);
        return text;
    }

    string Imap(string token, string url, string customRequest = "", params (string Option, string Value)[] options)
    {
        var curl = Mbs("CURL.New");
        try
        {
            Mbs("CURL.SetOptionURL", curl, url);
            foreach (var (option, value) in options) Mbs(option, curl, value);
            Mbs("CURL.SetOptionXOAuth2Bearer", curl, token);
            Mbs("CURL.SetOptionUserName", curl, peers.User);
            Mbs("CURL.SetOptionUseSSL", curl, "3");
            if (customRequest.Length > 0) Mbs("CURL.SetOptionCustomRequest", curl, customRequest);
            var (text, isError) = NativePlugin.Call("CURL.Perform", curl);
            Assert.False(isError, text + "\n" + Mbs("CURL.GetDebugMessages", curl));
            return Mbs("CURL.GetResultAsText", curl, "UTF-8", "1");
        }
        finally { Mbs("CURL.Release", curl); }
    }

    [Fact]
    public async Task A_valid_token_delivers_the_message_which_IMAP_reads_back_by_UID()
    {
        var token = (await peers.OAuth.GetTokensAsync()).AccessToken;
        var subject = "CURL peer test " + Guid.NewGuid().ToString("N");

        Assert.Equal("OK", SendMail(token, subject, out var curl));

        Assert.Equal("250", Mbs("CURL.GetResponseCode", curl));
        var debug = Mbs("CURL.GetDebugMessages", curl, "UTF-8");
        output.WriteLine("SMTP debug transcript:\n" + debug.Replace('\r', '\n'));
        Assert.Contains($"Connected to {peers.SmtpHost} ({peers.SmtpHost}) port {peers.SmtpPort}", debug);
        Assert.Contains("STARTTLS", debug);
        Assert.Matches(@"SSL connection using TLSv1\.[23] / ", debug);
        Assert.Contains("SSL certificate verify ok.", debug);
        Assert.Contains("AUTH XOAUTH2 [redacted]", debug);
        Assert.Contains("235 2.7.0 Authentication successful", debug);
        Assert.Contains($"MAIL FROM:<{peers.User}>", debug);
        Assert.Matches(@"250 2\.0\.0 Ok: queued as \w+", debug);
        Assert.DoesNotContain(token, debug);
        Assert.DoesNotContain(Convert.ToBase64String(
            System.Text.Encoding.UTF8.GetBytes($"user={peers.User}\u0001auth=Bearer {token}\u0001\u0001")), debug);
        Mbs("CURL.Release", curl);

        // Delivery over LMTP is asynchronous: search at most 20 times.
        var uid = "";
        for (var attempt = 0; attempt < 20 && uid.Length == 0; attempt++)
        {
            var search = Imap(token, $"{peers.ImapsUrl}/INBOX", $"UID SEARCH SUBJECT \"{subject}\"");
            uid = Regex.Match(search, @"^\* SEARCH (\d+)", RegexOptions.Multiline).Groups[1].Value;
            if (uid.Length == 0) await Task.Delay(250);
        }
        Assert.NotEqual("", uid);
        var message = Imap(token, $"{peers.ImapsUrl}/INBOX;UID={uid}");
        Assert.Contains($"Subject: {subject}", message);
        Assert.Contains("Hello from CURL over Postfix with XOAUTH2.", message);
        Assert.Contains("Received: from", message);
    }

    [Fact]
    public async Task With_CAInfo_STARTTLS_verifies_against_that_file_and_says_EHLO_again_under_TLS()
    {
        var token = (await peers.OAuth.GetTokensAsync()).AccessToken;
        Assert.Equal("OK", SendMail(token, "CAInfo peer test " + Guid.NewGuid().ToString("N"), out var curl,
            caInfo: peers.CaFile));
        var debug = Mbs("CURL.GetDebugMessages", curl, "UTF-8");
        output.WriteLine("SMTP CAInfo debug transcript:\n" + debug.Replace('\r', '\n'));
        Mbs("CURL.Release", curl);
        // Greeting once, EHLO, STARTTLS, the certificate checked, EHLO again (now offering AUTH), the mail queued.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(debug, "220 .*ESMTP"));
        Assert.Matches(@"(?s)EHLO .*STARTTLS.*220 2\.0\.0 .*SSL connection using TLSv1\.[23] / TLS_.*" +
            @"issuer: CN=PluginBridge Test CA.*SSL certificate verify ok\..*EHLO .*250-AUTH .*235 2\.7\.0 .*" +
            @"250 2\.0\.0 Ok: queued", debug);

        // MailRcptAllowFails runs another SMTP client: it trusts the same CAInfo file.
        Assert.Equal("OK", SendMail(token, "CAInfo, recipients may fail " + Guid.NewGuid().ToString("N"),
            out curl, caInfo: peers.CaFile, rcptAllowFails: true));
        Mbs("CURL.Release", curl);

        // Another CA as CAInfo: refused before anything is sent under TLS.
        var other = Path.Combine(Path.GetTempPath(), $"pb-peer-other-ca-{Guid.NewGuid():N}.pem");
        using (var key = System.Security.Cryptography.RSA.Create(2048))
        {
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Other CA", key,
                System.Security.Cryptography.HashAlgorithmName.SHA256,
                System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            using var ca =
                request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            File.WriteAllText(other, ca.ExportCertificatePem());
        }
        try
        {
            Assert.Equal("60: SSL certificate problem: unable to get local issuer certificate",
                SendMail(token, "never sent", out curl, caInfo: other));
            Assert.DoesNotContain("AUTH XOAUTH2", Mbs("CURL.GetDebugMessages", curl, "UTF-8"));
            Mbs("CURL.Release", curl);
            // MailRcptAllowFails runs another SMTP client: the same CAInfo check applies to it.
            Assert.Equal("60: SSL certificate problem: unable to get local issuer certificate",
                SendMail(token, "never sent", out curl, caInfo: other, rcptAllowFails: true));
            Mbs("CURL.Release", curl);
        }
        finally { File.Delete(other); }
    }

    [Fact]
    public void An_invalid_token_fails_with_the_servers_535_line()
    {
        // With the test CA as CAInfo: MailKit validates against it without revocation data.
        var text = SendMail("not-a-valid-token", "never sent", out var curl, caInfo: peers.CaFile);
        output.WriteLine("invalid token result: " + text);
        Assert.Equal("67", Mbs("CURL.ErrorCode", curl));
        Assert.Equal("67: Login denied (535 5.7.8 Error: authentication failed: (reason unavailable))", text);
        Assert.Equal("535", Mbs("CURL.GetResponseCode", curl));
        var debug = Mbs("CURL.GetDebugMessages", curl);
        output.WriteLine("invalid token debug transcript:\n" + debug.Replace('\r', '\n'));
        Assert.Contains("535 5.7.8 Error: authentication failed: (reason unavailable)", debug);
        Assert.DoesNotContain("not-a-valid-token", debug);
        Mbs("CURL.Release", curl);
    }

    [Fact]
    public async Task IMAP_lists_mailboxes_and_INBOX_over_STARTTLS()
    {
        var token = (await peers.OAuth.GetTokensAsync()).AccessToken;
        var list = Imap(token, $"imap://{peers.ImapHost}:{peers.ImapPort}/");
        Assert.Matches(@"^\* LIST \(.*\) ""."" INBOX\r\n", list);
        var status = Imap(token, $"imap://{peers.ImapHost}:{peers.ImapPort}/", "STATUS INBOX (MESSAGES)",
            ("CURL.SetOptionCAInfo", peers.CaFile));
        Assert.Matches(@"^\* STATUS INBOX \(MESSAGES \d+\)\r\n$", status);
    }

    [Fact]
    public async Task OAUTHBEARER_works_for_SMTP_and_IMAP_when_login_options_ask_for_it()
    {
        var token = (await peers.OAuth.GetTokensAsync()).AccessToken;
        var subject = "OAUTHBEARER peer test " + Guid.NewGuid().ToString("N");
        var curl = Mbs("CURL.New");
        Mbs("CURL.SetOptionURL", curl, $"{peers.SmtpUrl}");
        Mbs("CURL.SetOptionUseSSL", curl, "3");
        Mbs("CURL.SetOptionUserName", curl, peers.User);
        Mbs("CURL.SetOptionXOAuth2Bearer", curl, token);
        Mbs("CURL.SetOptionLoginOptions", curl, "AUTH=OAUTHBEARER");
        Mbs("CURL.SetOptionMailFrom", curl, $"<{peers.User}>");
        Mbs("CURL.SetOptionMailRecipients", curl, peers.User2);
        Mbs("CURL.SetOptionUpload", curl, "1");
        Mbs("CURL.SetInputText", curl,
            $"From: {peers.User}\r\nTo: {peers.User2}\r\nSubject: {subject}\r\n\r\nraw upload\r\n");
        var (text, isError) = NativePlugin.Call("CURL.Perform", curl);
        var debug = Mbs("CURL.GetDebugMessages", curl);
        Assert.False(isError, text + "\n" + debug);
        Assert.Contains("AUTH OAUTHBEARER [redacted]", debug);
        Assert.DoesNotContain(token, debug);
        Mbs("CURL.Release", curl);

        // bob's mailbox, read with bob's own token over IMAP OAUTHBEARER
        var bobToken = (await peers.OAuth.GetTokensAsync(peers.User2)).AccessToken;
        var found = "";
        for (var attempt = 0; attempt < 20 && found.Length == 0; attempt++)
        {
            var search = ImapAs(peers.User2, bobToken, $"{peers.ImapsUrl}/INBOX", $"UID SEARCH SUBJECT \"{subject}\"");
            found = Regex.Match(search, @"^\* SEARCH (\d+)", RegexOptions.Multiline).Groups[1].Value;
            if (found.Length == 0) await Task.Delay(250);
        }
        Assert.NotEqual("", found);
    }

    string ImapAs(string user, string token, string url, string customRequest)
    {
        var curl = Mbs("CURL.New");
        try
        {
            Mbs("CURL.SetOptionURL", curl, url);
            Mbs("CURL.SetOptionXOAuth2Bearer", curl, token);
            Mbs("CURL.SetOptionUserName", curl, user);
            Mbs("CURL.SetOptionLoginOptions", curl, "AUTH=OAUTHBEARER");
            Mbs("CURL.SetOptionCustomRequest", curl, customRequest);
            var (text, isError) = NativePlugin.Call("CURL.Perform", curl);
            var debug = Mbs("CURL.GetDebugMessages", curl);
            Assert.False(isError, text + "\n" + debug);
            Assert.Contains("AUTHENTICATE OAUTHBEARER [redacted]", debug);
            return Mbs("CURL.GetResultAsText", curl, "UTF-8", "1");
        }
        finally { Mbs("CURL.Release", curl); }
    }

    [Fact]
    public void IMAP_refuses_an_invalid_token_with_its_NO_line()
    {
        var curl = Mbs("CURL.New");
        Mbs("CURL.SetOptionURL", curl, $"{peers.ImapsUrl}/INBOX");
        Mbs("CURL.SetOptionXOAuth2Bearer", curl, "not-a-valid-token");
        Mbs("CURL.SetOptionUserName", curl, peers.User);
        var (text, isError) = NativePlugin.Call("CURL.Perform", curl);
        output.WriteLine("IMAP invalid token result: " + text);
        Assert.True(isError);
        Assert.Matches(@"^67: Login denied \(A\d{3} NO \[AUTHENTICATIONFAILED\] Authentication failed\.\)$", text);
        Mbs("CURL.Release", curl);
    }

    [Fact]
    public void A_server_certificate_from_an_unknown_CA_is_refused_with_60()
    {
        // Trust only the system CAs: the peers' certificate comes from the test CA.
        var curl = Mbs("CURL.New");
        Mbs("CURL.SetOptionCAInfo", curl, "/etc/ssl/certs/ca-certificates.crt");
        Mbs("CURL.SetOptionURL", curl, $"{peers.ImapsUrl}/INBOX");
        var (text, isError) = NativePlugin.Call("CURL.Perform", curl);
        output.WriteLine("untrusted CA result: " + text);
        Assert.True(isError);
        Assert.Equal("60: SSL certificate problem: unable to get local issuer certificate", text);
        Mbs("CURL.Release", curl);
    }
}

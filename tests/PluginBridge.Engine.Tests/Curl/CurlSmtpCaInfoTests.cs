using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>
/// SMTP with CAInfo set (TLS through OpenSSL on Linux, STARTTLS sent before MailKit takes over) against a scripted
/// server without STARTTLS: UseSSL 3 fails with curl's 64, UseSSL 1 sends in plain text with the greeting read and
/// logged once. The TLS side is in PluginBridge.PeerTests (Postfix).
/// </summary>
[Collection("host")]
public class CurlSmtpCaInfoTests
{
    static string Answer(string line) => line.Split(' ')[0].ToUpperInvariant() switch
    {
        "EHLO" => "250-mail.example.test\n250 8BITMIME",
        "MAIL" or "RCPT" => "250 2.1.0 Ok",
        "DATA" => "354 End data with <CR><LF>.<CR><LF>",
        "." => "250 2.0.0 Ok: queued as 4711",
        "QUIT" => "221 2.0.0 Bye",
        _ => "502 5.5.2 Error: command not recognized",
    };

    static string Handle(int port, string useSsl, string caInfo)
    {
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"smtp://127.0.0.1:{port}");
        Ok("CURL.SetOptionUseSSL", curl, useSsl);
        Ok("CURL.SetOptionCAInfo", curl, caInfo);
        Ok("CURL.SetOptionMailFrom", curl, "<alice@example.test>");
        Ok("CURL.SetOptionMailRecipients", curl, "<bob@example.test>");
        Ok("CURL.SetInputText", curl, "From: alice@example.test\r\n\r\nbody\r\n");
        return curl;
    }

    [Fact]
    public void StartTlsMissingIs64WhenRequiredAndPlainWhenOnlyWanted()
    {
        using var cert = LoopbackServer.SelfSigned();
        var pem = LoopbackServer.WritePem(cert);
        try
        {
            using var server = new LineServer("220 mail.example.test ESMTP", Answer);
            var curl = Handle(server.Port, "3", pem);
            Assert.Equal("64: STARTTLS not supported.", Call("CURL.Perform", curl).Text);
            Ok("CURL.Release", curl);

            curl = Handle(server.Port, "1", pem);
            Assert.Equal("OK", Ok("CURL.Perform", curl));
            Assert.StartsWith("220 mail.example.test ESMTP\r250-mail.example.test\r250 8BITMIME\r250-mail",
                Ok("CURL.GetHeaders", curl));
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(Debug(curl), "220 mail.example.test ESMTP"));
            Assert.Contains("250 2.0.0 Ok: queued as 4711", Debug(curl));
            Ok("CURL.Release", curl);
        }
        finally { File.Delete(pem); }
    }
}

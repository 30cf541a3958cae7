using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>
/// The SMTP client's envelope, data and failure mapping against a scripted plain-text SMTP peer. The real
/// server path (Postfix, STARTTLS, XOAUTH2 checked by Dovecot) is in PluginBridge.PeerTests/Curl.
/// </summary>
[Collection("host")]
public class CurlSmtpTests
{
    static string Smtp(string line, string rcptReply = "250 2.1.5 Ok",
        string authReply = "235 2.7.0 Authentication successful") =>
        line.Split(' ')[0].ToUpperInvariant() switch
        {
            "EHLO" => "250-mail.example.test\n250-AUTH PLAIN LOGIN\n250 8BITMIME",
            "AUTH" => authReply,
            "MAIL" => "250 2.1.0 Ok",
            "RCPT" => rcptReply,
            "DATA" => "354 End data with <CR><LF>.<CR><LF>",
            "RSET" => "250 2.0.0 Ok",
            "." => "250 2.0.0 Ok: queued as 4711",
            "QUIT" => "221 2.0.0 Bye",
            _ => "502 5.5.2 Error: command not recognized",
        };

    [Fact]
    public void SendMailPreparedHandleSendsEnvelopeAndMessage()
    {
        using var server = new LineServer("220 mail.example.test ESMTP", line => Smtp(line));
        var email = Ok("SendMail.CreateEmail");
        Ok("SendMail.SetFrom", email, "alice@example.test", "Alice");
        Ok("SendMail.AddTo", email, "bob@example.test", "Bob");
        Ok("SendMail.AddCC", email, "carol@example.test");
        Ok("SendMail.AddBCC", email, "dave@example.test");
        Ok("SendMail.SetSubject", email, "Hello");
        Ok("SendMail.SetPlainText", email, "Hi Bob");
        Ok("SendMail.SetSMTPServer", email, $"127.0.0.1:{server.Port}");
        Ok("SendMail.SetSMTPUsername", email, "alice@example.test");
        Ok("SendMail.SetSMTPPassword", email, "pa55word-secret");
        var curl = New();
        Ok("SendMail.PrepareCURL", email, curl);

        Assert.Equal("OK", Ok("CURL.Perform", curl));

        Assert.Equal("250", Ok("CURL.GetResponseCode", curl));
        Assert.StartsWith("220 mail.example.test ESMTP\r250-mail.example.test\r", Ok("CURL.GetHeaders", curl));
        Assert.Contains("\r250 2.0.0 Ok: queued as 4711\r", Ok("CURL.GetHeaders", curl));
        var lines = server.Received.ToArray();
        Assert.Contains(lines, l => l.StartsWith("AUTH PLAIN", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("MAIL FROM:<alice@example.test>", StringComparison.Ordinal));
        Assert.Equal(["RCPT TO:<bob@example.test>", "RCPT TO:<carol@example.test>", "RCPT TO:<dave@example.test>"],
            lines.Where(l => l.StartsWith("RCPT", StringComparison.Ordinal)).ToArray());
        var data = Assert.Single(lines, l => l.StartsWith("[data]", StringComparison.Ordinal));
        Assert.Contains("Subject: Hello", data);
        Assert.Contains("Hi Bob", data);
        Assert.DoesNotContain("dave@example.test", data); // BCC is envelope only

        var debug = Debug(curl);
        Assert.Contains("220 mail.example.test ESMTP", debug);
        Assert.Contains("MAIL FROM:<alice@example.test>", debug);
        Assert.Contains("250 2.0.0 Ok: queued as 4711", debug);
        Assert.Matches(@"\[message data: \d+ bytes\]", debug);
        Assert.Contains("AUTH PLAIN [redacted]", debug);
        Assert.DoesNotContain("pa55word-secret", debug);
        Assert.DoesNotContain("Hi Bob", debug); // the message itself is not copied into the transcript
        Ok("CURL.Release", curl);
        Ok("SendMail.Release", email);
    }

    [Fact]
    public void RejectedRecipientIs55WithTheServersLine()
    {
        using var server = new LineServer("220 mail.example.test ESMTP",
            line => Smtp(line, rcptReply: "550 5.1.1 <nobody@example.test>: Recipient address rejected"));
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"smtp://127.0.0.1:{server.Port}");
        Ok("CURL.SetOptionMailFrom", curl, "<alice@example.test>");
        Ok("CURL.SetOptionMailRecipients", curl, "nobody@example.test");
        Ok("CURL.SetOptionUpload", curl, "1");
        Ok("CURL.SetInputText", curl, "From: alice@example.test\r\nSubject: x\r\n\r\nbody\r\n");
        var r = Call("CURL.Perform", curl);
        Assert.True(r.IsError);
        Assert.Equal("55: RCPT failed: 550 (550 5.1.1 <nobody@example.test>: Recipient address rejected)", r.Text);
        Assert.Equal("550", Ok("CURL.GetResponseCode", curl));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void RejectedLoginIs67WithThe535Line()
    {
        using var server = new LineServer("220 mail.example.test ESMTP",
            line => Smtp(line, authReply: "535 5.7.8 Error: authentication failed: (reason unavailable)"));
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"smtp://127.0.0.1:{server.Port}");
        Ok("CURL.SetOptionUserName", curl, "alice@example.test");
        Ok("CURL.SetOptionPassword", curl, "wrong-password");
        Ok("CURL.SetOptionLoginOptions", curl, "AUTH=LOGIN");
        Ok("CURL.SetOptionMailRecipients", curl, "<bob@example.test>");
        Ok("CURL.SetInputText", curl, "From: alice@example.test\r\n\r\nbody\r\n");
        var r = Call("CURL.Perform", curl);
        Assert.Equal("67: Login denied (535 5.7.8 Error: authentication failed: (reason unavailable))", r.Text);
        Assert.True(r.IsError);
        Assert.Equal("535", Ok("CURL.GetResponseCode", curl));
        var debug = Debug(curl);
        Assert.Contains("535 5.7.8 Error: authentication failed: (reason unavailable)", debug);
        Assert.DoesNotContain(Convert.ToBase64String("wrong-password"u8.ToArray()), debug);
        Assert.Contains(server.Received,
            l => l == "AUTH LOGIN" || l.StartsWith("AUTH LOGIN ", StringComparison.Ordinal));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void RequiredStartTlsThatTheServerLacksIs64()
    {
        using var server = new LineServer("220 mail.example.test ESMTP", line => Smtp(line));
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"smtp://127.0.0.1:{server.Port}");
        Ok("CURL.SetOptionUseSSL", curl, "3");
        Ok("CURL.SetOptionMailRecipients", curl, "<bob@example.test>");
        Ok("CURL.SetInputText", curl, "From: alice@example.test\r\n\r\nbody\r\n");
        Assert.Equal("64: STARTTLS not supported.", Call("CURL.Perform", curl).Text);
        Ok("CURL.Release", curl);
    }

    [Theory]
    [InlineData("AUTH=LOGIN;x", "AUTH LOGIN")] // read as SaslPayloads reads it for IMAP and POP3: ";…" is not the name
    [InlineData("auth=plain", "AUTH PLAIN")]
    public void LoginOptionsPickTheMechanismAsForImapAndPop3(string loginOptions, string expected)
    {
        using var server = new LineServer("220 mail.example.test ESMTP", line => Smtp(line));
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"smtp://127.0.0.1:{server.Port}");
        Ok("CURL.SetOptionUserName", curl, "alice@example.test");
        Ok("CURL.SetOptionPassword", curl, "pa55word-secret");
        Ok("CURL.SetOptionLoginOptions", curl, loginOptions);
        Ok("CURL.SetOptionMailFrom", curl, "<alice@example.test>");
        Ok("CURL.SetOptionMailRecipients", curl, "bob@example.test");
        Ok("CURL.SetOptionUpload", curl, "1");
        Ok("CURL.SetInputText", curl, "From: alice@example.test\r\nSubject: x\r\n\r\nbody\r\n");
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Contains(server.Received, l => l.StartsWith(expected, StringComparison.Ordinal));
        Ok("CURL.Release", curl);
    }
}

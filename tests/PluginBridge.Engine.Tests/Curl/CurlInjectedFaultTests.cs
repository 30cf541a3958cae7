using System.Text;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>
/// Fault injection on loopback (issue 13 item 5): servers that refuse at MAIL/RCPT/DATA, drop the connection
/// mid-DATA or mid-APPEND, answer garbage, break TLS, or end an HTTP body early. Each ends in curl's code with the
/// server's reply where there is one, IsError set — never "OK" for a mail or message the server did not accept.
/// </summary>
[Collection("host")]
public class CurlInjectedFaultTests
{
    const string Message = "From: alice@example.test\r\nTo: bob@example.test\r\nSubject: x\r\n\r\nbody\r\n";

    static Func<string, string> Smtp(Func<string, string?> special) => line => special(line)
        ?? line.Split(' ')[0].ToUpperInvariant() switch
    {
        "EHLO" => "250-mail.example.test\n250 PIPELINING",
        "MAIL" or "RCPT" or "RSET" => "250 2.1.0 Ok",
        "DATA" => "354 End data with <CR><LF>.<CR><LF>",
        "." => "250 2.0.0 Ok: queued as 4711",
        "QUIT" => "221 2.0.0 Bye",
        _ => "502 5.5.2 Error: command not recognized",
    };

    static (string Text, bool IsError, string Debug) Send(int port, string scheme = "smtp",
        params (string Option, string Value)[] options)
    {
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"{scheme}://127.0.0.1:{port}");
        Ok("CURL.SetOptionMailFrom", curl, "<alice@example.test>");
        Ok("CURL.SetOptionMailRecipients", curl, "<bob@example.test>", "<carol@example.test>");
        Ok("CURL.SetOptionUpload", curl, "1");
        Ok("CURL.SetInputText", curl, Message);
        Ok("CURL.SetOptionTimeoutMS", curl, "10000");
        foreach (var (option, value) in options) Ok(option, curl, value);
        var r = Call("CURL.Perform", curl);
        var debug = Debug(curl);
        if (r.IsError) Assert.Equal(r.Text, Ok("CURL.ErrorCode", curl) + ": " + Ok("CURL.ErrorMessage", curl));
        Ok("CURL.Release", curl);
        return (r.Text, r.IsError, debug);
    }

    [Fact]
    public void TemporaryRefusalAtMailIs55WithThe451Line()
    {
        using var server = new LineServer("220 mail.example.test ESMTP",
            Smtp(l => l.StartsWith("MAIL") ? "451 4.3.0 Try again later" : null));
        var (text, isError, _) = Send(server.Port);
        Assert.True(isError);
        Assert.Equal("55: MAIL failed: 451 (451 4.3.0 Try again later)", text);
    }

    [Fact]
    public void RefusalAfterDataIs55WithThe554Line()
    {
        using var server =
            new LineServer("220 mail.example.test ESMTP", Smtp(l => l == "." ? "554 5.7.1 Rejected as spam" : null));
        var (text, isError, _) = Send(server.Port);
        Assert.True(isError);
        Assert.Equal("55: DATA failed: 554 (554 5.7.1 Rejected as spam)", text);
    }

    [Fact]
    public void OneRefusedRecipientFailsUnlessMailRcptAllowFails()
    {
        static string? RefuseBob(string l) => l == "RCPT TO:<bob@example.test>"
            ? "550 5.1.1 <bob@example.test>: Recipient address rejected" : null;
        using (var server = new LineServer("220 mail.example.test ESMTP", Smtp(RefuseBob)))
        {
            var (text, isError, _) = Send(server.Port);
            Assert.True(isError);
            Assert.Equal("55: RCPT failed: 550 (550 5.1.1 <bob@example.test>: Recipient address rejected)", text);
            Assert.DoesNotContain(server.Received, l => l.StartsWith("[data]", StringComparison.Ordinal));
        }
        using (var server = new LineServer("220 mail.example.test ESMTP", Smtp(RefuseBob)))
        {
            var (text, isError, debug) = Send(server.Port, options: ("CURL.SetOptionMailRcptAllowFails", "1"));
            Assert.False(isError, text);
            Assert.Contains("RCPT failed for <bob@example.test>: 550", debug);
            Assert.Single(server.Received, l => l.StartsWith("[data]", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void AllRecipientsRefusedFailsEvenWithMailRcptAllowFails()
    {
        using var server = new LineServer("220 mail.example.test ESMTP",
            Smtp(l => l.StartsWith("RCPT") ? "550 5.1.1 Recipient address rejected" : null));
        var (text, isError, _) = Send(server.Port, options: ("CURL.SetOptionMailRcptAllowFails", "1"));
        Assert.True(isError);
        Assert.Equal("55: RCPT failed: 550 (550 5.1.1 Recipient address rejected)", text);
        Assert.DoesNotContain(server.Received, l => l.StartsWith("[data]", StringComparison.Ordinal));
    }

    [Fact]
    public void ConnectionDroppedMidDataIsNeverOk()
    {
        using var server = new LoopbackServer(async (s, c) =>
        {
            var reader = new StreamReader(s, Encoding.ASCII);
            async Task W(
                string t) { await s.WriteAsync(Encoding.ASCII.GetBytes(t + "\r\n"), c); await s.FlushAsync(c); }
            await W("220 mail.example.test ESMTP");
            while (await reader.ReadLineAsync(c) is { } line)
            {
                var verb = line.Split(' ')[0].ToUpperInvariant();
                if (verb == "EHLO") await W("250 mail.example.test");
                // hang up inside the data
                else if (verb == "DATA") { await W("354 go ahead"); await reader.ReadLineAsync(c); return; }
                else await W("250 Ok");
            }
        });
        var (text, isError, _) = Send(server.Port);
        Assert.True(isError, text);
        Assert.Matches(@"^(55|56): ", text);
    }

    [Fact]
    public void GarbageGreetingIsWeirdServerReply()
    {
        using var server = new LoopbackServer(async (s, c) =>
            { await s.WriteAsync("garbage without a code\r\n"u8.ToArray(), c); await Task.Delay(5000, c); });
        var (text, isError, _) = Send(server.Port);
        Assert.True(isError);
        Assert.StartsWith("8: ", text);
    }

    [Fact]
    public void TlsHandshakeAgainstAPlainServerIs35()
    {
        using var server = new LoopbackServer(async (s, c) =>
            { await s.WriteAsync("220 not TLS at all\r\n"u8.ToArray(), c); await Task.Delay(5000, c); });
        var (text, isError, _) = Send(server.Port, "smtps");
        Assert.True(isError);
        Assert.StartsWith("35: ", text);
    }

    [Fact]
    public void ImapDisconnectDuringAppendIs56()
    {
        using var server = new LoopbackServer(async (s, c) =>
        {
            var reader = new StreamReader(s, Encoding.ASCII);
            async Task W(
                string t) { await s.WriteAsync(Encoding.ASCII.GetBytes(t + "\r\n"), c); await s.FlushAsync(c); }
            await W("* OK ready");
            while (await reader.ReadLineAsync(c) is { } line)
            {
                var tag = line.Split(' ')[0];
                if (line.Contains("CAPABILITY")) await W($"* CAPABILITY IMAP4rev1\r\n{tag} OK done");
                // gone before the tagged reply
                else if (line.Contains("APPEND")) { await W("+ OK"); await reader.ReadLineAsync(c); return; }
                else await W($"{tag} OK");
            }
        });
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"imap://127.0.0.1:{server.Port}/Sent");
        Ok("CURL.SetOptionUpload", curl, "1");
        Ok("CURL.SetInputText", curl, Message);
        var r = Call("CURL.Perform", curl);
        Assert.True(r.IsError);
        Assert.StartsWith("56: Recv failure", r.Text);
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void HttpBodyShorterThanContentLengthIs18()
    {
        using var server = new LoopbackServer(async (s, c) =>
        {
            await Http.ReadAsync(s, c);
            await s.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b"u8.ToArray(), c);
        });
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/");
        var r = Call("CURL.Perform", curl);
        Assert.True(r.IsError);
        Assert.Equal("18: transfer closed with outstanding read data remaining (10 bytes received)", r.Text);
        Assert.Equal("200", Ok("CURL.GetResponseCode", curl));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void HttpChunkedBodyCutOffIs18()
    {
        using var server = new LoopbackServer(async (s, c) =>
        {
            await Http.ReadAsync(s, c);
            await s.WriteAsync(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n10\r\nonly a part"u8.ToArray(), c);
        });
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/");
        var r = Call("CURL.Perform", curl);
        Assert.True(r.IsError);
        Assert.StartsWith("18: transfer closed", r.Text);
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void HttpGarbageReplyIs8()
    {
        using var server = new LoopbackServer(async (s, c) =>
            { await Http.ReadAsync(s, c); await s.WriteAsync("SMTP? 220 hello\r\n\r\n"u8.ToArray(), c); });
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/");
        var r = Call("CURL.Perform", curl);
        Assert.True(r.IsError);
        Assert.StartsWith("8: Weird server reply", r.Text);
        Ok("CURL.Release", curl);
    }
}

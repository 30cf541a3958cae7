using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>
/// Connection reuse per CURL handle, as libcurl does it, against scripted SMTP peers on 127.0.0.1 that count
/// their connections: later mails are new transactions on the kept session, a connection the server dropped is
/// replaced once, FreshConnect / ForbidReuse open new ones, Release sends QUIT. Postfix: PeerTests/Curl.
/// </summary>
[Collection("host")]
public class CurlReuseTests
{
    static string Smtp(string line) => line.Split(' ')[0].ToUpperInvariant() switch
    {
        "EHLO" => "250-mail.example.test\n250-AUTH PLAIN\n250 8BITMIME",
        "AUTH" => "235 2.7.0 Authentication successful",
        "MAIL" => "250 2.1.0 Ok",
        "RCPT" => "250 2.1.5 Ok",
        "DATA" => "354 End data with <CR><LF>.<CR><LF>",
        "." => "250 2.0.0 Ok: queued",
        "QUIT" => "221 2.0.0 Bye",
        _ => "502 5.5.2 Error: command not recognized",
    };

    static string MailHandle(int port)
    {
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"smtp://127.0.0.1:{port}");
        Ok("CURL.SetOptionUserName", curl, "alice@example.test");
        Ok("CURL.SetOptionPassword", curl, "secret");
        Ok("CURL.SetOptionMailFrom", curl, "<alice@example.test>");
        Ok("CURL.SetOptionMailRecipients", curl, "<bob@example.test>");
        Ok("CURL.SetOptionUpload", curl, "1");
        Ok("CURL.SetInputText", curl, "From: alice@example.test\r\nSubject: reuse\r\n\r\nbody\r\n");
        return curl;
    }

    static int Count(LineServer server, string verb) =>
        server.Received.Count(l => l.StartsWith(verb, StringComparison.Ordinal));

    [Fact]
    public void MailsOnOneHandleShareOneLoggedInConnectionUntilRelease()
    {
        using var server = new LineServer("220 mail.example.test ESMTP", Smtp);
        var curl = MailHandle(server.Port);
        for (var i = 0; i < 3; i++) Assert.Equal("OK", Ok("CURL.Perform", curl));

        Assert.Equal(1, server.Connections);
        Assert.Equal(1, Count(server, "AUTH"));
        Assert.Equal(3, Count(server, "MAIL FROM:<alice@example.test>"));
        Assert.Equal(0, Count(server, "QUIT"));
        var debug = Debug(curl);
        Assert.StartsWith("Re-using existing connection #0 with host 127.0.0.1\n", debug);
        Assert.Contains("Connection #0 to host 127.0.0.1 left intact", debug);
        Assert.Equal("250", Ok("CURL.GetResponseCode", curl));
        Assert.DoesNotContain("220 mail.example.test", Ok("CURL.GetHeaders", curl)); // only this transfer's replies

        Ok("CURL.Release", curl);
        Assert.Equal(1, Count(server, "QUIT")); // Release closes it politely, as curl_easy_cleanup
    }

    [Fact]
    public void AConnectionTheServerDroppedIsReplacedOnce()
    {
        var mails = 0;
        // The second MAIL FROM on the first connection is met by a hang-up, as a server that timed the session out.
        using var server = new LineServer("220 mail.example.test ESMTP", Smtp,
            line => line.StartsWith("MAIL", StringComparison.Ordinal) && Interlocked.Increment(ref mails) == 2);
        var curl = MailHandle(server.Port);
        Assert.Equal("OK", Ok("CURL.Perform", curl));

        Assert.Equal("OK", Ok("CURL.Perform", curl));

        Assert.Equal(2, server.Connections);
        var debug = Debug(curl);
        Assert.Contains("Re-using existing connection #0 with host 127.0.0.1", debug);
        Assert.Contains("Connection died, retrying a fresh connect (retry count: 1)", debug);
        Assert.Equal(2, Count(server, "[data]"));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void AServerThatTimedTheSessionOutBetweenPerformsIsReplaced()
    {
        using var server = new LineServer("220 mail.example.test ESMTP",
            line => line == "." ? "250 2.0.0 Ok: queued\n421 4.4.2 mail.example.test Error: timeout exceeded"
                : Smtp(line));
        var curl = MailHandle(server.Port);
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        // Seen before sending (the socket is closed) or as the 421 answering MAIL FROM: replaced either way.
        Assert.Equal("OK", Ok("CURL.Perform", curl));

        Assert.Equal(2, server.Connections);
        Assert.Matches("seems to be dead, closing it|Connection died, retrying a fresh connect", Debug(curl));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void FreshConnectAndForbidReuseOpenNewConnections()
    {
        using var server = new LineServer("220 mail.example.test ESMTP", Smtp);
        var curl = MailHandle(server.Port);
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        FreshConnectThenForbidReuse(curl, () => Assert.Equal("OK", Ok("CURL.Perform", curl)), () =>
        {
            Assert.Equal(2, server.Connections);
            Assert.Equal(1, Count(server, "QUIT")); // the first connection, closed for the fresh one
        });
        Assert.Equal(3, server.Connections);
        Assert.Equal(3, Count(server, "QUIT"));
        Assert.Contains("Closing connection #0 (CURL.SetOptionForbidReuse)", Debug(curl));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void AnotherLoginOpensAnotherConnection()
    {
        using var server = new LineServer("220 mail.example.test ESMTP", Smtp);
        var curl = MailHandle(server.Port);
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Ok("CURL.SetOptionUserName", curl, "carol@example.test");
        Assert.Equal("OK", Ok("CURL.Perform", curl));

        Assert.Equal(2, server.Connections);
        Assert.Equal(2, Count(server, "AUTH"));
        Ok("CURL.Release", curl);
    }

    /// <summary>An HTTP/1.1 server that keeps each connection open for further requests (closes when asked to);
    /// with <paramref name="interim"/> an interim head (103 Early Hints) comes before each response.</summary>
    static LoopbackServer KeepAliveServer(bool closeAfterEach = false, string interim = "") => new(async (s, cancel) =>
    {
        while (true)
        {
            try { await Http.ReadAsync(s, cancel); }
            catch (EndOfStreamException) { return; }
            var close = closeAfterEach ? "Connection: close\r\n" : "";
            await s.WriteAsync(System.Text.Encoding.ASCII.GetBytes(
                $"{interim}HTTP/1.1 200 OK\r\nContent-Length: 2\r\n{close}\r\nhi"), cancel);
            if (closeAfterEach) return;
        }
    });

    /// <summary>On a kept plain connection the heads are recorded by the socket stream itself: each transfer gets
    /// its own interim and final head, once.</summary>
    [Fact]
    public void HeadsOnAKeptConnectionAreEachTransfersOwnOnce()
    {
        using var server = KeepAliveServer(interim: "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n");
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/a");
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("OK", Ok("CURL.Perform", curl));
            Assert.Equal("HTTP/1.1 103 Early Hints\rLink: </a.css>\r\rHTTP/1.1 200 OK\rContent-Length: 2\r\r",
                Ok("CURL.GetHeaders", curl));
            Assert.Equal("hi", Ok("CURL.GetResultAsText", curl));
        }
        Assert.Equal(1, server.Connections);
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void HttpRequestsOnOneHandleShareAKeepAliveConnection()
    {
        using var server = KeepAliveServer();
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/a");
        for (var i = 0; i < 3; i++) Assert.Equal("OK", Ok("CURL.Perform", curl));

        Assert.Equal(1, server.Connections);
        Assert.Equal("hi", Ok("CURL.GetResultAsText", curl));
        var debug = Debug(curl);
        Assert.StartsWith("Re-using existing connection #0 with host 127.0.0.1\nGET /a HTTP/1.1", debug);
        Assert.DoesNotContain("Trying", debug);

        Ok("CURL.SetOptionForbidReuse", curl, "1");
        Assert.Equal("OK", Ok("CURL.Perform", curl)); // the kept one, closed afterwards
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Equal(2, server.Connections);
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void HttpAfterTheServerClosedConnectsAgain()
    {
        using var server = KeepAliveServer(closeAfterEach: true);
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/");
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Equal("OK", Ok("CURL.Perform", curl));

        Assert.Equal(2, server.Connections);
        Assert.Contains("Trying 127.0.0.1", Debug(curl));
        Ok("CURL.Release", curl);
    }
}

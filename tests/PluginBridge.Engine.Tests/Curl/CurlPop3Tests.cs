using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>POP3 URL forms against a scripted peer (no POP3 server runs among the real peers).</summary>
[Collection("host")]
public class CurlPop3Tests
{
    static string Pop3(string line) => line.Split(' ')[0].ToUpperInvariant() switch
    {
        "CAPA" => "+OK\nUSER\nUIDL\n.",
        "USER" => "+OK",
        "PASS" => line == "PASS right-secret" ? "+OK logged in" : "-ERR [AUTH] Authentication failed.",
        "LIST" => "+OK 2 messages\n1 120\n2 80\n.",
        "RETR" => "+OK 42 octets\nSubject: hi\n\n..dot-stuffed line\nbody\n.",
        "QUIT" => "+OK bye",
        _ => "-ERR unknown command",
    };

    static string Pop3Handle(int port, string password)
    {
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"pop3://127.0.0.1:{port}/");
        Ok("CURL.SetOptionUserName", curl, "alice");
        Ok("CURL.SetOptionPassword", curl, password);
        return curl;
    }

    [Fact]
    public void ListsAndRetrievesMessages()
    {
        using var server = new LineServer("+OK POP3 ready", Pop3);
        var curl = Pop3Handle(server.Port, "right-secret");
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Equal("1 120\r\n2 80\r\n", Ok("CURL.GetResultAsText", curl, "UTF-8", "1"));
        var debug = Debug(curl);
        Assert.Contains("PASS [redacted]", debug);
        Assert.DoesNotContain("right-secret", debug);

        Ok("CURL.SetOptionURL", curl, $"pop3://127.0.0.1:{server.Port}/1");
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Equal("Subject: hi\r\n\r\n.dot-stuffed line\r\nbody\r\n",
            Ok("CURL.GetResultAsText", curl, "UTF-8", "1"));
        // The second Perform reuses the logged-in session, as curl does: no new greeting, CAPA or login.
        Assert.StartsWith("Re-using existing connection #0 with host 127.0.0.1\n", Debug(curl));
        Assert.Equal(["CAPA", "USER alice", "PASS right-secret", "LIST", "RETR 1"], server.Received.ToArray());
        Ok("CURL.Release", curl);
        Assert.Equal(1, server.Connections);
        Assert.Equal("QUIT", server.Received.Last()); // Release closes it with QUIT: DELE takes effect only then
    }

    [Fact]
    public void FreshConnectAndForbidReuseOpenNewSessions()
    {
        using var server = new LineServer("+OK POP3 ready", Pop3);
        var curl = Pop3Handle(server.Port, "right-secret");
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        FreshConnectThenForbidReuse(curl, () => Assert.Equal("OK", Ok("CURL.Perform", curl)), () =>
        {
            Assert.Equal(2, server.Connections);
            Assert.Equal(1, server.Received.Count(l => l == "QUIT")); // the first session, closed for the fresh one
        });
        Assert.Equal(3, server.Connections);
        Assert.Equal(3, server.Received.Count(l => l == "QUIT"));
        Assert.Equal(3, server.Received.Count(l => l == "USER alice"));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void WrongPasswordIs67WithTheServersReply()
    {
        using var server = new LineServer("+OK POP3 ready", Pop3);
        var curl = Pop3Handle(server.Port, "wrong");
        Assert.Equal("67: Login denied (-ERR [AUTH] Authentication failed.)", Call("CURL.Perform", curl).Text);
        Ok("CURL.Release", curl);
    }
}

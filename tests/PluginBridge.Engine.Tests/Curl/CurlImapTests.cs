using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>
/// IMAP paths the real Dovecot peer does not take (LOGIN with a password, AUTHENTICATE without SASL-IR, refused
/// SELECT and custom commands) against a scripted peer; the XOAUTH2 path against Dovecot is in PeerTests/Curl.
/// </summary>
[Collection("host")]
public class CurlImapTests
{
    const string Literal = "Subject: x\r\n\r\nliteral body\r\n";

    static Func<string, string> Imap()
    {
        var tag = "";
        return line =>
        {
            if (!line.StartsWith('A')) return $"{tag} OK Logged in"; // the SASL response line after "+"
            tag = line.Split(' ')[0];
            var command = line[(tag.Length + 1)..];
            return command switch
            {
                "CAPABILITY" => $"* CAPABILITY IMAP4rev1 AUTH=XOAUTH2\n{tag} OK done",
                "LOGIN \"alice\" \"right\"" => $"{tag} OK Logged in",
                _ when command.StartsWith("LOGIN ") => $"{tag} NO [AUTHENTICATIONFAILED] Authentication failed.",
                "AUTHENTICATE XOAUTH2" => "+ ",
                "SELECT INBOX" => $"* 2 EXISTS\n{tag} OK [READ-WRITE] Select completed.",
                _ when command.StartsWith("SELECT ") => $"{tag} NO Mailbox doesn't exist: {command[7..]}",
                "UID FETCH 7 BODY[]" => $"* 1 FETCH (UID 7 BODY[] {{{Literal.Length}}}" +
                    $"\n{Literal.TrimEnd('\r', '\n').Replace("\r\n", "\n")}\n)\n{tag} OK Fetch completed.",
                "LIST \"\" *" => $"* LIST (\\HasNoChildren) \".\" INBOX\n* LIST (\\HasNoChildren) \".\" Sent\n{tag} " +
                    $"OK List completed.",
                "LOGOUT" => $"* BYE Logging out\n{tag} OK Logout completed.",
                _ => $"{tag} BAD Error in IMAP command {command.Split(' ')[0]}: Unknown command.",
            };
        };
    }

    static string Handle(int port, string path, params (string Option, string Value)[] options)
    {
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"imap://127.0.0.1:{port}/{path}");
        foreach (var (option, value) in options) Ok(option, curl, value);
        return curl;
    }

    [Fact]
    public void PasswordLoginListsAndFetchesByUid()
    {
        using var server = new LineServer("* OK IMAP ready", Imap());
        var curl = Handle(server.Port, "", ("CURL.SetOptionUserName", "alice"), ("CURL.SetOptionPassword", "right"));
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Equal("* LIST (\\HasNoChildren) \".\" INBOX\r\n* LIST (\\HasNoChildren) \".\" Sent\r\n",
            Ok("CURL.GetResultAsText", curl, "UTF-8", "1"));
        Assert.Contains("A002 LOGIN \"alice\" [redacted]", Debug(curl));
        Assert.DoesNotContain("right", Debug(curl));

        Ok("CURL.SetOptionURL", curl, $"imap://127.0.0.1:{server.Port}/INBOX;UID=7");
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Equal(Literal, Ok("CURL.GetResultAsText", curl, "UTF-8", "1"));
        // The second Perform reuses the logged-in session, as curl does: no new greeting, CAPABILITY or LOGIN.
        Assert.Equal(["A001 CAPABILITY", "A002 LOGIN \"alice\" \"right\"", "A003 LIST \"\" *", "A004 SELECT INBOX",
            "A005 UID FETCH 7 BODY[]"], server.Received.ToArray());
        Assert.Equal(1, server.Connections);
        Assert.StartsWith("Re-using existing connection #0 with host 127.0.0.1\n", Debug(curl));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void FreshConnectAndForbidReuseOpenNewSessions()
    {
        using var server = new LineServer("* OK IMAP ready", Imap());
        var curl = Handle(server.Port, "", ("CURL.SetOptionUserName", "alice"), ("CURL.SetOptionPassword", "right"));
        int Logins() => server.Received.Count(l => l.Contains(" LOGIN ", StringComparison.Ordinal));
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        FreshConnectThenForbidReuse(curl, () => Assert.Equal("OK", Ok("CURL.Perform", curl)),
            () => Assert.Equal((2, 2), (server.Connections, Logins())));
        Assert.Equal(3, server.Connections);
        Assert.Equal(3, Logins());
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void BearerWithoutSaslIrIsSentAfterThePrompt()
    {
        using var server = new LineServer("* OK IMAP ready", Imap());
        var curl = Handle(server.Port, "", ("CURL.SetOptionUserName", "alice"),
            ("CURL.SetOptionXOAuth2Bearer", "token-abcdef"));
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        var payload = Convert.ToBase64String("user=alice\u0001auth=Bearer token-abcdef\u0001\u0001"u8.ToArray());
        Assert.Contains(payload, server.Received);
        Assert.DoesNotContain(payload, Debug(curl));
        Assert.DoesNotContain("token-abcdef", Debug(curl));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void RefusalsCarryTheServersLine()
    {
        using var server = new LineServer("* OK IMAP ready", Imap());
        var curl = Handle(server.Port, "", ("CURL.SetOptionUserName", "alice"), ("CURL.SetOptionPassword", "wrong"));
        Assert.Equal("67: Login denied (A002 NO [AUTHENTICATIONFAILED] Authentication failed.)",
            Call("CURL.Perform", curl).Text);

        Ok("CURL.SetOptionPassword", curl, "right");
        Ok("CURL.SetOptionURL", curl, $"imap://127.0.0.1:{server.Port}/Nope;UID=1");
        // curl's code for a failed SELECT
        Assert.Equal("67: Select failed (A003 NO Mailbox doesn't exist: Nope)", Call("CURL.Perform", curl).Text);

        Ok("CURL.SetOptionURL", curl, $"imap://127.0.0.1:{server.Port}/");
        Ok("CURL.SetOptionCustomRequest", curl, "FROB 1");
        Assert.Equal("21: Quote command returned error (A003 BAD Error in IMAP command FROB: Unknown command.)",
            Call("CURL.Perform", curl).Text);
        Ok("CURL.Release", curl);
    }
}

using System.Text.RegularExpressions;
using PluginBridge.Tests.Shared;
using Xunit.Abstractions;

namespace PluginBridge.PeerTests.Curl;

/// <summary>
/// Connection reuse per CURL handle against Postfix (STARTTLS, XOAUTH2 checked by Dovecot), counted where the
/// server sees it: the submission service's "connect from" lines in the log the peers' Postfix writes
/// (tests/e2e/peers/postfix-setup.sh sets maillog_file).
/// </summary>
[Collection("Peers")]
public sealed partial class CurlReusePeerTests(Peers peers, ITestOutputHelper output)
{
    const string PostfixLog = "/var/log/postfix.log";

    static string Mbs(string name, params string[] args) => NativePlugin.Ok(name, args);

    string MailHandle(string token, string subject)
    {
        var email = Mbs("SendMail.CreateEmail");
        Mbs("SendMail.SetFrom", email, peers.User, "Alice");
        Mbs("SendMail.SetPlainText", email, "One of many mails on one CURL handle.");
        Mbs("SendMail.SetSubject", email, subject);
        Mbs("SendMail.SetSMTPServer", email, peers.SmtpHost);
        Mbs("SendMail.SetSMTPUsername", email, peers.User);
        Mbs("SendMail.AddTO", email, peers.User, "Alice");
        var curl = Mbs("CURL.New");
        Mbs("SendMail.PrepareCURL", email, curl);
        Mbs("SendMail.Release", email);
        Mbs("CURL.SetOptionPort", curl, peers.SmtpPort.ToString());
        Mbs("CURL.SetOptionUseSSL", curl, "3");
        Mbs("CURL.SetOptionXOAuth2Bearer", curl, token);
        return curl;
    }

    static long LogLength() => new FileInfo(PostfixLog).Length;

    /// <summary>Submission connects and disconnects logged since <paramref name="from"/>, once every connection has
    /// been logged as closed (Postfix logs through postlogd, a little after the fact; bounded wait).</summary>
    static int ConnectionsSince(long from, int atLeast)
    {
        var (connects, disconnects) = (0, 0);
        for (var i = 0; i < 100; i++)
        {
            using var log = new FileStream(PostfixLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            log.Seek(from, SeekOrigin.Begin);
            var text = new StreamReader(log).ReadToEnd();
            connects = SubmissionConnect().Count(text);
            disconnects = SubmissionDisconnect().Count(text);
            if (connects >= atLeast && connects == disconnects) break;
            Thread.Sleep(100);
        }
        return connects;
    }

    [GeneratedRegex(@"postfix/submission/smtpd\[\d+\]: connect from ")]
    private static partial Regex SubmissionConnect();

    [GeneratedRegex(@"postfix/submission/smtpd\[\d+\]: disconnect from ")]
    private static partial Regex SubmissionDisconnect();

    /// <summary>The command counts Postfix logs when a submission connection closes, e.g. "ehlo=2 starttls=1 auth=1
    /// mail=200 rcpt=200 data=200 quit=1 commands=605", for every connection closed since <paramref name="from"/>.
    /// </summary>
    static List<string> CommandCountsSince(long from)
    {
        using var log = new FileStream(PostfixLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        log.Seek(from, SeekOrigin.Begin);
        var text = new StreamReader(log).ReadToEnd();
        return [.. SubmissionCommandCounts().Matches(text).Select(m => m.Groups[1].Value.Trim())];
    }

    [GeneratedRegex(@"postfix/submission/smtpd\[\d+\]: disconnect from \S+ (.*)")]
    private static partial Regex SubmissionCommandCounts();

    [Fact]
    public async Task Two_hundred_mails_on_one_handle_use_one_Postfix_connection()
    {
        var token = (await peers.OAuth.GetTokensAsync()).AccessToken;
        var from = LogLength();
        var curl = MailHandle(token, "reuse " + Guid.NewGuid().ToString("N"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 200; i++)
        {
            var (text, isError) = NativePlugin.Call("CURL.Perform", curl);
            Assert.False(isError, $"mail {i}: {text}\n{Mbs("CURL.GetDebugMessages", curl)}");
        }
        output.WriteLine($"200 mails in {clock.ElapsedMilliseconds} ms on one handle");
        Assert.Equal("250", Mbs("CURL.GetResponseCode", curl));
        var debug = Mbs("CURL.GetDebugMessages", curl);
        Assert.Contains("Re-using existing connection #0 with host " + peers.SmtpHost, debug);
        // PIPELINING: RCPT goes out before MAIL's reply is read (one round trip for the envelope).
        Assert.True(debug.IndexOf("RCPT TO:", StringComparison.Ordinal) < debug.IndexOf("250 2.1.0",
            StringComparison.Ordinal), debug);
        Mbs("CURL.Release", curl);

        Assert.Equal(1, ConnectionsSince(from, 1));
        // The commands smtplib sends on one connection, and no more: a reused session costs no liveness check
        // (NOOP, RSET) and no EHLO again; each mail is MAIL, RCPT, DATA (MAIL and RCPT pipelined, as the debug
        // text shows: both sent before the first reply).
        Assert.Equal(["ehlo=2 starttls=1 auth=1 mail=200 rcpt=200 data=200 quit=1 commands=605"],
            CommandCountsSince(from));
    }

    [Fact]
    public async Task FreshConnect_and_ForbidReuse_open_a_new_Postfix_connection_each_time()
    {
        var token = (await peers.OAuth.GetTokensAsync()).AccessToken;
        var from = LogLength();
        var curl = MailHandle(token, "fresh " + Guid.NewGuid().ToString("N"));
        Mbs("CURL.SetOptionFreshConnect", curl, "1");
        Assert.Equal("OK", Mbs("CURL.Perform", curl));
        Assert.Equal("OK", Mbs("CURL.Perform", curl));
        Mbs("CURL.SetOptionFreshConnect", curl, "0");
        Mbs("CURL.SetOptionForbidReuse", curl, "1");
        Assert.Equal("OK", Mbs("CURL.Perform", curl)); // reuses the second connection, then closes it
        Assert.Equal("OK", Mbs("CURL.Perform", curl));
        Assert.Contains("Closing connection #0 (CURL.SetOptionForbidReuse)", Mbs("CURL.GetDebugMessages", curl));
        Mbs("CURL.Release", curl);

        Assert.Equal(3, ConnectionsSince(from, 3));
    }
}

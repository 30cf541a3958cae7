using System.Diagnostics;
using System.Text.RegularExpressions;
using PluginBridge.Tests.Shared;
using Xunit.Abstractions;

namespace PluginBridge.PeerTests.Curl;

/// <summary>
/// IMAP upload (APPEND) into Dovecot through the published native library, checked with the curl command line
/// as an independent IMAP client; a refused APPEND carries Dovecot's own NO line; SendMail's reply headers and
/// AddRecipient through Postfix, read back over IMAP.
/// </summary>
[Collection("Peers")]
public sealed class CurlUploadPeerTests(Peers peers, ITestOutputHelper output)
{
    static string Mbs(string name, params string[] args) => NativePlugin.Ok(name, args);

    string ImapHandle(string token, string url)
    {
        var curl = Mbs("CURL.New");
        Mbs("CURL.SetOptionURL", curl, url);
        Mbs("CURL.SetOptionXOAuth2Bearer", curl, token);
        Mbs("CURL.SetOptionUserName", curl, peers.User);
        return curl;
    }

    void Command(string token, string command)
    {
        var curl = ImapHandle(token, peers.ImapsUrl + "/");
        Mbs("CURL.SetOptionCustomRequest", curl, command);
        var (text, isError) = NativePlugin.Call("CURL.Perform", curl);
        Assert.False(isError, text + "\n" + Mbs("CURL.GetDebugMessages", curl));
        Mbs("CURL.Release", curl);
    }

    /// <summary>The curl command line as an independent IMAP client (OAUTHBEARER with the same token).</summary>
    string CurlCli(string token, string url, string request = "")
    {
        List<string> args = ["-sS", "--max-time", "20", "--cacert", peers.CaFile, "-u", peers.User + ":",
            "--oauth2-bearer", token, url];
        if (request.Length > 0) args.AddRange(["-X", request]);
        var psi = new ProcessStartInfo("curl", args)
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(30_000));
        Assert.True(p.ExitCode == 0, $"curl exit {p.ExitCode}: {stderr}");
        return stdout;
    }

    [Fact]
    public async Task Upload_to_a_mailbox_stores_the_message_with_its_flags()
    {
        var token = (await peers.OAuth.GetTokensAsync()).AccessToken;
        var mailbox = "PB-Sent-" + Guid.NewGuid().ToString("N")[..8];
        var subject = "APPEND peer test " + Guid.NewGuid().ToString("N");
        Command(token, "CREATE " + mailbox);
        try
        {
            var curl = ImapHandle(token, $"{peers.ImapsUrl}/{mailbox}");
            Mbs("CURL.SetOptionUpload", curl, "1");
            Mbs("CURL.SetOptionUploadFlags", curl, "24"); // Flagged + Seen
            Mbs("CURL.SetInputText", curl,
                $"From: {peers.User}\r\nTo: {peers.User2}\r\nSubject: {subject}\r\n\r\nFiled into Sent by CURL.\r\n");
            var (text, isError) = NativePlugin.Call("CURL.Perform", curl);
            var debug = Mbs("CURL.GetDebugMessages", curl);
            output.WriteLine(debug.Replace('\r', '\n'));
            Assert.False(isError, text + "\n" + debug);
            Assert.Equal("OK", text);
            Assert.Matches(@"APPEND PB-Sent-\w+ \(\\Flagged \\Seen\) \{\d+\}", debug);
            Assert.Contains("[APPENDUID ", debug);
            Mbs("CURL.Release", curl);

            // curl prints a message body for the ;MAILINDEX= URL form, and the untagged reply for a custom FETCH.
            var fetched = CurlCli(token, $"{peers.ImapsUrl}/{mailbox};MAILINDEX=1");
            output.WriteLine("curl CLI: " + fetched);
            Assert.Contains($"Subject: {subject}", fetched);
            Assert.Contains("Filed into Sent by CURL.", fetched);
            var flags = CurlCli(token, $"{peers.ImapsUrl}/{mailbox}", "FETCH 1 (FLAGS)");
            Assert.Matches(@"FLAGS \([^)]*\\Flagged", flags);
            Assert.Matches(@"FLAGS \([^)]*\\Seen", flags);
        }
        finally { Command(token, "DELETE " + mailbox); }
    }

    [Fact]
    public async Task Upload_to_a_missing_mailbox_is_25_with_Dovecots_NO_line()
    {
        var token = (await peers.OAuth.GetTokensAsync()).AccessToken;
        var curl = ImapHandle(token, $"{peers.ImapsUrl}/No-Such-Box-{Guid.NewGuid():N}");
        Mbs("CURL.SetOptionUpload", curl, "1");
        Mbs("CURL.SetInputText", curl, "Subject: never stored\r\n\r\nx\r\n");
        var (text, isError) = NativePlugin.Call("CURL.Perform", curl);
        output.WriteLine(text);
        Assert.True(isError);
        Assert.Matches(@"^25: Upload failed \(A\d{3} NO \[TRYCREATE\] Mailbox doesn't exist: No-Such-Box-\w+.*\)$",
            text);
        Assert.Equal("25", Mbs("CURL.ErrorCode", curl));
        Mbs("CURL.Release", curl);
    }

    [Fact]
    public async Task SendMail_reply_headers_and_AddRecipient_arrive_through_Postfix()
    {
        var token = (await peers.OAuth.GetTokensAsync()).AccessToken;
        var id = Guid.NewGuid().ToString("N") + "@example.test";
        var email = Mbs("SendMail.CreateEmail");
        Mbs("SendMail.SetFrom", email, peers.User, "Alice");
        Mbs("SendMail.SetSubject", email, "Re: reply peer test");
        Mbs("SendMail.SetPlainText", email, "plain answer");
        Mbs("SendMail.SetRichText", email, "<bold>rich answer</bold>");
        Mbs("SendMail.SetMessageID", email, id);
        Mbs("SendMail.SetInReplyTo", email, "original-42@example.test");
        Mbs("SendMail.AddRecipient", email, "TO", peers.User, "Alice");
        Mbs("SendMail.SetSMTPServer", email, $"{peers.SmtpHost}:{peers.SmtpPort}");
        var curl = Mbs("CURL.New");
        Mbs("SendMail.PrepareCURL", email, curl);
        Mbs("CURL.SetOptionUseSSL", curl, "3");
        Mbs("CURL.SetOptionUserName", curl, peers.User);
        Mbs("CURL.SetOptionXOAuth2Bearer", curl, token);
        var (text, isError) = NativePlugin.Call("CURL.Perform", curl);
        Assert.False(isError, text + "\n" + Mbs("CURL.GetDebugMessages", curl));
        Mbs("CURL.Release", curl);
        Mbs("SendMail.Release", email);

        var fetched = "";
        for (var attempt = 0; attempt < 20 && !fetched.Contains(id); attempt++)
        {
            var search = CurlCli(token, $"{peers.ImapsUrl}/INBOX", $"UID SEARCH HEADER Message-ID \"{id}\"");
            var uid = Regex.Match(search, @"^\* SEARCH (\d+)", RegexOptions.Multiline).Groups[1].Value;
            if (uid.Length > 0) fetched = CurlCli(token, $"{peers.ImapsUrl}/INBOX;UID={uid}");
            else await Task.Delay(250);
        }
        Assert.Contains($"Message-Id: <{id}>", fetched, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("In-Reply-To: <original-42@example.test>", fetched);
        Assert.Contains("Content-Type: text/enriched", fetched);
    }
}

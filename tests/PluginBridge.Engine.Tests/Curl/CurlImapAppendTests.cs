using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>
/// IMAP upload (APPEND) against a scripted server that reads the literal byte-exact, and the upload/protocol
/// combinations we do not perform failing loudly. The store in Dovecot is checked in PeerTests/Curl.
/// </summary>
[Collection("host")]
public partial class CurlImapAppendTests
{
    const string Message = "From: alice@example.test\r\nTo: bob@example.test\r\nSubject: filed\r\n\r\nBody line\r\n";

    sealed class AppendServer : IDisposable
    {
        readonly LoopbackServer server;
        public ConcurrentQueue<string> Commands { get; } = new();
        public ConcurrentQueue<byte[]> Literals { get; } = new();
        public int Port => server.Port;
        public int Connections => server.Connections;

        public AppendServer() => server = new LoopbackServer(async (s, cancel) =>
        {
            await Write(s, "* OK IMAP ready");
            while (await ReadLine(s, cancel) is { } line)
            {
                Commands.Enqueue(line);
                var tag = line.Split(' ')[0];
                var command = line[(tag.Length + 1)..];
                if (command == "CAPABILITY")
                    await Write(s, $"* CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR\r\n{tag} OK done");
                else if (command.StartsWith("AUTHENTICATE PLAIN ", StringComparison.Ordinal))
                    await Write(s, $"{tag} OK Logged in");
                else if (LiteralAppend().Match(command) is { Success: true } m)
                {
                    if (m.Groups[1].Value == "Missing") { await Write(s,
                        $"{tag} NO [TRYCREATE] Mailbox doesn't exist: Missing"); continue; }
                    await Write(s, "+ OK");
                    var data = new byte[int.Parse(m.Groups[2].Value)];
                    await s.ReadExactlyAsync(data, cancel);
                    Literals.Enqueue(data);
                    await ReadLine(s, cancel); // the CRLF after the literal
                    await Write(s, $"{tag} OK [APPENDUID 1 5] Append completed.");
                }
                else if (command
                    == "LOGOUT") { await Write(s, $"* BYE Logging out\r\n{tag} OK Logout completed."); return; }
                else await Write(s, $"{tag} BAD Unexpected command");
            }
        });

        static async Task Write(Stream s,
            string text) { await s.WriteAsync(Encoding.ASCII.GetBytes(text + "\r\n")); await s.FlushAsync(); }

        static async Task<string?> ReadLine(Stream s, CancellationToken cancel)
        {
            var line = new StringBuilder();
            var one = new byte[1];
            while (true)
            {
                if (await s.ReadAsync(one, cancel) == 0) return null;
                if (one[0] == '\n') return line.ToString().TrimEnd('\r');
                line.Append((char)one[0]);
            }
        }

        public void Dispose() => server.Dispose();
    }

    [GeneratedRegex(@"^APPEND (\S+)(?: \([^)]*\))? \{(\d+)\}$")]
    private static partial Regex LiteralAppend();

    static string Upload(int port, string mailbox, params (string Option, string Value)[] options)
    {
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"imap://127.0.0.1:{port}/{mailbox}");
        Ok("CURL.SetOptionUserName", curl, "alice");
        Ok("CURL.SetOptionPassword", curl, "secret");
        Ok("CURL.SetOptionUpload", curl, "1");
        Ok("CURL.SetInputText", curl, Message);
        foreach (var (option, value) in options) Ok(option, curl, value);
        return curl;
    }

    [Fact]
    public void UploadSendsAppendWithSeenAndTheExactMessage()
    {
        using var server = new AppendServer();
        var curl = Upload(server.Port, "Sent");
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Contains($"A003 APPEND Sent (\\Seen) {{{Message.Length}}}", server.Commands);
        Assert.DoesNotContain(server.Commands, c => c.Contains("SELECT"));
        Assert.Equal(Encoding.UTF8.GetBytes(Message), Assert.Single(server.Literals));
        var debug = Debug(curl);
        Assert.Contains("+ OK", debug);
        Assert.Contains($"[message data: {Message.Length} bytes]", debug);
        Assert.Contains("OK [APPENDUID 1 5] Append completed.", debug);
        Ok("CURL.Release", curl);
    }

    [Theory]
    [InlineData("9", " (\\Answered \\Flagged)")]
    [InlineData("31", " (\\Answered \\Deleted \\Draft \\Flagged \\Seen)")]
    [InlineData("0", "")]
    public void UploadFlagsBecomeTheAppendFlagList(string flags, string expected)
    {
        using var server = new AppendServer();
        var curl = Upload(server.Port, "Sent", ("CURL.SetOptionUploadFlags", flags));
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Contains($"A003 APPEND Sent{expected} {{{Message.Length}}}", server.Commands);
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void RefusedAppendIs25WithTheServersLine()
    {
        using var server = new AppendServer();
        var curl = Upload(server.Port, "Missing");
        var r = Call("CURL.Perform", curl);
        Assert.True(r.IsError);
        Assert.Equal("25: Upload failed (A003 NO [TRYCREATE] Mailbox doesn't exist: Missing)", r.Text);
        Assert.Empty(server.Literals);
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void UploadWithoutMailboxOrMessageFailsLoudly()
    {
        using var server = new AppendServer();
        var curl = Upload(server.Port, "");
        var r = Call("CURL.Perform", curl);
        Assert.True(r.IsError);
        Assert.StartsWith("3: Cannot APPEND without a mailbox", r.Text);
        Ok("CURL.SetOptionURL", curl, $"imap://127.0.0.1:{server.Port}/Sent");
        Ok("CURL.SetInputText", curl, "");
        r = Call("CURL.Perform", curl);
        Assert.True(r.IsError);
        Assert.StartsWith("25: Cannot APPEND an empty message", r.Text);
        Assert.Empty(server.Literals);
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void Pop3UploadIsRefusedBeforeConnecting()
    {
        using var server = new AppendServer();
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"pop3://127.0.0.1:{server.Port}/");
        Ok("CURL.SetOptionUpload", curl, "1");
        Ok("CURL.SetInputText", curl, Message);
        var r = Call("CURL.Perform", curl);
        Assert.True(r.IsError);
        Assert.StartsWith("1: POP3 has no upload", r.Text);
        Assert.Equal(0, server.Connections);
        Ok("CURL.Release", curl);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("32")]
    public void UploadFlagsOutOfRangeAreRefused(string flags)
    {
        var curl = New();
        var r = Call("CURL.SetOptionUploadFlags", curl, flags);
        Assert.True(r.IsError);
        Assert.StartsWith("[MBS] Parameter 2 of CURL.SetOptionUploadFlags", r.Text);
        Assert.Contains("from 0 to 31", r.Text);
        Ok("CURL.Release", curl);
    }
}

using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;
using static PluginBridge.Engine.Tests.Curl.Ftp.CurlFtpTests;

namespace PluginBridge.Engine.Tests.Curl.Ftp;

/// <summary>The FTP options against a real pyftpdlib server: PASV and active mode, ASCII transfers, quote
/// commands, the file methods.</summary>
[Collection("host")]
public class CurlFtpOptionTests
{
    [Fact]
    public void PassiveWithoutEpsvAndActiveModeBothTransfer()
    {
        using var peer = new FtpPeer();
        peer.Write("f.txt", "payload");
        var curl = FtpHandle(peer, "f.txt");
        Ok("CURL.SetOptionFTPUseEPSV", curl, "0");
        Perform(curl);
        Assert.Equal("payload", Result(curl));
        Assert.Contains("PASV\n", Debug(curl));
        Assert.DoesNotContain("EPSV", Debug(curl));

        Ok("CURL.SetOptionFTPPort", curl, "-");
        Ok("CURL.SetOptionAcceptTimeoutMS", curl, "10000");
        Perform(curl);
        Assert.Equal("payload", Result(curl));
        Assert.Matches(@"EPRT \|1\|127\.0\.0\.1\|\d+\|\n200 ", Debug(curl));
        Assert.Contains("Connection accepted from server", Debug(curl));

        Ok("CURL.SetOptionFTPUseEPRT", curl, "0");
        Ok("CURL.SetOptionUpload", curl, "1");
        Ok("CURL.SetInputText", curl, "sent actively");
        Perform(curl);
        Assert.Matches(@"PORT 127,0,0,1,\d+,\d+\n200 ", Debug(curl));
        Assert.Equal("sent actively", File.ReadAllText(peer.PathOf("f.txt")));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void ActiveModeGivesUpAfterTheAcceptTimeout()
    {
        // A scripted server that agrees to everything but never opens the data connection (pyftpdlib always does).
        using var server = new LineServer("220 scripted", line => line.Split(' ')[0] switch
        {
            "USER" => "331 password please",
            "PASS" => "230 in",
            "PWD" => "257 \"/\" is current",
            "RETR" => "150 opening data connection",
            "SIZE" => "550 no size",
            _ => "200 ok",
        });
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"ftp://127.0.0.1:{server.Port}/never.txt");
        Ok("CURL.SetOptionFTPPort", curl, "-");
        Ok("CURL.SetOptionAcceptTimeoutMS", curl, "200");
        Assert.Equal("12: Accept timeout occurred while waiting server connect", Call("CURL.Perform", curl).Text);
        Assert.Contains("USER anonymous", server.Received);
        Assert.Contains(server.Received, l => l.StartsWith("EPRT |1|127.0.0.1|", StringComparison.Ordinal));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void TransferTextUsesTypeAWithCurlsLineEndConversion()
    {
        using var peer = new FtpPeer();
        var curl = FtpHandle(peer, "notes.txt");
        Ok("CURL.SetOptionTransferText", curl, "1");
        Ok("CURL.SetOptionUpload", curl, "1");
        Ok("CURL.SetInputText", curl, "one\ntwo\n");
        Perform(curl);
        Assert.Contains("TYPE A\n", Debug(curl));
        Assert.Equal("one\ntwo\n", File.ReadAllText(peer.PathOf("notes.txt"))); // CRLF on the wire, LF on disk

        Ok("CURL.SetOptionUpload", curl, "0");
        Perform(curl);
        Assert.Equal("one\ntwo\n", Result(curl));
        Assert.DoesNotContain("SIZE", Debug(curl)); // curl asks for no size in ASCII mode

        Ok("CURL.SetOptionTransferText", curl, "0");
        Perform(curl);
        Assert.Equal("one\ntwo\n", Result(curl));
        Assert.Contains("TYPE I\n", Debug(curl));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void QuoteCommandsRunBeforeAndAfterTheTransfer()
    {
        using var peer = new FtpPeer();
        peer.Write("old.txt", "x");
        var curl = FtpHandle(peer, "upload.tmp");
        Ok("CURL.SetOptionQuote", curl, "MKD archive", "*DELE not-there.txt");
        Ok("CURL.SetOptionPreQuote", curl, "NOOP");
        Ok("CURL.SetOptionPostQuote", curl, "RNFR upload.tmp", "RNTO archive/final.txt");
        Assert.Equal("MKD archive\r*DELE not-there.txt", Ok("CURL.GetOptionQuote", curl));
        Ok("CURL.SetOptionUpload", curl, "1");
        Ok("CURL.SetInputText", curl, "renamed after upload");
        Perform(curl);
        Assert.Equal("renamed after upload", File.ReadAllText(peer.PathOf("archive/final.txt")));
        Assert.False(File.Exists(peer.PathOf("upload.tmp")));
        var debug = Debug(curl);
        Assert.True(debug.IndexOf("MKD archive", StringComparison.Ordinal) < debug.IndexOf("EPSV",
            StringComparison.Ordinal));
        Assert.True(debug.IndexOf("NOOP", StringComparison.Ordinal) < debug.IndexOf("STOR",
            StringComparison.Ordinal));

        Ok("CURL.SetOptionUpload", curl, "0");
        Ok("CURL.SetOptionURL", curl, peer.Url());
        Ok("CURL.SetOptionPostQuote", curl);
        Ok("CURL.SetOptionQuote", curl, "DELE old.txt");
        Ok("CURL.SetOptionNoBody", curl, "1");
        Perform(curl);
        Assert.False(File.Exists(peer.PathOf("old.txt")));
        Assert.DoesNotContain("LIST", Debug(curl));

        Ok("CURL.SetOptionQuote", curl, "DELE old.txt");
        var failed = Call("CURL.Perform", curl);
        Assert.StartsWith("21: QUOT command failed with 550 (550 ", failed.Text);
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void FileMethodsChangeDirectoriesAsCurlDoes()
    {
        using var peer = new FtpPeer();
        peer.Write("a/b/c.txt", "deep");
        var curl = FtpHandle(peer, "a/b/c.txt");
        Ok("CURL.SetOptionFTPFileMethod", curl, "2");
        Perform(curl);
        Assert.Equal("deep", Result(curl));
        Assert.Contains("RETR a/b/c.txt\n", Debug(curl));
        Assert.DoesNotContain("CWD", Debug(curl));
        Ok("CURL.Release", curl);

        curl = FtpHandle(peer, "a/b/c.txt");
        Ok("CURL.SetOptionFTPFileMethod", curl, "3");
        Perform(curl);
        Assert.Equal("deep", Result(curl));
        Assert.Contains("CWD a/b\n", Debug(curl));
        Assert.Contains("RETR c.txt\n", Debug(curl));
        Ok("CURL.Release", curl);
    }
}

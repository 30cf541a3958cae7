using System.Diagnostics;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl.Ftp;

/// <summary>FTP downloads, uploads, listings and errors against a real pyftpdlib server, checked on its disk and
/// with the curl command line as an independent client.</summary>
[Collection("host")]
public class CurlFtpTests
{
    internal static string FtpHandle(FtpPeer peer, string path, string user = FtpPeer.User,
        string password = FtpPeer.Password)
    {
        var curl = New();
        Ok("CURL.SetOptionURL", curl, peer.Url(path));
        Ok("CURL.SetOptionUserName", curl, user);
        Ok("CURL.SetOptionPassword", curl, password);
        return curl;
    }

    internal static string Result(string curl) => Ok("CURL.GetResultAsText", curl, "UTF-8", "1");

    /// <summary>Perform must succeed; the debug text comes with the failure.</summary>
    internal static void Perform(string curl)
    {
        var v = Call("CURL.Perform", curl);
        Assert.False(v.IsError, v.Text + "\n" + Debug(curl));
    }

    [Fact]
    public void DownloadsAFileInPassiveModeWithTheServersReplies()
    {
        using var peer = new FtpPeer();
        peer.Write("reports/2026/q4.csv", "id;total\n1;42\n");
        var curl = FtpHandle(peer, "reports/2026/q4.csv");
        Perform(curl);
        Assert.Equal("id;total\n1;42\n", Result(curl));
        Assert.Equal("226", Ok("CURL.GetResponseCode", curl));
        var debug = Debug(curl);
        foreach (var line in new[] { "220 pyftpdlib test peer ready.", "USER alice", "PASS [redacted]", "PWD",
            "CWD reports", "CWD 2026", "EPSV", "TYPE I", "SIZE q4.csv", "RETR q4.csv", "226 Transfer complete." })
            Assert.Contains(line + "\n", debug);
        Assert.DoesNotContain("secret", debug);
        Assert.Contains("230 Login successful.", Ok("CURL.GetHeaders", curl, "UTF-8", "1"));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void UploadsStoreAppendAndCreateMissingDirectoriesOnTheServersDisk()
    {
        using var peer = new FtpPeer();
        var curl = FtpHandle(peer, "in/new/order.txt");
        Ok("CURL.SetOptionUpload", curl, "1");
        Ok("CURL.SetInputText", curl, "line 1\n");
        var refused = Call("CURL.Perform", curl);
        Assert.StartsWith("9: Server denied you to change to the given directory (550 ", refused.Text);
        Assert.True(refused.IsError);

        Ok("CURL.SetOptionFTPCreateMissingDirs", curl, "1");
        Perform(curl);
        Assert.Equal("line 1\n", File.ReadAllText(peer.PathOf("in/new/order.txt")));
        Assert.Contains("MKD in\n", Debug(curl));
        Assert.Contains("STOR order.txt\n", Debug(curl));

        Ok("CURL.SetOptionAppend", curl, "1");
        Ok("CURL.SetInputFile", curl, "line 2\n");
        Perform(curl);
        Assert.Equal("line 1\nline 2\n", File.ReadAllText(peer.PathOf("in/new/order.txt")));
        Assert.Contains("APPE order.txt\n", Debug(curl));

        Ok("CURL.SetOptionAppend", curl, "0");
        Ok("CURL.SetInputText", curl, "replaced, and cut");
        Ok("CURL.SetOptionInFileSize", curl, "8");
        Perform(curl);
        Assert.Equal("replaced", File.ReadAllText(peer.PathOf("in/new/order.txt")));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void ListsADirectoryAsTheCurlCommandLineDoes()
    {
        using var peer = new FtpPeer();
        peer.Write("pub/a.txt", "alpha");
        peer.Write("pub/b.txt", "beta!");
        Directory.CreateDirectory(peer.PathOf("pub/sub"));
        var curl = FtpHandle(peer, "pub/");
        Perform(curl);
        var listing = Result(curl);
        Assert.Matches(@"(?m)^-rw\S+\s+1 \S+\s+\S+\s+5 .* a\.txt$", listing);
        Assert.Matches(@"(?m)^d\S+ .* sub$", listing);
        Assert.Contains("LIST\n", Debug(curl));

        Ok("CURL.SetOptionDirListOnly", curl, "1");
        Perform(curl);
        var names = Result(curl);
        Assert.Equal(CurlCli("-l", peer.Url("pub/")), names);
        Assert.Equal(["a.txt", "b.txt", "sub"], names.Split("\n", StringSplitOptions.RemoveEmptyEntries).Order());
        Assert.Contains("NLST\n", Debug(curl));
        Assert.Contains("Request has same path as previous transfer", Debug(curl));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void FailuresCarryCurlsCodesAndTheServersReply()
    {
        using var peer = new FtpPeer();
        peer.Write("here.txt", "x");
        var curl = FtpHandle(peer, "here.txt", password: "wrong");
        var login = Call("CURL.Perform", curl);
        Assert.True(login.IsError);
        Assert.Equal("67: Access denied: 530 (530 Authentication failed.)", login.Text);
        Assert.Equal("67", Ok("CURL.ErrorCode", curl));
        Assert.Equal("530", Ok("CURL.GetResponseCode", curl));
        Ok("CURL.Release", curl);

        curl = FtpHandle(peer, "missing.txt");
        var missing = Call("CURL.Perform", curl);
        Assert.StartsWith("78: RETR response: 550 (550 ", missing.Text);
        Assert.Equal("550", Ok("CURL.GetResponseCode", curl));
        Ok("CURL.Release", curl);

        curl = FtpHandle(peer, "upload.txt", FtpPeer.ReadOnlyUser);
        Ok("CURL.SetOptionUpload", curl, "1");
        Ok("CURL.SetInputText", curl, "not allowed");
        Assert.Equal("25: Failed FTP upload: 550 (550 Not enough privileges.)", Call("CURL.Perform", curl).Text);
        Assert.False(File.Exists(peer.PathOf("upload.txt")));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void KeepsTheLoggedInConnectionAcrossPerforms()
    {
        using var peer = new FtpPeer();
        peer.Write("one/1.txt", "first");
        peer.Write("two/2.txt", "second");
        var curl = FtpHandle(peer, "one/1.txt");
        Perform(curl);
        Ok("CURL.SetOptionURL", curl, peer.Url("two/2.txt"));
        Perform(curl);
        Assert.Equal("second", Result(curl));
        var debug = Debug(curl);
        Assert.Contains("Re-using existing connection #0 with host 127.0.0.1", debug);
        Assert.DoesNotContain("USER alice", debug);
        Assert.Contains("CWD /\nCWD two\n", debug.Replace("250 \"/\" is the current directory.\n", ""));
        Ok("CURL.Release", curl);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(peer.Log, "FTP session opened"));
    }

    [Fact]
    public void FreshConnectAndForbidReuseOpenNewControlConnections()
    {
        using var peer = new FtpPeer();
        peer.Write("a.txt", "first");
        var curl = FtpHandle(peer, "a.txt");
        Perform(curl);
        FreshConnectThenForbidReuse(curl, () => Perform(curl), () => Assert.Contains("USER alice", Debug(curl)));
        Assert.Contains("USER alice", Debug(curl));
        Assert.Equal("first", Result(curl));
        Ok("CURL.Release", curl);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(peer.Log, "FTP session opened").Count);
    }

    [Fact]
    public void CreateOutputFileReceivesTheDownload()
    {
        using var peer = new FtpPeer();
        peer.Write("data.bin", "0123456789");
        var path = Path.Combine(Path.GetTempPath(), $"pb-ftp-{Guid.NewGuid():N}.bin");
        var curl = FtpHandle(peer, "data.bin");
        Ok("CURL.CreateOutputFile", curl, path);
        Perform(curl);
        Ok("CURL.CloseOutputFile", curl);
        Assert.Equal("0123456789", File.ReadAllText(path));
        File.Delete(path);
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void UploadsAndListsThroughTheNativeLibrary()
    {
        using var peer = new FtpPeer();
        static string Mbs(string name, params string[] args) => PluginBridge.Tests.Shared.NativePlugin.Ok(name, args);
        var curl = Mbs("CURL.New");
        Mbs("CURL.SetOptionURL", curl, peer.Url("native.txt"));
        Mbs("CURL.SetOptionUserName", curl, FtpPeer.User);
        Mbs("CURL.SetOptionPassword", curl, FtpPeer.Password);
        Mbs("CURL.SetOptionUpload", curl, "1");
        Mbs("CURL.SetInputText", curl, "via pb_call");
        Assert.Equal("OK", Mbs("CURL.Perform", curl));
        Assert.Equal("via pb_call", File.ReadAllText(peer.PathOf("native.txt")));
        Mbs("CURL.SetOptionUpload", curl, "0");
        Mbs("CURL.SetOptionURL", curl, peer.Url());
        Mbs("CURL.SetOptionDirListOnly", curl, "1");
        Assert.Equal("OK", Mbs("CURL.Perform", curl));
        Assert.Equal("native.txt\n", Mbs("CURL.GetResultAsText", curl, "UTF-8", "1"));
        Mbs("CURL.Release", curl);
    }

    /// <summary>The curl command line as an independent FTP client.</summary>
    internal static string CurlCli(params string[] args)
    {
        var psi = new ProcessStartInfo("curl", ["-sS", "--max-time", "20", "-u", "alice:secret", .. args])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(30_000));
        Assert.True(p.ExitCode == 0, $"curl exit {p.ExitCode}: {stderr}");
        return stdout;
    }
}

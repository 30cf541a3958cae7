using System.Text.Json;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;
using static PluginBridge.Engine.Tests.Curl.Ftp.CurlFtpTests;

namespace PluginBridge.Engine.Tests.Curl.Ftp;

/// <summary>Wildcard downloads (CURLOPT_WILDCARDMATCH) against pyftpdlib: the matching files land in the batch
/// folder or the result, CURL.FileInfos and CURL.GetBatchFileNames describe them.</summary>
[Collection("host")]
public class CurlFtpWildcardTests
{
    [Fact]
    public void DownloadsEveryMatchingFileIntoTheBatchFolder()
    {
        using var peer = new FtpPeer();
        peer.Write("out/a.txt", "A");
        peer.Write("out/b.txt", "BB");
        peer.Write("out/c.log", "not matched");
        Directory.CreateDirectory(peer.PathOf("out/d.txt")); // a directory matches but is not downloaded
        var destination = Directory.CreateTempSubdirectory("pb-ftp-batch-").FullName;
        try
        {
            var curl = FtpHandle(peer, "out/*.txt");
            Ok("CURL.SetOptionWildCardMatch", curl, "1");
            Ok("CURL.SetBatchDestinationPath", curl, destination);
            Assert.Equal(destination, Ok("CURL.GetBatchDestinationPath", curl));
            Perform(curl);
            Assert.Equal("A", File.ReadAllText(Path.Combine(destination, "a.txt")));
            Assert.Equal("BB", File.ReadAllText(Path.Combine(destination, "b.txt")));
            Assert.Equal(["a.txt", "b.txt"], Directory.GetFiles(destination).Select(Path.GetFileName).Order());
            Assert.Equal("a.txt\rb.txt", Ok("CURL.GetBatchFileNames", curl));
            Assert.Equal("", Result(curl));

            using var infos = JsonDocument.Parse(Ok("CURL.FileInfos", curl));
            var entries = infos.RootElement.EnumerateArray().ToList();
            Assert.Equal(["a.txt", "b.txt", "d.txt"], entries.Select(e => e.GetProperty("filename").GetString()!)
                .Order());
            var b = entries.Single(e => e.GetProperty("filename").GetString() == "b.txt");
            Assert.Equal("file", b.GetProperty("filetype").GetString());
            Assert.Equal(2, b.GetProperty("size").GetInt64());
            Assert.Equal("directory",
                entries.Single(e => e.GetProperty("filename").GetString() == "d.txt").GetProperty("filetype")
                    .GetString());
            Ok("CURL.Release", curl);
        }
        finally { Directory.Delete(destination, recursive: true); }
    }

    [Fact]
    public void WithoutABatchFolderTheFilesFollowEachOtherInTheResult()
    {
        using var peer = new FtpPeer();
        peer.Write("photo1.jpeg", "one;");
        peer.Write("photo2.jpeg", "two;");
        peer.Write("photo10.jpeg", "ten;");
        var curl = FtpHandle(peer, "photo[0-9].jpeg");
        Ok("CURL.SetOptionWildCardMatch", curl, "1");
        Perform(curl);
        Assert.Equal("one;two;", Result(curl));
        Assert.Equal("photo1.jpeg\rphoto2.jpeg", Ok("CURL.GetBatchFileNames", curl));

        Ok("CURL.SetOptionURL", curl, peer.Url("*.png"));
        Assert.Equal("78: No file matches the pattern \"*.png\"", Call("CURL.Perform", curl).Text);
        Ok("CURL.Release", curl);
    }
}

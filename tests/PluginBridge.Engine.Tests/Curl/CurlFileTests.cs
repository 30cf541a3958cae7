using System.Collections.Concurrent;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>CURL's files against a local server: the download, debug text and headers written to files, an upload
/// read from a file; each file is read back from disk.</summary>
[Collection("host")]
public class CurlFileTests
{
    static (LoopbackServer Server, ConcurrentQueue<Http.Request> Received) Server(string body)
    {
        var received = new ConcurrentQueue<Http.Request>();
        var server = new LoopbackServer(async (s, c) =>
        {
            received.Enqueue(await Http.ReadAsync(s, c));
            await Http.RespondAsync(s, 200, "OK", body, "Content-Type: text/plain");
        });
        return (server, received);
    }

    static string TempPath(string name) => Path.Combine(Path.GetTempPath(), $"pb-curl-{Guid.NewGuid():N}-{name}");

    [Fact]
    public void CreateOutputFileWritesEveryTransferUntilClosedAndKeepsNothingForGetResult()
    {
        var (server, _) = Server("file body");
        using var _s = server;
        var path = TempPath("out.txt");
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/");
        Ok("CURL.CreateOutputFile", curl, path);
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Equal("", Ok("CURL.GetResultAsText", curl)); // file-only mode is on after CreateOutputFile
        Assert.Equal("file body", File.ReadAllText(path)); // complete once Perform returned
        Ok("CURL.Perform", curl);
        Ok("CURL.CloseOutputFile", curl);
        Assert.Equal("file bodyfile body", File.ReadAllText(path));
        Ok("CURL.SetOptionFileOnlyMode", curl, "0");
        Ok("CURL.Perform", curl);
        Assert.Equal("file body", Ok("CURL.GetResultAsText", curl));
        Assert.Equal("file bodyfile body", File.ReadAllText(path)); // closed: no longer written
        Ok("CURL.Release", curl);
        File.Delete(path);
    }

    [Fact]
    public void DebugAndHeaderFilesHoldCopiesOfTheTranscriptAndTheHeaders()
    {
        var (server, _) = Server("x");
        using var _s = server;
        var (debugPath, headerPath) = (TempPath("debug.txt"), TempPath("headers.txt"));
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/");
        Ok("CURL.CreateDebugOutputFile", curl, debugPath);
        Ok("CURL.CreateHeaderOutputFile", curl, headerPath);
        Ok("CURL.Perform", curl);
        Ok("CURL.CloseDebugFile", curl);
        Ok("CURL.CloseHeaderFile", curl);
        Assert.Equal(Debug(curl).ReplaceLineEndings("\n"), File.ReadAllText(debugPath).ReplaceLineEndings("\n"));
        Assert.Contains("GET / HTTP/1.1", File.ReadAllText(debugPath));
        Assert.StartsWith("HTTP/1.1 200 OK", File.ReadAllText(headerPath));
        Assert.Equal(Ok("CURL.GetHeaders", curl, "UTF-8", "1"), File.ReadAllText(headerPath));
        Assert.Equal("x", Ok("CURL.GetResultAsText", curl)); // no output file: the data stays available
        Ok("CURL.Release", curl);
        File.Delete(debugPath);
        File.Delete(headerPath);
    }

    [Fact]
    public void CreateOutputFileInAMissingFolderFailsWithTheReason()
    {
        var curl = New();
        var v = Call("CURL.CreateOutputFile", curl, Path.Combine(TempPath("missing-dir"), "out.txt"));
        Assert.True(v.IsError);
        Assert.StartsWith("[MBS] Failed to create file", v.Text);
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void OpenInputFileUploadsThePartOfTheFileAskedFor()
    {
        var (server, received) = Server("stored");
        using var _s = server;
        var path = TempPath("in.bin");
        File.WriteAllText(path, "0123456789");
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/upload");
        Ok("CURL.SetOptionUpload", curl, "1");
        Ok("CURL.OpenInputFile", curl, path, "2", "3");
        Assert.Equal("3", Ok("CURL.GetInputLength", curl));
        Ok("CURL.Perform", curl);
        var r = Assert.Single(received);
        Assert.Equal(("PUT", "234"), (r.Method, r.Body));
        Ok("CURL.CloseInputFile", curl);
        Assert.Equal("0", Ok("CURL.GetInputLength", curl));
        Assert.True(Call("CURL.OpenInputFile", curl, path + ".missing").IsError);
        Ok("CURL.Release", curl);
        File.Delete(path);
    }
}

using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using PluginBridge.Engine.Core;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>What a transfer reports (effective and redirect URL, sizes, progress, content type), the debug-text
/// switches, typed results and inputs, HEAD/GET and content decoding — each against a local server.</summary>
[Collection("host")]
public class CurlInfoTests
{
    static (LoopbackServer Server, ConcurrentQueue<Http.Request> Received) Server(string body = "hello world")
    {
        var received = new ConcurrentQueue<Http.Request>();
        var server = new LoopbackServer(async (s, c) =>
        {
            var r = await Http.ReadAsync(s, c);
            received.Enqueue(r);
            if (r.Target == "/from") await Http.RespondAsync(s, 302, "Found", "", "Location: /to");
            else await Http.RespondAsync(s, 200, "OK", r.Method == "HEAD" ? "" : body,
                "Content-Type: text/plain; charset=utf-8");
        });
        return (server, received);
    }

    [Fact]
    public void ProgressAndSizesCountTheBytesOfTheLastTransfer()
    {
        var (server, _) = Server();
        using var _s = server;
        var curl = Handle(server.Port);
        Ok("CURL.SetOptionPostFields", curl, "a=1&b=2");
        Ok("CURL.Perform", curl);
        Assert.Equal("11", Ok("CURL.GetProgressCurrentDownload", curl));
        Assert.Equal("11", Ok("CURL.GetProgressTotalDownload", curl));
        Assert.Equal("7", Ok("CURL.GetProgressCurrentUpload", curl));
        Assert.Equal("7", Ok("CURL.GetProgressTotalUpload", curl));
        Assert.Equal("100", Ok("CURL.GetProgressPercent", curl));
        Assert.Equal(("11", "7"), (Ok("CURL.GetSizeDownload", curl), Ok("CURL.GetSizeUpload", curl)));
        Assert.Equal("11", Ok("CURL.GetResultLength", curl));
        Assert.Equal(Encoding.UTF8.GetByteCount(Ok("CURL.GetHeaders", curl, "UTF-8", "1")).ToString(),
            Ok("CURL.GetHeaderLength", curl));
        Assert.Equal(Encoding.UTF8.GetByteCount(Debug(curl)).ToString(), Ok("CURL.GetDebugLength", curl));
        Assert.Equal("text/plain; charset=utf-8", Ok("CURL.GetContentType", curl));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void EffectiveUrlRedirectUrlAndAutoReferer()
    {
        var (server, received) = Server();
        using var _s = server;
        var from = $"http://127.0.0.1:{server.Port}/from";
        var to = $"http://127.0.0.1:{server.Port}/to";
        var curl = Handle(server.Port, "/from");
        Ok("CURL.SetOptionAutoReferer", curl, "1");
        Ok("CURL.Perform", curl);
        Assert.Equal(to, Ok("CURL.GetEffectiveURL", curl));
        Assert.Equal("", Ok("CURL.GetRedirectURL", curl));
        Assert.Equal(from, received.Last().Headers["Referer"]);
        Ok("CURL.SetOptionFollowLocation", curl, "0");
        Ok("CURL.Perform", curl);
        Assert.Equal((from, to, "302"),
            (Ok("CURL.GetEffectiveURL", curl), Ok("CURL.GetRedirectURL", curl), Ok("CURL.GetResponseCode", curl)));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void DebugWithTimeDataAndProgress()
    {
        var (server, _) = Server("the response body");
        using var _s = server;
        var curl = Handle(server.Port);
        Ok("CURL.Perform", curl);
        Assert.DoesNotContain("the response body", Debug(curl));
        Assert.Equal(("0", "0", "0"), (Ok("CURL.GetDebugWithTime", curl), Ok("CURL.GetDebugWithData", curl),
            Ok("CURL.GetDebugWithProgress", curl)));
        Ok("CURL.SetDebugWithTime", curl, "1");
        Ok("CURL.SetDebugWithData", curl, "1");
        Ok("CURL.SetDebugWithProgress", curl, "1");
        Assert.Equal(("1", "1", "1"), (Ok("CURL.GetDebugWithTime", curl), Ok("CURL.GetDebugWithData", curl),
            Ok("CURL.GetDebugWithProgress", curl)));
        Ok("CURL.Perform", curl);
        var lines = Debug(curl).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.Matches(@"^\d\d:\d\d:\d\d\.\d{6} ", l));
        Assert.Contains(lines, l => l.EndsWith(" the response body", StringComparison.Ordinal));
        Assert.Contains(lines,
            l => l.EndsWith(" Progress: downloaded 17 of 17 bytes, uploaded 0 of 0 bytes", StringComparison.Ordinal));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void NoBodySendsHeadAndGetGoesBackToGet()
    {
        var (server, received) = Server();
        using var _s = server;
        var curl = Handle(server.Port);
        Ok("CURL.SetOptionNoBody", curl, "1");
        Ok("CURL.Perform", curl);
        Assert.Equal(("HEAD", ""), (received.Last().Method, Ok("CURL.GetResultAsText", curl)));
        Ok("CURL.SetOptionPostFields", curl, "x=1");
        Ok("CURL.SetOptionGet", curl, "1");
        Ok("CURL.Perform", curl);
        Assert.Equal(("GET", "hello world"), (received.Last().Method, Ok("CURL.GetResultAsText", curl)));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void AcceptEncodingAsksForCompressionAndDecodesIt()
    {
        var plain = string.Concat(Enumerable.Repeat("compressible text ", 50));
        var asked = new ConcurrentQueue<string>();
        using var server = new LoopbackServer(async (s, c) =>
        {
            var r = await Http.ReadAsync(s, c);
            asked.Enqueue(r.Headers.GetValueOrDefault("Accept-Encoding", ""));
            var zipped = new MemoryStream();
            using (var gz = new GZipStream(zipped, CompressionLevel.Optimal, leaveOpen: true))
                gz.Write(Encoding.UTF8.GetBytes(plain));
            var head = $"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {zipped.Length}\r\nConnection: " +
                $"close\r\n\r\n";
            await s.WriteAsync(Encoding.ASCII.GetBytes(head), c);
            await s.WriteAsync(zipped.ToArray(), c);
        });
        var curl = Handle(server.Port);
        Ok("CURL.Perform", curl);
        Assert.NotEqual(plain, Ok("CURL.GetResultAsText", curl)); // not asked for: the bytes stay as sent
        Ok("CURL.SetOptionAcceptEncoding", curl, "");
        Ok("CURL.Perform", curl);
        Assert.Equal(plain, Ok("CURL.GetResultAsText", curl));
        Assert.Equal(["", "deflate, gzip, br"], asked.ToArray());
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void TypedResultsAndInputsCarryTheBytes()
    {
        var (server, received) = Server("\u00ffJPEG-ish");
        using var _s = server;
        var curl = Handle(server.Port, "/pics/photo.jpg");
        Ok("CURL.Perform", curl);
        foreach (var f in new[] { "CURL.GetResultAsJPEG", "CURL.GetResultAsGIF", "CURL.GetResultAsPNG",
            "CURL.GetResultAsPDF" })
        {
            var v = Call(f, curl);
            Assert.Equal((Engine.Core.ValueType.Container, "photo.jpg"), (v.Type, v.FileName));
            Assert.Equal(Encoding.UTF8.GetBytes("\u00ffJPEG-ish"), v.Bytes);
        }
        Assert.Equal("named.png", Call("CURL.GetResultAsPNG", curl, "named.png").FileName);
        var png = Value.FromContainer("PNGDATA"u8.ToArray(), "a.png");
        Value In(string f, params Value[] more) => Plugin.Call(f, [Value.FromText(curl), .. more]);
        Assert.False(In("CURL.SetInputJPEG", png, Value.FromText("1"), Value.FromText("3")).IsError);
        Assert.False(In("CURL.AddInputPNG", png).IsError);
        Assert.Equal("NGDPNGDATA", Ok("CURL.GetInputAsText", curl));
        Ok("CURL.SetOptionUpload", curl, "1");
        Ok("CURL.Perform", curl);
        Assert.Equal(("PUT", "NGDPNGDATA"), (received.Last().Method, received.Last().Body));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void RunningTransfersListsTheBackgroundTransfersWhileTheyRun()
    {
        using var go = new ManualResetEventSlim();
        using var server = new LoopbackServer(async (s, c) =>
        {
            await Http.ReadAsync(s, c);
            await Task.Run(() => go.Wait(c), c);
            await Http.RespondAsync(s, 200, "OK", "late");
        });
        var curl = Handle(server.Port);
        Assert.Equal("0", Ok("CURL.NumberOfRunningTransfers"));
        Ok("CURL.PerformInBackground", curl);
        Assert.Equal(curl, Ok("CURL.RunningTransfers"));
        Assert.Equal("1", Ok("CURL.NumberOfRunningTransfers"));
        go.Set();
        for (var i = 0; i < 500 && Ok("CURL.IsRunning", curl) == "1"; i++) Thread.Sleep(10);
        Assert.Equal(("", "0"), (Ok("CURL.RunningTransfers"), Ok("CURL.NumberOfRunningTransfers")));
        Assert.Equal("late", Ok("CURL.GetResultAsText", curl));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void ProcessRelativeUrlResolvesAgainstTheBase()
    {
        Assert.Equal("https://example.com/a/d.html",
            Ok("CURL.ProcessRelativeURL", "https://example.com/a/b/c.html", "../d.html"));
        Assert.Equal("https://other.example/x",
            Ok("CURL.ProcessRelativeURL", "https://example.com/a/", "https://other.example/x"));
        Assert.True(Call("CURL.ProcessRelativeURL", "not a url", "x").IsError);
    }

    [Fact]
    public void CancelStopsABackgroundTransferWithCurls42()
    {
        using var never = new ManualResetEventSlim();
        using var server = new LoopbackServer(async (s, c) =>
        {
            await Http.ReadAsync(s, c);
            await Task.Run(() => never.Wait(c), c); // answers only when the test ends
        });
        var curl = Handle(server.Port);
        Assert.True(Call("CURL.Cancel", curl).IsError); // nothing runs yet
        Ok("CURL.PerformInBackground", curl);
        Assert.Equal("OK", Ok("CURL.Cancel", curl));
        for (var i = 0; i < 500 && Ok("CURL.IsRunning", curl) == "1"; i++) Thread.Sleep(10);
        Assert.Equal("42", Ok("CURL.ErrorCode", curl));
        Assert.Contains("CURL.Cancel", Ok("CURL.ErrorMessage", curl));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void GetFormDataShowsTheMultipartBodyTheServerReceives()
    {
        var (server, received) = Server();
        using var _s = server;
        var curl = Handle(server.Port);
        Assert.Equal("", Ok("CURL.GetFormData", curl));
        Ok("CURL.FormAddKeyValue", curl, "city", "Nickenich");
        Ok("CURL.FormFinish", curl);
        var form = Ok("CURL.GetFormData", curl);
        Assert.Contains("Content-Disposition: form-data; name=\"city\"\r\n\r\nNickenich\r\n", form);
        Ok("CURL.Perform", curl);
        var sent = received.Last().Body;
        var boundary = received.Last().Headers["Content-Type"].Split("boundary=")[1];
        Assert.Contains("name=\"city\"\r\n\r\nNickenich\r\n--" + boundary + "--", sent);
        Ok("CURL.Release", curl);
    }
}

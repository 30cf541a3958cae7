using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>
/// Small transfer options, each seen from the server's side where it can be: the local address
/// (SetOptionInterface), speed caps and buffer size, DisallowUserNameInURL, TransferEncoding.
/// </summary>
[Collection("host")]
public class CurlTransferOptionTests
{
    static LoopbackServer Server(Func<Http.Request, Stream, Task> respond) => new(async (s, cancel) =>
        await respond(await Http.ReadAsync(s, cancel), s));

    static LoopbackServer Body(byte[] body) => Server((_, s) => Http.RespondAsync(s, 200, "OK",
        Encoding.Latin1.GetString(body)));

    [Fact]
    public void InterfaceBindsTheLocalAddressTheServerSees()
    {
        using var server = Body("x"u8.ToArray());
        var curl = Handle(server.Port);
        Ok("CURL.SetOptionInterface", curl, "127.0.0.2");
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Ok("CURL.SetOptionInterface", curl, "host!127.0.0.3");
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Ok("CURL.SetOptionInterface", curl, "if!lo");
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Contains("Local Interface lo is ip 127.0.0.1 using address family 2", Debug(curl));
        Assert.Equal(["127.0.0.2", "127.0.0.3", "127.0.0.1"], server.RemoteAddresses.ToArray());

        Ok("CURL.SetOptionInterface", curl, "if!pb-no-such-nic");
        Assert.Equal("45: Couldn't bind to 'if!pb-no-such-nic'", Call("CURL.Perform", curl).Text);
        Ok("CURL.SetOptionInterface", curl, "192.0.2.1"); // TEST-NET-1: not an address of this machine
        Assert.StartsWith("45: bind failed with errno ", Call("CURL.Perform", curl).Text);
        Assert.Equal(3, server.Connections);
    }

    [Fact]
    public void MaxRecvSpeedPacesTheDownloadInBufferSizeReads()
    {
        var random = new Random(7);
        var body = Enumerable.Range(0, 64 * 1024).Select(_ => (byte)random.Next('a', 'z' + 1)).ToArray();
        using var server = Body(body);
        var curl = Handle(server.Port);
        Ok("CURL.SetOptionBufferSize", curl, "1024");
        Ok("CURL.SetOptionMaxRecvSpeed", curl, (32 * 1024).ToString());
        var clock = Stopwatch.StartNew();
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        // 63 KiB after the first read at 32 KiB/s cannot arrive in less than about 1.97 s; only a lower bound.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"took {clock.Elapsed}");
        Assert.Equal(Encoding.ASCII.GetString(body), Ok("CURL.GetResultAsText", curl));
        Assert.True(Call("CURL.SetOptionMaxRecvSpeed", curl, "-1").IsError);
    }

    [Fact]
    public void MaxSendSpeedPacesTheUpload()
    {
        var received = "";
        using var server = Server(async (r, s) => { received = r.Body; await Http.RespondAsync(s, 200, "OK", ""); });
        var curl = Handle(server.Port);
        var text = new string('a', 48 * 1024);
        Ok("CURL.SetOptionPostFields", curl, text);
        Ok("CURL.SetOptionBufferSize", curl, "4096");
        Ok("CURL.SetOptionMaxSendSpeed", curl, (24 * 1024).ToString());
        var clock = Stopwatch.StartNew();
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.8), $"took {clock.Elapsed}"); // 44 KiB at 24 KiB/s
        Assert.Equal(text, received);
    }

    [Fact]
    public void BufferSizeIsClampedAsCurlDoesAndTheBodyArrivesWhole()
    {
        var body = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 5000).Select(i => $"{i},")));
        using var server = Body(body);
        var curl = Handle(server.Port);
        Ok("CURL.SetOptionBufferSize", curl, "1"); // below curl's 1024: clamped, not refused
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Equal(Encoding.ASCII.GetString(body), Ok("CURL.GetResultAsText", curl));
    }

    [Fact]
    public void DisallowUserNameInUrlRefusesBeforeConnecting()
    {
        using var server = Body("x"u8.ToArray());
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"http://alice:secret@127.0.0.1:{server.Port}/");
        Ok("CURL.SetOptionDisallowUserNameInURL", curl, "1");
        Assert.Equal("67: Option DISALLOW_USERNAME_IN_URL is set and URL contains username.",
            Call("CURL.Perform", curl).Text);
        Assert.Equal(0, server.Connections);
        Ok("CURL.SetOptionDisallowUserNameInURL", curl, "0");
        Assert.Equal("OK", Ok("CURL.Perform", curl));
    }

    [Fact]
    public void TransferEncodingAsksForGzipAndDecodesIt()
    {
        const string text = "compressed in transfer, not in content";
        var asked = new List<string>();
        using var server = Server(async (r, s) =>
        {
            lock (asked) asked.Add($"{r.Headers.GetValueOrDefault("TE")}|{r.Headers.GetValueOrDefault("Connection")}");
            var zipped = new MemoryStream();
            using (var gzip = new GZipStream(zipped, CompressionLevel.Fastest, true))
                gzip.Write(Encoding.UTF8.GetBytes(text));
            var data = zipped.ToArray();
            var head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n" +
                $"{data.Length:x}\r\n";
            await s.WriteAsync(Encoding.ASCII.GetBytes(head));
            await s.WriteAsync(data);
            await s.WriteAsync("\r\n0\r\n\r\n"u8.ToArray());
            await s.FlushAsync();
        });
        var curl = Handle(server.Port);
        Ok("CURL.SetOptionTransferEncoding", curl, "1");
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Equal(text, Ok("CURL.GetResultAsText", curl));
        Assert.Equal("gzip|TE", asked.Single());
    }

    [Fact]
    public void Http200AliasesTakeAShoutcastStatusLineAsOk()
    {
        using var server = Server(async (_, s) =>
        {
            await s.WriteAsync("ICY 200 OK\r\nicy-name: Test Radio\r\nContent-Length: 5\r\n\r\nhello"u8.ToArray());
            await s.FlushAsync();
        });
        var curl = Handle(server.Port);
        var refused = Call("CURL.Perform", curl);
        Assert.StartsWith("8: ", refused.Text); // not HTTP without the alias

        Ok("CURL.SetOptionHTTP200Aliases", curl, "SHOUTCAST 200", "ICY 200 OK");
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Equal("200", Ok("CURL.GetResponseCode", curl));
        Assert.Equal("hello", Ok("CURL.GetResultAsText", curl));
        Assert.StartsWith("ICY 200 OK\ricy-name: Test Radio\r", Ok("CURL.GetHeaders", curl));
    }
}

using System.Text;
using PluginBridge.Engine.WebHook;
using Xunit;

namespace PluginBridge.Engine.Tests.WebHook;

/// <summary>The request framer on its own: resumable at any byte, exact end, early rejection.</summary>
public class HttpRequestFramerTests
{
    static (FrameStatus Status, HttpRequestFramer Framer, int FedBytes) FeedByteByByte(string text, int max = 1 << 20)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var framer = new HttpRequestFramer(max);
        for (var n = 1; n <= bytes.Length; n++)
        {
            var status = framer.Feed(bytes, n);
            if (status != FrameStatus.NeedMore) return (status, framer, n);
        }
        return (FrameStatus.NeedMore, framer, bytes.Length);
    }

    [Fact]
    public void ChunkedRequestFedOneByteAtATimeEndsExactlyAfterTheTrailers()
    {
        var request = "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, " +
            "chunked\r\n\r\n5;ext=1\r\nhello\r\n8\r\n, wörld\r\n0\r\nX-Trailer: t\r\n\r\n";
        var (status, framer, fed) = FeedByteByByte(request + "GET /next HTTP/1.1\r\n\r\n");
        Assert.Equal(FrameStatus.Complete, status);
        Assert.Equal(Encoding.UTF8.GetByteCount(request), fed);
        Assert.Equal(fed, framer.Length);
        Assert.Equal("hello, wörld", Encoding.UTF8.GetString(framer.Body));
        Assert.Equal("POST", framer.Head!.Method);
    }

    [Fact]
    public void BareLineFeedsAndLeadingBlankLinesAreAccepted()
    {
        var (status, framer, _) = FeedByteByByte("\r\nGET /lf?a=1 HTTP/1.0\nHost: y\nContent-Length: 2\n\nok");
        Assert.Equal(FrameStatus.Complete, status);
        Assert.Equal(("GET", "/lf?a=1", "HTTP/1.0"), (framer.Head!.Method, framer.Head.Target, framer.Head.Version));
        Assert.Equal("y", framer.Head.Header("host"));
        Assert.Equal("ok", Encoding.ASCII.GetString(framer.Body));
    }

    // Found by the framer fuzz target (native/fuzz/corpus/framer/regress-whole-head-over-maximum): a head one byte
    // over the maximum was accepted when it arrived in one read, refused when it arrived in two.
    [Fact]
    public void ARequestOverTheMaximumIsRefusedWhetherItArrivesWholeOrInPieces()
    {
        var bytes = Encoding.ASCII.GetBytes("GET /" + new string('a', 40) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        var whole = new HttpRequestFramer(bytes.Length - 1);
        Assert.Equal(FrameStatus.Reject, whole.Feed(bytes, bytes.Length));
        Assert.Equal(413, whole.RejectStatus);
        var (status, pieces, _) = FeedByteByByte(Encoding.ASCII.GetString(bytes), bytes.Length - 1);
        Assert.Equal((FrameStatus.Reject, 413), (status, pieces.RejectStatus));
        Assert.Equal(FrameStatus.Complete, new HttpRequestFramer(bytes.Length).Feed(bytes, bytes.Length));
    }

    [Theory]
    [InlineData("\x16\x03\x01", 1, 400)]            // TLS hello: refused at its first byte
    [InlineData("GET\t/ HTTP/1.1\r\n", 4, 400)]     // not a token character in the method
    [InlineData("GET / HTTP/1.1 x\r\n", 15, 400)]   // a third space
    [InlineData("GET / HTTP/2.0\r\n\r\n", 16, 505)]
    [InlineData("GET / HTTP/1.1\r\n bad: fold\r\n\r\n", 17, 400)]
    [InlineData("GET / HTTP/1.1\r\nno colon\r\n\r\n", 26, 400)]
    [InlineData("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 39, 400)]
    [InlineData("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 44, 501)]
    [InlineData("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 51, 400)]
    public void MalformedRequestsAreRefusedAsSoonAsTheyAreMalformed(string text, int refusedAfter, int status)
    {
        var (result, framer, fed) = FeedByteByByte(text);
        Assert.Equal(FrameStatus.Reject, result);
        Assert.Equal(status, framer.RejectStatus);
        Assert.Equal(refusedAfter, fed);
    }

    [Fact]
    public void OversizedPartsAreRefusedWithoutWaitingForTheirEnd()
    {
        var longLine = "GET /" + new string('a', WebHookLimits.MaxRequestLineBytes);
        Assert.Equal(414, Reject(longLine));
        var bigHeaders = "GET / HTTP/1.1\r\nX: " + new string('b', WebHookLimits.MaxHeaderBytes);
        Assert.Equal(431, Reject(bigHeaders));
        var manyHeaders = "GET / HTTP/1.1\r\n"
            + string.Concat(Enumerable.Range(0, WebHookLimits.MaxHeaderCount + 1).Select(i => $"H{i}: v\r\n"));
        Assert.Equal(431, Reject(manyHeaders));
        Assert.Equal(413, Reject("POST / HTTP/1.1\r\nContent-Length: 2000\r\n\r\n", max: 1000));
        Assert.Equal(413, Reject("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n", max: 1000));

        static int Reject(string text, int max = 1 << 20)
        {
            var bytes = Encoding.ASCII.GetBytes(text);
            var framer = new HttpRequestFramer(max);
            Assert.Equal(FrameStatus.Reject, framer.Feed(bytes, bytes.Length));
            return framer.RejectStatus;
        }
    }
}

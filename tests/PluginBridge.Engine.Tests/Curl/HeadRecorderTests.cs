using System.Text;
using PluginBridge.Engine.Curl;
using Xunit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>The response heads as received, however the reads cut them: an interim head, the final head, and
/// nothing of the body.</summary>
public class HeadRecorderTests
{
    const string Interim = "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n";
    const string Final = "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n";
    static readonly byte[] Wire = Encoding.ASCII.GetBytes(Interim + Final + "\r\n\r\nbody\n\n");

    static List<string> Record(IEnumerable<int> cuts)
    {
        var heads = new List<string>();
        var recorder = new HeadRecorder(heads.Add);
        recorder.StartRecording();
        var from = 0;
        foreach (var cut in cuts.Append(Wire.Length))
        {
            recorder.Observe(Wire.AsSpan(from, cut - from));
            from = cut;
        }
        return heads;
    }

    [Fact]
    public void EveryCutBetweenTwoReadsGivesTheSameHeads()
    {
        for (var cut = 0; cut <= Wire.Length; cut++)
            Assert.Equal([Interim, Final], Record([cut]));
    }

    [Fact]
    public void OneByteReadsGiveTheSameHeads() =>
        Assert.Equal([Interim, Final], Record(Enumerable.Range(1, Wire.Length - 1)));

    [Fact]
    public void BareLineFeedsEndAHeadToo()
    {
        var heads = new List<string>();
        var recorder = new HeadRecorder(heads.Add);
        recorder.StartRecording();
        recorder.Observe("HTTP/1.0 200 OK\nA: b\n\nrest\n\n"u8);
        Assert.Equal(["HTTP/1.0 200 OK\nA: b\n\n"], heads);
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PluginBridge.Engine.Core;
using Xunit;
using Xunit.Abstractions;
using static PluginBridge.Engine.Tests.WebHook.WebHookKit;

namespace PluginBridge.Engine.Tests.WebHook;

/// <summary>
/// Garbage, a 1 MiB header, a client sending one byte a second and a thousand connections opened and dropped, all
/// at once: a valid request must still be answered, and the server's sockets must return to the baseline.
/// The figures are printed for the issue note.
/// </summary>
[Collection("host")] // see WebHookModeTests
public class WebHookHostileClientTests(ITestOutputHelper output)
{
    const int DroppedConnections = 1000;
    const int GarbageConnections = 20;

    [Fact]
    public async Task ListenerSurvivesHostileClientsAndKeepsAnswering()
    {
        var (hook, port) = Listen(queueLength: "100");
        var hookObject = PluginBridge.Engine.WebHook.WebHookFunctions.Table.Get(hook);
        try
        {
            Mbs("WebHook.SetTimeOut", hook, "3"); // the slow client must be cut off within this test
            CurlOk($"http://127.0.0.1:{port}/warm-up");
            Mbs("WebRequest.Release", WaitForRequest(hook));
            Assert.True(Eventually(() => OpenServerSockets(port) == 0));
            var baselineServer = OpenServerSockets(port);
            var baselineProcess = ProcessSockets();

            // 1. One byte a second, never finishing its head.
            // Blocking clients get their own threads, so that the figures measure the listener, not a starved pool.
            var slowClosedAfter = Dedicated(() => SlowClient(port));
            // 2. Garbage bytes.
            var garbage = Dedicated(() => Garbage(port));
            // 3. A 1 MiB header line.
            var bigHeader = Dedicated(() => BigHeader(port));
            // 4. A thousand connections opened and dropped, 50 at a time, half of them with a reset.
            var dropped = Task.Run(() => DropConnections(port));

            // Meanwhile, the valid request.
            await Task.Delay(300);
            var clock = Stopwatch.StartNew();
            var answer = await Dedicated(() =>
                CurlOk("-o", "/dev/null", "-w", "%{http_code}", $"http://127.0.0.1:{port}/valid?during=attack"));
            var validMs = clock.Elapsed.TotalMilliseconds;
            Assert.Equal("200", answer);
            var valid = WaitForRequest(hook);
            Assert.Equal("/valid?during=attack", Mbs("WebRequest.GetURL", valid));
            Mbs("WebRequest.Release", valid);

            var droppedCount = await dropped;
            var garbageAnswers = await garbage;
            var bigHeaderAnswer = await bigHeader;
            var slowSeconds = await slowClosedAfter;

            // And once more after the attack.
            clock.Restart();
            Assert.Equal("200",
                CurlOk("-o", "/dev/null", "-w", "%{http_code}", $"http://127.0.0.1:{port}/valid?after=attack"));
            var afterMs = clock.Elapsed.TotalMilliseconds;
            Mbs("WebRequest.Release", WaitForRequest(hook));

            var backToBaseline =
                Eventually(() => OpenServerSockets(port) == baselineServer && hookObject.ReadingConnections == 0, 15);
            var afterServer = OpenServerSockets(port);
            var afterProcess = ProcessSockets();

            var figures = new StringBuilder()
                .AppendLine("WebHook hostile-client figures:")
                .AppendLine($"  connections opened and dropped: {droppedCount} (50 at a time, every other one reset)")
                .AppendLine($"  garbage connections: {GarbageConnections}, answered 400: {garbageAnswers}")
                .AppendLine($"  1 MiB header: answer \"{bigHeaderAnswer}\"")
                .AppendLine($"  slow client (1 byte/s, timeout 3 s): closed by the server after {slowSeconds:0.0} s")
                .AppendLine($"  valid request during the attack answered in {validMs:0} ms (curl process included); " +
                    $"after it in {afterMs:0} ms")
                .AppendLine(
                    $"  accepted connections counted by the hook: {Mbs("WebHook.GetConnectionCounter", hook)}, " +
                    $"WebRequests: {Mbs("WebHook.GetWebRequestCounter", hook)}")
                .AppendLine($"  server sockets on the port (/proc/net/tcp*): before {baselineServer}, after " +
                    $"{afterServer}; connections being read: {hookObject.ReadingConnections}")
                .AppendLine($"  sockets of the whole test process (/proc/self/fd, other tests run in parallel): " +
                    $"before {baselineProcess}, after {afterProcess}")
                .ToString();
            output.WriteLine(figures);
            Console.WriteLine(figures);

            Assert.Equal(DroppedConnections, droppedCount);
            Assert.Equal(GarbageConnections, garbageAnswers);
            Assert.True(bigHeaderAnswer.StartsWith("HTTP/1.1 431 ", StringComparison.Ordinal) || bigHeaderAnswer
                == "reset", bigHeaderAnswer);
            Assert.InRange(slowSeconds, 2.0, 10.0);
            Assert.True(backToBaseline, figures);
            Assert.Equal("3", Mbs("WebHook.GetWebRequestCounter", hook)); // warm-up and the two valid requests
        }
        finally { Mbs("WebHook.Release", hook); }
    }

    static Task<T> Dedicated<T>(Func<T> work) => Task.Factory.StartNew(work, TaskCreationOptions.LongRunning);

    /// <summary>Seconds until the server closed the connection.</summary>
    static double SlowClient(int port)
    {
        using var client = new TcpClient("127.0.0.1", port);
        var socket = client.Client;
        var clock = Stopwatch.StartNew();
        var text = Ascii("GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + new string('s', 100));
        foreach (var b in text)
        {
            try
            {
                socket.Send([b]);
                // The server closing shows as a readable socket with 0 bytes (or a reset).
                if (socket.Poll(1_000_000, SelectMode.SelectRead) && socket.Receive(new byte[1]) == 0)
                    return clock.Elapsed.TotalSeconds;
            }
            catch (SocketException) { return clock.Elapsed.TotalSeconds; }
            if (clock.Elapsed.TotalSeconds > 30) break;
        }
        return double.PositiveInfinity;
    }

    static int Garbage(int port)
    {
        var random = new Random(4);
        var answered = 0;
        for (var i = 0; i < GarbageConnections; i++)
        {
            var bytes = new byte[4096];
            random.NextBytes(bytes);
            // a TLS hello to plain HTTP
            if (i == 0) bytes = [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03];
            if (i == 1) bytes = Ascii("GET / HTTP/1.1\r\nHost: x\r\n\0bad: header\r\n\r\n");
            if (i == 2) bytes = Ascii("GET /\x01 HTTP/1.1\r\n\r\n");
            var reply = Encoding.ASCII.GetString(Exchange(port, bytes));
            if (reply.StartsWith("HTTP/1.1 400 Bad Request\r\n", StringComparison.Ordinal)) answered++;
        }
        return answered;
    }

    static string BigHeader(int port)
    {
        using var client = new TcpClient("127.0.0.1", port) { ReceiveTimeout = 15_000, SendTimeout = 15_000 };
        var stream = client.GetStream();
        try
        {
            stream.Write(Ascii("GET /big HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "));
            var chunk = Ascii(new string('a', 64 * 1024));
            for (var i = 0; i < 16; i++) stream.Write(chunk);
            stream.Write(Ascii("\r\n\r\n"));
        }
        catch (IOException) { /* the server stopped reading: expected */ }
        var reply = ReadToEnd(stream);
        return reply.Length == 0 ? "reset" : Encoding.ASCII.GetString(reply).Split("\r\n")[0] + " ";
    }

    static async Task<int> DropConnections(int port)
    {
        var done = 0;
        for (var batch = 0; batch < DroppedConnections / 50; batch++)
        {
            await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, port);
                if (i % 2 == 0) socket.LingerState = new LingerOption(true, 0); // close with RST
                socket.Dispose();
                Interlocked.Increment(ref done);
            }));
        }
        return done;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;
using Xunit.Abstractions;
using static PluginBridge.Engine.Tests.WebHook.WebHookKit;

namespace PluginBridge.Engine.Tests.WebHook;

/// <summary>
/// Idle and slow clients cannot lock the listener out: with 1,000 connections held open that never finish their
/// head (the per-hook cap is 200), or with 200 stalled request bodies, a valid request is answered; the oldest waiting
/// (or stalled) connections make room.
/// Error texts repeat at most 200 characters of what the script passed.
/// </summary>
[Collection("host")] // see WebHookModeTests
public class WebHookPressureTests(ITestOutputHelper output)
{
    const int IdleConnections = 1000;

    [Fact]
    public async Task ValidRequestIsAnsweredWhileAThousandIdleConnectionsAreHeldOpen()
    {
        var (hook, port) = Listen(queueLength: "100");
        var hookObject = PluginBridge.Engine.WebHook.WebHookFunctions.Table.Get(hook);
        var idle = new List<Socket>();
        try
        {
            // Half of them send nothing, half an unfinished head; opened 100 at a time (the listen backlog).
            for (var batch = 0; batch < IdleConnections / 100; batch++)
                idle.AddRange(await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    await socket.ConnectAsync(IPAddress.Loopback, port);
                    if (i % 2 == 1) await socket.SendAsync(Ascii("GET /idle HTTP/1.1\r\nHost: x\r\n"));
                    return socket;
                })));
            Assert.True(Eventually(() => Mbs("WebHook.GetConnectionCounter", hook) == IdleConnections.ToString()));

            var clock = Stopwatch.StartNew();
            var reply = Encoding.ASCII.GetString(await Task.Factory.StartNew(
                () => Exchange(port, Ascii("GET /valid?under=pressure HTTP/1.1\r\nHost: x\r\n\r\n"), seconds: 30),
                    TaskCreationOptions.LongRunning));
            var answerMs = clock.Elapsed.TotalMilliseconds;
            var request = WaitForRequest(hook);
            Assert.Equal("/valid?under=pressure", Mbs("WebRequest.GetURL", request));
            Mbs("WebRequest.Release", request);
            var closedByServer = idle.Count(s => s.Poll(0, SelectMode.SelectRead) && s.Available == 0);

            var figures = $"WebHook under pressure: {IdleConnections} idle connections held open by the client; " +
                $"valid request answered in " +
                $"{answerMs:0.0} ms (raw socket, connect to close); connections being read " +
                    $"{hookObject.ReadingConnections}, " +
                $"evicted {hookObject.EvictedConnections}, idle sockets the server closed {closedByServer}";
            output.WriteLine(figures);
            Console.WriteLine(figures);
            Assert.StartsWith("HTTP/1.1 200 OK\r\n", reply);
            Assert.True(answerMs < 10_000, figures); // generous: the lock-out this guards against lasted up to 20 s
            Assert.InRange(hookObject.ReadingConnections, 1, 200);
            Assert.True(hookObject.EvictedConnections >= IdleConnections - 200, figures);
        }
        finally
        {
            foreach (var s in idle) s.Dispose();
            Mbs("WebHook.Release", hook);
        }
    }

    [Fact]
    public async Task StalledBodiesCannotHoldTheCapEither()
    {
        var (hook, port) = Listen(queueLength: "100");
        var hookObject = PluginBridge.Engine.WebHook.WebHookFunctions.Table.Get(hook);
        var stalled = new List<Socket>();
        try
        {
            // 200 requests (the cap) that promise a body and stop after 10 bytes of it.
            for (var batch = 0; batch < 2; batch++)
                stalled.AddRange(await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    await socket.ConnectAsync(IPAddress.Loopback, port);
                    await socket.SendAsync(
                        Ascii("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n0123456789"));
                    return socket;
                })));
            Assert.True(Eventually(() => hookObject.ReadingConnections == 200));
            // now they count as stalled
            Thread.Sleep(PluginBridge.Engine.WebHook.ConnectionsBeingRead.StalledMilliseconds + 500);

            var reply = Encoding.ASCII.GetString(await Task.Factory.StartNew(
                () => Exchange(port, Ascii("GET /valid HTTP/1.1\r\nHost: x\r\n\r\n"), seconds: 30),
                    TaskCreationOptions.LongRunning));
            Assert.StartsWith("HTTP/1.1 200 OK\r\n", reply);
            var request = WaitForRequest(hook);
            Assert.Equal("/valid", Mbs("WebRequest.GetURL", request));
            Mbs("WebRequest.Release", request);
            Assert.Equal(1, hookObject.EvictedConnections);
        }
        finally
        {
            foreach (var s in stalled) s.Dispose();
            Mbs("WebHook.Release", hook);
        }
    }

    [Fact]
    public void ErrorTextsRepeatAtMost200CharactersOfTheInput()
    {
        var huge = new string('x', 1 << 20);
        var (hook, port) = Listen();
        var second = Mbs("WebHook.Create");
        try
        {
            CurlOk($"http://127.0.0.1:{port}/");
            var request = WaitForRequest(hook);
            foreach (var error in new[]
            {
                MbsError("WebHook.Listen", second, "0", "10", huge),
                MbsError("WebHook.SetSSL", second, huge, huge),
                MbsError("WebHook.GetPort", huge),
                MbsError("WebRequest.GetBody", huge),
                MbsError("WebRequest.GetBody", request, huge),
            })
            {
                Assert.Contains(new string('x', 200) + "…", error);
                Assert.DoesNotContain(new string('x', 201), error);
                Assert.InRange(error.Length, 200, 1000);
            }
            Mbs("WebRequest.Release", request);
        }
        finally
        {
            Mbs("WebHook.Release", second);
            Mbs("WebHook.Release", hook);
        }
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;
using static PluginBridge.Engine.Tests.WebHook.WebHookKit;

namespace PluginBridge.Engine.Tests.WebHook;

/// <summary>
/// Reads that have to wait (on Linux parked in the hook's readiness loop, see WebHook/README.md): a request that
/// arrives a few bytes at a time on a kept-alive connection is read and answered piece by piece, and releasing the
/// hook ends every connection still waiting for its request.
/// </summary>
[Collection("host")] // see WebHookModeTests
public class WebHookParkedReadTests
{
    [Fact]
    public void RequestsArrivingInPiecesOnAKeptConnectionAreAnsweredInOrder()
    {
        var (hook, port) = Listen();
        try
        {
            Mbs("WebHook.SetAutoAnswer", hook,
                "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nOK");
            using var client = new TcpClient("127.0.0.1", port) { NoDelay = true };
            client.ReceiveTimeout = 10_000;
            var stream = client.GetStream();
            var answer = Ascii("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nOK");
            foreach (var path in new[] { "/first", "/second" })
            {
                var request = Ascii($"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
                for (var i = 0; i < request.Length; i += 7) // every piece lands after the server's read has waited
                {
                    stream.Write(request.AsSpan(i, Math.Min(7, request.Length - i)));
                    Thread.Sleep(5);
                }
                var reply = new byte[answer.Length];
                stream.ReadExactly(reply);
                Assert.Equal(Encoding.ASCII.GetString(answer), Encoding.ASCII.GetString(reply));
                var received = WaitForRequest(hook);
                Assert.Equal(path, Mbs("WebRequest.GetURL", received));
                Assert.Equal("hello", Mbs("WebRequest.GetBody", received));
                Mbs("WebRequest.Release", received);
            }
            Assert.Equal("1", Mbs("WebHook.GetConnectionCounter", hook));
        }
        finally { Mbs("WebHook.Release", hook); }
    }

    [Fact]
    public async Task ReleasingTheHookEndsConnectionsWaitingForTheirRequest()
    {
        var (hook, port) = Listen();
        var hookObject = PluginBridge.Engine.WebHook.WebHookFunctions.Table.Get(hook);
        var clients = new List<Socket>();
        var released = false;
        try
        {
            // Half send nothing, half a head that never ends: each one's read waits.
            for (var i = 0; i < 40; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, port);
                if (i % 2 == 1) await socket.SendAsync(Ascii("GET /never HTTP/1.1\r\nHost: x\r\n"));
                clients.Add(socket);
            }
            Assert.True(Eventually(() => hookObject.ReadingConnections == 40), $"{hookObject.ReadingConnections}");
            Mbs("WebHook.Release", hook);
            released = true;
            Assert.True(Eventually(() => hookObject.ReadingConnections == 0), $"{hookObject.ReadingConnections}");
            foreach (var socket in clients)
            {
                socket.ReceiveTimeout = 10_000;
                var buffer = new byte[64];
                int n;
                try { n = socket.Receive(buffer); }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { n = 0; }
                Assert.Equal(0, n); // closed by the server: no answer, no wait for the client's timeout
            }
        }
        finally
        {
            foreach (var s in clients) s.Dispose();
            if (!released) Mbs("WebHook.Release", hook);
        }
    }
}

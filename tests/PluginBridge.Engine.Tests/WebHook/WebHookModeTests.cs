using System.Net.Sockets;
using System.Text;
using PluginBridge.Engine.Core;
using Xunit;
using static PluginBridge.Engine.Tests.WebHook.WebHookKit;

namespace PluginBridge.Engine.Tests.WebHook;

/// <summary>Modes (keep open, raw), polling, settings, ports, two hooks and release.</summary>
// Plugin.Shutdown in other host tests releases every hook; WebHook.Check without a hook sees all requests
[Collection("host")]
public class WebHookModeTests
{
    [Fact]
    public async Task Mode1AnswersFromTheScriptWithWebRequestSend()
    {
        var (hook, port) = Listen();
        try
        {
            Mbs("WebHook.SetMode", hook, "1");
            Mbs("WebHook.SetAutoAnswer", hook, "");
            Assert.Equal("", Mbs("WebHook.GetAutoAnswer", hook));
            var curl = Task.Run(() => RunCurl("-i", $"http://127.0.0.1:{port}/ask?q=1"));
            var request = WaitForRequest(hook);
            Assert.Equal("1", Mbs("WebRequest.GetMode", request));
            var answer = "HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nContent-Length: 7\r\nConnection: " +
                "close\r\n\r\nanswer!";
            Assert.Equal(Encoding.UTF8.GetByteCount(answer).ToString(), Mbs("WebRequest.Send", request, answer));
            Mbs("WebRequest.Release", request); // closes the connection
            var (exit, output, error) = await curl;
            Assert.True(exit == 0, error);
            Assert.Equal(answer, output);
        }
        finally { Mbs("WebHook.Release", hook); }
    }

    [Fact]
    public void SendWithoutAnOpenConnectionIsAnError()
    {
        var (hook, port) = Listen();
        try
        {
            CurlOk($"http://127.0.0.1:{port}/");
            var request = WaitForRequest(hook);
            Assert.StartsWith("[MBS] This WebRequest has no open connection: call WebHook.SetMode with 1",
                MbsError("WebRequest.Send", request, "x"));
            Mbs("WebRequest.Release", request);

            // Mode 1, but the client hangs up first.
            Mbs("WebHook.SetMode", hook, "1");
            Mbs("WebHook.SetAutoAnswer", hook, "");
            using (var client = new TcpClient("127.0.0.1", port))
            {
                client.GetStream().Write(Ascii("GET /gone HTTP/1.1\r\nHost: x\r\n\r\n"));
                request = WaitForRequest(hook);
            }
            Assert.True(Eventually(() => Plugin.Call("WebRequest.Send", request, "late").IsError));
            Assert.StartsWith("[MBS] The connection of this WebRequest is closed",
                MbsError("WebRequest.Send", request, "late"));
            Mbs("WebRequest.Release", request);
        }
        finally { Mbs("WebHook.Release", hook); }
    }

    [Fact]
    public void Mode2TakesRawBytesAndMode3KeepsStreaming()
    {
        var (hook, port) = Listen();
        try
        {
            Mbs("WebHook.SetMode", hook, "2");
            Mbs("WebHook.SetAutoAnswer", hook, "06", "Hex"); // ACK
            var reading = new byte[] { 0x02, (byte)'S', (byte)'T', (byte)',', (byte)'G', (byte)'S', 0x00, 0xFF,
                (byte)'1', (byte)'2', (byte)'.', (byte)'5', (byte)'k', (byte)'g', 0x0D, 0x0A };
            Assert.Equal(new byte[] { 0x06 }, Exchange(port, reading));
            var request = WaitForRequest(hook);
            Assert.Equal(Convert.ToHexString(reading), Mbs("WebRequest.GetRawData", request, "Hex"));
            Assert.Equal(Convert.ToBase64String(reading), Mbs("WebRequest.GetRawData", request, "Base64"));
            Assert.Equal("", Mbs("WebRequest.GetHTTPMethod", request));
            Assert.Equal("2", Mbs("WebRequest.GetMode", request));
            Assert.StartsWith("[MBS] This WebRequest holds raw data", MbsError("WebRequest.URLComponents", request));
            Mbs("WebRequest.Release", request);

            // Mode 3: raw and kept open; later bytes append to the buffer, the script answers with Send.
            Mbs("WebHook.SetMode", hook, "3");
            Mbs("WebHook.SetAutoAnswer", hook, "");
            using var client = new TcpClient("127.0.0.1", port);
            client.ReceiveTimeout = 10_000;
            var stream = client.GetStream();
            stream.Write(Ascii("weight 1\n"));
            request = WaitForRequest(hook);
            Assert.Equal("weight 1\n", Mbs("WebRequest.GetRawData", request, "UTF-8", "1"));
            stream.Write(Ascii("weight 2\n"));
            Assert.True(Eventually(() => Mbs("WebRequest.GetRawData", request) == "weight 2\n"));
            Assert.Equal("3", Mbs("WebRequest.Send", request, "OK\n"));
            var buf = new byte[3];
            stream.ReadExactly(buf);
            Assert.Equal("OK\n", Encoding.ASCII.GetString(buf));
            Mbs("WebRequest.Release", request);
            Assert.Equal(0, stream.Read(buf)); // released: the connection is closed
        }
        finally { Mbs("WebHook.Release", hook); }
    }

    [Fact]
    public void SettersGettersAndDefaultsMatchMbs()
    {
        var hook = Mbs("WebHook.Create");
        try
        {
            Assert.Equal("HTTP/1.1 200 OK\r\nServer: MBS Plugin\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
                Mbs("WebHook.GetAutoAnswer", hook));
            Assert.Equal("0", Mbs("WebHook.GetMode", hook));
            Assert.Equal("300", Mbs("WebHook.GetTimeOut", hook));
            Assert.Equal("0", Mbs("WebHook.GetMaximumRequestSize", hook));
            Assert.Equal("0", Mbs("WebHook.GetSSL", hook));
            Assert.Equal("0", Mbs("WebHook.GetPort", hook));
            Assert.Equal("OK", Mbs("WebHook.SetTimeOut", hook, "60"));
            Assert.Equal("60", Mbs("WebHook.GetTimeOut", hook));
            Assert.Equal("OK", Mbs("WebHook.SetTag", hook, "office365"));
            Assert.Equal("office365", Mbs("WebHook.GetTag", hook));
            Assert.Equal("OK", Mbs("WebHook.SetScript", hook, "Mail.fmp12", "WebHookReceived"));
            Assert.Equal("Mail.fmp12", Mbs("WebHook.GetFileName", hook));
            Assert.Equal("WebHookReceived", Mbs("WebHook.GetScriptName", hook));
            Assert.Equal("OK", Mbs("WebHook.SetAutoAnswer", hook, "HTTP/1.1 204 No Content\r\n\r\n"));
            Assert.Equal("HTTP/1.1 204 No Content\r\n\r\n", Mbs("WebHook.GetAutoAnswer", hook));
            Assert.Contains(hook, Mbs("WebHook.List").Split('\r'));
            Assert.Contains("\"WebHook\" : ", Mbs("Plugin.ObjectCounts"));
            Assert.Contains("\"WebRequest\" : ", Mbs("Plugin.ObjectCounts"));

            Assert.Equal("[MBS] Mode must be 0, 1 (keep connection open), 2 (raw data) or 3 (both); got 4.",
                MbsError("WebHook.SetMode", hook, "4"));
            Assert.Equal("[MBS] Timeout must be from 1 to 86400 seconds; got 0.",
                MbsError("WebHook.SetTimeOut", hook, "0"));
            Assert.StartsWith("[MBS] Parameter 2 of WebHook.SetMaximumRequestSize must be a number",
                MbsError("WebHook.SetMaximumRequestSize", hook, "lots"));
            Assert.Equal("[MBS] Port must be from 1024 to 65535, or 0 for any free port; got 80.",
                MbsError("WebHook.Listen", hook, "80"));
            Assert.Equal("[MBS] QueueLength must be from 2 to 100; got 1000.",
                MbsError("WebHook.Listen", hook, "0", "1000"));
            Assert.StartsWith("[MBS] Unknown interface \"eth9\"", MbsError("WebHook.Listen", hook, "0", "", "eth9"));
            Assert.StartsWith("[MBS] Certificate file not found: /nonexistent/cert.pem.",
                MbsError("WebHook.SetSSL", hook, "/nonexistent/cert.pem", "/nonexistent/key.pem"));
            Assert.StartsWith("[MBS] Too few parameters for WebHook.Listen", MbsError("WebHook.Listen", hook));
        }
        finally { Mbs("WebHook.Release", hook); }
        Assert.StartsWith("[MBS] Invalid WebHook reference number: " + hook, MbsError("WebHook.GetPort", hook));
        Assert.DoesNotContain(hook, Mbs("WebHook.List").Split('\r'));
    }

    [Fact]
    public void PortZeroTwoHooksAndPortInUse()
    {
        var (a, portA) = Listen();
        var (b, portB) = Listen();
        var c = Mbs("WebHook.Create");
        try
        {
            Assert.NotEqual(portA, portB);
            Assert.InRange(portA, 1024, 65535);
            Assert.Equal($"[MBS] Port {portA} is already in use. Pick another port, pass 0 for any free port, or " +
                $"release the WebHook that listens there.", MbsError("WebHook.Listen", c, portA.ToString()));
            Assert.Equal($"[MBS] This WebHook already listens on port {portA}. Create another WebHook for a second " +
                $"port.", MbsError("WebHook.Listen", a, "0"));
            CurlOk($"http://127.0.0.1:{portA}/a");
            CurlOk($"http://127.0.0.1:{portB}/b");
            var ra = WaitForRequest(a);
            var rb = WaitForRequest(b);
            Assert.Equal("/a", Mbs("WebRequest.GetURL", ra));
            Assert.Equal("/b", Mbs("WebRequest.GetURL", rb));
            Assert.Equal(a, Mbs("WebRequest.GetWebHook", ra));
            Assert.Equal(b, Mbs("WebRequest.GetWebHook", rb));
            Mbs("WebRequest.Release", ra);
            Mbs("WebRequest.Release", rb);
            // A released hook frees its port for the next one.
            Mbs("WebHook.Release", a);
            Assert.Equal("OK", Mbs("WebHook.Listen", c, portA.ToString()));
            Assert.Equal(portA.ToString(), Mbs("WebHook.GetPort", c));
        }
        finally
        {
            Plugin.Call("WebHook.Release", a);
            Mbs("WebHook.Release", b);
            Mbs("WebHook.Release", c);
        }
    }

    [Fact]
    public void InterfaceExtensionListensOnTheGivenAddressOnly()
    {
        var hook = Mbs("WebHook.Create");
        try
        {
            Assert.Equal("OK", Mbs("WebHook.Listen", hook, "0", "", "127.0.0.1"));
            var port = Mbs("WebHook.GetPort", hook);
            Assert.Equal(7, RunCurl("-g", $"http://[::1]:{port}/").Exit); // not on ::1
            CurlOk($"http://127.0.0.1:{port}/v4");
            var request = WaitForRequest(hook);
            Assert.Equal("/v4", Mbs("WebRequest.GetURL", request));
            Mbs("WebRequest.Release", request);
            var other = Mbs("WebHook.Create");
            Assert.StartsWith("[MBS] Cannot listen on port 0: the interface address is not an address of this machine.",
                MbsError("WebHook.Listen", other, "0", "", "192.0.2.1"));
            Mbs("WebHook.Release", other);
        }
        finally { Mbs("WebHook.Release", hook); }
    }

    [Fact]
    public void CheckWithoutAHookReturnsNewRequestsOfAllHooks()
    {
        var (a, portA) = Listen();
        var (b, portB) = Listen();
        try
        {
            CurlOk($"http://127.0.0.1:{portA}/1");
            CurlOk($"http://127.0.0.1:{portB}/2");
            var mine = new List<string>();
            Assert.True(Eventually(() =>
            {
                // Only the requests of these two hooks count; tests of other collections may have their own.
                foreach (var r in Mbs("WebHook.Check").Split('\r', StringSplitOptions.RemoveEmptyEntries))
                {
                    var owner = Plugin.Call("WebRequest.GetWebHook", r).Text;
                    if (owner == a || owner == b) mine.Add(r);
                }
                return mine.Count == 2;
            }));
            Assert.Equal(["/1", "/2"], mine.Select(r => Mbs("WebRequest.GetURL", r)).Order());
            foreach (var r in mine) Assert.Contains(r, Mbs("WebRequest.List").Split('\r'));
            foreach (var r in mine) Mbs("WebRequest.Release", r);
        }
        finally { Mbs("WebHook.Release", a); Mbs("WebHook.Release", b); }
    }

    [Fact]
    public void ReleaseClosesConnectionsStillBeingRead()
    {
        var (hook, port) = Listen();
        var clients = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var client = new TcpClient("127.0.0.1", port) { ReceiveTimeout = 10_000 };
                client.GetStream().Write(Ascii("GET /half HTTP/1.1\r\nHost: x\r\n")); // never finished
                clients.Add(client);
            }
            Assert.True(Eventually(() => OpenServerSockets(port) == 5), $"server sockets: {OpenServerSockets(port)}");
            Mbs("WebHook.Release", hook);
            foreach (var client in clients)
            {
                var buf = new byte[16];
                int n;
                try { n = client.GetStream().Read(buf); } catch (IOException) { n = 0; }
                Assert.Equal(0, n); // closed by the server
            }
            Assert.True(Eventually(() => OpenServerSockets(port) == 0),
                $"server sockets after release: {OpenServerSockets(port)}");
            Assert.Throws<SocketException>(() => new TcpClient("127.0.0.1", port).Dispose()); // no longer listening
        }
        finally
        {
            foreach (var c in clients) c.Dispose();
            Plugin.Call("WebHook.Release", hook);
        }
    }
}

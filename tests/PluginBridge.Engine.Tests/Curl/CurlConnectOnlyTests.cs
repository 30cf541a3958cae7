using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>CURL.SetOptionConnectOnly with CURL.SendText/SendData/ReceiveText/ReceiveData against local echo and
/// HTTP servers (plain and TLS), as MBS's "CURL Low Level Sockets" example uses them.</summary>
[Collection("host")]
public class CurlConnectOnlyTests
{
    /// <summary>Echoes every byte back; "bye\n" makes it close the connection.</summary>
    static LoopbackServer EchoServer(ConcurrentQueue<string> received) => new(async (s, cancel) =>
    {
        var buffer = new byte[4096];
        while (true)
        {
            var n = await s.ReadAsync(buffer, cancel);
            if (n == 0) return;
            var text = Encoding.UTF8.GetString(buffer, 0, n);
            received.Enqueue(text);
            await s.WriteAsync(buffer.AsMemory(0, n), cancel);
            await s.FlushAsync(cancel);
            if (text.EndsWith("bye\n", StringComparison.Ordinal)) return;
        }
    });

    /// <summary>Polls as MBS's example does (its Pause is ours: a short sleep) until something other than 81
    /// comes; bounded.</summary>
    static (string Text, string Code) ReceiveNext(string curl, string function = "CURL.ReceiveText",
        params string[] more) => ReceiveUpTo(curl, 100000, function, more);

    static (string Text, string Code) ReceiveUpTo(string curl, int bytes, string function = "CURL.ReceiveText",
        params string[] more)
    {
        for (var i = 0; i < 500; i++)
        {
            var text = Ok(function, [curl, bytes.ToString(), .. more]);
            var code = Ok("CURL.ErrorCode", curl);
            if (code != "81") return (text, code);
            Thread.Sleep(10);
        }
        throw new TimeoutException("nothing arrived within 5 s");
    }

    [Fact]
    public void ConnectOnlySendsAndReceivesOverThePlainConnection()
    {
        var received = new ConcurrentQueue<string>();
        using var server = EchoServer(received);
        var curl = Handle(server.Port);
        Assert.Equal("OK", Ok("CURL.SetOptionConnectOnly", curl, "1"));
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.True(SpinWait.SpinUntil(() => server.Connections == 1, 5000)); // the server's accept may lag
        Assert.Empty(received); // connected, nothing sent
        Assert.Contains("Connected to 127.0.0.1", Debug(curl));

        Assert.Equal("", Ok("CURL.ReceiveText", curl, "100", "UTF-8")); // nothing there yet
        Assert.Equal("81", Ok("CURL.ErrorCode", curl));

        Assert.Equal("14", Ok("CURL.SendText", curl, "Grüße, echo\n", "UTF-8")); // UTF-8 bytes
        Assert.Equal("0", Ok("CURL.ErrorCode", curl));
        Assert.Equal(("Grüße, echo\n", "0"), ReceiveNext(curl, "CURL.ReceiveText", "UTF-8"));

        Assert.Equal("3", Ok("CURL.SendData", curl, "414243")); // hex by default
        Assert.Equal(("414243", "0"), ReceiveNext(curl, "CURL.ReceiveData"));
        Assert.Equal("2", Ok("CURL.SendData", curl, "aGk=", "Base64"));
        Assert.Equal(("aGk=", "0"), ReceiveNext(curl, "CURL.ReceiveData", "Base64"));

        // BytesToRead bounds each read; the rest stays for the next one.
        Ok("CURL.SendText", curl, "abcdef");
        var pieces = new List<string>();
        while (string.Concat(pieces).Length < 6) pieces.Add(ReceiveUpTo(curl, 4).Text);
        Assert.Equal("abcdef", string.Concat(pieces));
        Assert.All(pieces, p => Assert.InRange(p.Length, 1, 4));

        Ok("CURL.SendText", curl, "bye\n");
        var rest = "";
        while (true)
        {
            var (text, code) = ReceiveNext(curl);
            Assert.Equal("0", code);
            if (text == "") break; // closed by the server, as curl's 0-byte read
            rest += text;
        }
        Assert.Equal("bye\n", rest);
        Assert.Equal("Grüße, echo\nABChiabcdefbye\n", string.Concat(received));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void ConnectOnlyOverTlsSpeaksHttpByHand()
    {
        using var cert = LoopbackServer.SelfSigned();
        var ca = LoopbackServer.WritePem(cert);
        using var server = new LoopbackServer(async (s, c) =>
        {
            var r = await Http.ReadAsync(s, c);
            await Http.RespondAsync(s, 200, "OK", $"you asked for {r.Target}");
        }, cert);
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"https://127.0.0.1:{server.Port}/");
        Ok("CURL.SetOptionCAInfo", curl, ca);
        Ok("CURL.SetOptionConnectOnly", curl, "1");
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Contains("SSL certificate verify ok.", Debug(curl));
        Assert.True(double.Parse(Ok("CURL.GetAppConnectTime", curl), System.Globalization.CultureInfo.InvariantCulture)
            > 0);

        var request = "GET /hand HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        Assert.Equal(request.Length.ToString(), Ok("CURL.SendText", curl, request, "UTF-8"));
        var response = "";
        while (true)
        {
            var (text, code) = ReceiveNext(curl, "CURL.ReceiveText", "UTF-8");
            Assert.Equal("0", code);
            if (text == "") break;
            response += text;
        }
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response);
        Assert.EndsWith("you asked for /hand", response);
        Ok("CURL.Release", curl);
        File.Delete(ca);
    }

    [Fact]
    public void ConnectOnlyChecksAPortAsMbsExampleDoes()
    {
        using var open = new TcpListener(IPAddress.Loopback, 0);
        open.Start();
        var port = ((IPEndPoint)open.LocalEndpoint).Port;
        var curl = New();
        Ok("CURL.SetOptionConnectOnly", curl, "1");
        Ok("CURL.SetOptionURL", curl, "127.0.0.1"); // no scheme: curl guesses http
        Ok("CURL.SetOptionConnectionTimeout", curl, "1");
        Ok("CURL.SetOptionPort", curl, port.ToString());
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        open.Stop();

        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var closedPort = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        Ok("CURL.SetOptionPort", curl, closedPort.ToString());
        var refused = Call("CURL.Perform", curl);
        Assert.True(refused.IsError);
        Assert.StartsWith("7: Failed to connect to 127.0.0.1 port", refused.Text);
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void SendWithoutAConnectOnlyConnectionFailsAsCurl()
    {
        var curl = New();
        var sent = Call("CURL.SendText", curl, "hello");
        Assert.True(sent.IsError);
        Assert.StartsWith("1: Failed to get recent socket", sent.Text);
        Assert.Equal("1", Ok("CURL.ErrorCode", curl));
        Assert.True(Call("CURL.SetOptionConnectOnly", curl, "2").IsError); // WebSocket mode is not offered
        Ok("CURL.SetOptionURL", curl, "imap://127.0.0.1:9/");
        Ok("CURL.SetOptionConnectOnly", curl, "1");
        Assert.StartsWith("1: CURL.SetOptionConnectOnly supports http and https", Call("CURL.Perform", curl).Text);
        Ok("CURL.Release", curl);
    }
}

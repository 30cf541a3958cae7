using System.Globalization;
using System.Text;
using System.Text.Json;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>curl's phase timings, the effective method, the remote file time, the header and option getters and
/// CURL.NetworkChanged — each against a local HTTP server (and a scripted SMTP peer for the mail timings).</summary>
[Collection("host")]
public class CurlTransferFactsTests
{
    static double Time(string curl, string name) =>
        double.Parse(Ok("CURL.Get" + name + "Time", curl), CultureInfo.InvariantCulture);

    /// <summary>An HTTP/1.1 server keeping connections open; "/slow" answers after 150 ms, "/from" redirects to
    /// "/to", every answer carries a Last-Modified.</summary>
    static LoopbackServer Server() => new(async (s, cancel) =>
    {
        while (true)
        {
            Http.Request r;
            try { r = await Http.ReadAsync(s, cancel); }
            catch (EndOfStreamException) { return; }
            if (r.Target == "/slow") await Task.Delay(150, cancel);
            var head = r.Target == "/from" ? "HTTP/1.1 302 Found\r\nLocation: /to\r\nContent-Length: 0\r\n"
                : "HTTP/1.1 200 OK\r\nLast-Modified: Wed, 21 Oct 2015 07:28:00 GMT\r\nContent-Length: 2\r\n";
            var body = r.Target == "/from" || r.Method == "HEAD" ? "" : "hi";
            await s.WriteAsync(Encoding.ASCII.GetBytes(head + "\r\n" + body), cancel);
        }
    });

    [Fact]
    public void PhaseTimesAreCumulativeAndAReusedConnectionHasNoConnectPhases()
    {
        using var server = Server();
        var curl = Handle(server.Port, "/slow");
        Assert.Equal("0", Ok("CURL.GetTotalTime", curl)); // before any transfer
        Ok("CURL.Perform", curl);
        var (lookup, connect, app) = (Time(curl, "NameLookup"), Time(curl, "Connect"), Time(curl, "AppConnect"));
        var (pre, start, total) = (Time(curl, "PreTransfer"), Time(curl, "StartTransfer"), Time(curl, "Total"));
        Assert.True(lookup > 0 && lookup <= connect, $"lookup {lookup}, connect {connect}");
        Assert.Equal(0, app); // plain HTTP: no TLS handshake
        Assert.True(connect <= pre && pre <= start && start <= total, $"{connect} {pre} {start} {total}");
        // Task.Delay counts whole timer ticks: it may end up to 1 ms before 150 ms by the Stopwatch.
        Assert.True(start >= 0.145, $"the server answered after 150 ms, start transfer {start}");
        Assert.Equal(0, Time(curl, "Redirect"));

        Ok("CURL.Perform", curl); // same connection
        Assert.Equal(1, server.Connections);
        Assert.Equal((0d, 0d, 0d), (Time(curl, "NameLookup"), Time(curl, "Connect"), Time(curl, "AppConnect")));
        pre = Time(curl, "PreTransfer");
        start = Time(curl, "StartTransfer");
        Assert.True(pre > 0 && pre <= start && start >= 0.145 && start <= Time(curl, "Total"), $"{pre} {start}");
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void HttpsHasAnAppConnectPhaseAfterTheConnect()
    {
        using var cert = LoopbackServer.SelfSigned();
        var ca = LoopbackServer.WritePem(cert);
        using var server = new LoopbackServer(async (s, c) =>
        {
            await Http.ReadAsync(s, c);
            await Http.RespondAsync(s, 200, "OK", "secure");
        }, cert);
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"https://127.0.0.1:{server.Port}/");
        Ok("CURL.SetOptionCAInfo", curl, ca);
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        var (connect, app, pre) = (Time(curl, "Connect"), Time(curl, "AppConnect"), Time(curl, "PreTransfer"));
        Assert.True(connect > 0 && connect < app && app <= pre && pre <= Time(curl, "StartTransfer"),
            $"connect {connect}, app connect {app}, pre transfer {pre}");
        Ok("CURL.Release", curl);
        File.Delete(ca);
    }

    [Fact]
    public void RedirectTimeAndTheMethodOfTheLastRequest()
    {
        using var server = Server();
        var curl = Handle(server.Port, "/from");
        Ok("CURL.SetOptionPostFields", curl, "a=1");
        Ok("CURL.Perform", curl);
        Assert.Equal("GET", Ok("CURL.GetEffectiveMethod", curl)); // curl turns the POST into GET on a 302
        var redirect = Time(curl, "Redirect");
        Assert.True(redirect > 0 && redirect <= Time(curl, "Total"), $"redirect {redirect}");
        // The second request reused the connection: its connect phase adds nothing to the first one's.
        Assert.True(Time(curl, "Connect") <= redirect);

        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/to");
        Ok("CURL.Perform", curl);
        Assert.Equal("POST", Ok("CURL.GetEffectiveMethod", curl));
        Assert.Equal(0, Time(curl, "Redirect"));
        Ok("CURL.SetOptionCustomRequest", curl, "DELETE");
        Ok("CURL.Perform", curl);
        Assert.Equal("DELETE", Ok("CURL.GetEffectiveMethod", curl));
        Ok("CURL.SetOptionCustomRequest", curl, "");
        Ok("CURL.SetOptionNoBody", curl, "1");
        Ok("CURL.Perform", curl);
        Assert.Equal("HEAD", Ok("CURL.GetEffectiveMethod", curl));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void FileTimeIsTheLastModifiedWhenAskedFor()
    {
        using var server = Server();
        var curl = Handle(server.Port, "/file.txt");
        Ok("CURL.SetOptionNoBody", curl, "1");
        Ok("CURL.Perform", curl);
        Assert.Equal("", Ok("CURL.GetFileTime", curl)); // not asked for, as curl's -1
        Assert.Equal("OK", Ok("CURL.SetOptionFileTime", curl, "1"));
        Ok("CURL.Perform", curl);
        var expected = new DateTimeOffset(2015, 10, 21, 7, 28, 0, TimeSpan.Zero).LocalDateTime;
        Assert.Equal(expected.ToString("M/d/yyyy h:mm:ss tt", CultureInfo.InvariantCulture),
            Ok("CURL.GetFileTime", curl));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void MailTransfersTimeTheirPhasesToo()
    {
        using var server = new LineServer("220 mail.example.test ESMTP", line =>
            line.Split(' ')[0].ToUpperInvariant() switch
            {
                "EHLO" => "250-mail.example.test\n250 8BITMIME",
                "DATA" => "354 go ahead",
                "QUIT" => "221 Bye",
                _ => "250 Ok",
            });
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"smtp://127.0.0.1:{server.Port}");
        Ok("CURL.SetOptionMailFrom", curl, "alice@example.test");
        Ok("CURL.SetOptionMailRecipients", curl, "bob@example.test");
        Ok("CURL.SetInputText", curl, "Subject: t\r\n\r\nhello\r\n");
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        var (connect, pre, start) = (Time(curl, "Connect"), Time(curl, "PreTransfer"), Time(curl, "StartTransfer"));
        Assert.True(connect > 0 && connect <= pre && pre <= start && start <= Time(curl, "Total"),
            $"connect {connect}, pre transfer {pre} (after EHLO), start transfer {start}");
        Assert.Equal("", Ok("CURL.GetEffectiveMethod", curl)); // curl reports a method for HTTP only
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void HeaderAndOptionGettersShowWhatWasSet()
    {
        var curl = New();
        Ok("CURL.SetOptionURL", curl, "http://127.0.0.1:9/x");
        Ok("CURL.SetOptionHTTPHeader", curl, "Content-Type: application/json", "Expect:");
        Ok("CURL.AddOptionHTTPHeader", curl, "X-Trace: 1");
        Assert.Equal("Content-Type: application/json\rExpect:\rX-Trace: 1", Ok("CURL.GetOptionHTTPHeader", curl));
        Ok("CURL.SetOptionPassword", curl, "s3cret-pass");
        Ok("CURL.SetOptionTimeOut", curl, "20");
        Ok("CURL.SetOptionMaxRedirs", curl, "5");

        var options = Ok("CURL.Options", curl);
        Assert.DoesNotContain("s3cret-pass", options);
        var json = JsonDocument.Parse(options).RootElement;
        Assert.Equal("http://127.0.0.1:9/x", json.GetProperty("URL").GetString());
        Assert.Equal(["Content-Type: application/json", "Expect:", "X-Trace: 1"],
            json.GetProperty("HTTPHeader").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal("[redacted]", json.GetProperty("Password").GetString());
        Assert.Equal((20, 5, 1), (json.GetProperty("TimeOut").GetInt32(), json.GetProperty("MaxRedirs").GetInt32(),
            json.GetProperty("Verbose").GetInt32()));

        Ok("CURL.SetOptionRedactSecrets", curl, "0");
        Assert.Contains("\"Password\" : \"s3cret-pass\"", Ok("CURL.Options", curl));
        Ok("CURL.Reset", curl);
        Assert.False(JsonDocument.Parse(Ok("CURL.Options", curl)).RootElement.TryGetProperty("URL", out _));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void NetworkChangedClosesTheKeptConnection()
    {
        using var server = Server();
        var curl = Handle(server.Port);
        Ok("CURL.Perform", curl);
        Ok("CURL.Perform", curl);
        Assert.Equal(1, server.Connections);
        Assert.Equal("OK", Ok("CURL.NetworkChanged", curl, "0", "1")); // DNS only: nothing kept to clear
        Ok("CURL.Perform", curl);
        Assert.Equal(1, server.Connections);
        Assert.Equal("OK", Ok("CURL.NetworkChanged", curl, "1", "1"));
        Ok("CURL.Perform", curl);
        Assert.Equal(2, server.Connections);
        Assert.True(Time(curl, "Connect") > 0);
        Ok("CURL.Release", curl);
    }
}

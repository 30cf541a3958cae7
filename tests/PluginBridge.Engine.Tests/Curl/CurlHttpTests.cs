using System.Collections.Concurrent;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl;

// Plugin.Shutdown (run by the "host" tests) releases every handle, so handle-using tests share that collection.
[Collection("host")]
public class CurlHttpTests
{
    [Fact]
    public void TokenRequestPostsTheFormAndRedactsSecretsInTheDebugText()
    {
        var received = new ConcurrentQueue<Http.Request>();
        using var server = new LoopbackServer(async (s, c) =>
        {
            received.Enqueue(await Http.ReadAsync(s, c));
            await Http.RespondAsync(s, 200, "OK", "{\"access_token\":\"at-123456\",\"token_type\":\"Bearer\"}",
                "Content-Type: application/json");
        });
        var curl = New();
        var form = "code=the-auth-code-42&client_id=app&client_secret=very-secret-value&grant_type=authorization_code";
        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/tenant/oauth2/v2.0/token");
        Ok("CURL.SetOptionPostFields", curl, form, "UTF-8");
        // The article passes a header without a colon: libcurl ignores such a line, and so do we.
        Ok("CURL.SetOptionHTTPHeader", curl, "application/x-www-form-urlencoded");

        Assert.Equal("OK", Ok("CURL.Perform", curl));

        Assert.Equal("200", Ok("CURL.GetResponseCode", curl));
        Assert.Equal("{\"access_token\":\"at-123456\",\"token_type\":\"Bearer\"}", Ok("CURL.GetResultAsText", curl));
        var request = Assert.Single(received);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/tenant/oauth2/v2.0/token", request.Target);
        Assert.Equal(form, request.Body);
        Assert.Equal("application/x-www-form-urlencoded", request.Headers["Content-Type"]);
        Assert.Equal("*/*", request.Headers["Accept"]);

        var debug = Debug(curl);
        Assert.Contains($"  Trying 127.0.0.1:{server.Port}...", debug);
        Assert.Contains($"Connected to 127.0.0.1 (127.0.0.1) port {server.Port} (#0)", debug);
        Assert.Contains("POST /tenant/oauth2/v2.0/token HTTP/1.1", debug);
        Assert.True(debug.IndexOf("Connected to", StringComparison.Ordinal) < debug.IndexOf("POST /tenant",
            StringComparison.Ordinal), debug);
        Assert.Contains("HTTP/1.1 200 OK", debug);
        Assert.Contains("client_id=app", debug);
        Assert.Contains("client_secret=[redacted]", debug);
        Assert.Contains("code=[redacted]", debug);
        Assert.DoesNotContain("very-secret-value", debug);
        Assert.DoesNotContain("the-auth-code-42", debug);
        var headers = Ok("CURL.GetHeaders", curl);
        Assert.StartsWith("HTTP/1.1 200 OK\r", headers);
        Assert.Contains("\rContent-Type: application/json\r", headers);
        Assert.EndsWith("\r\r", headers);
        Assert.Equal("OK", Ok("CURL.Release", curl));
    }

    [Fact]
    public void RedactionCanBeTurnedOffByTheScript()
    {
        using var server = new LoopbackServer(async (s, c) =>
            { await Http.ReadAsync(s, c); await Http.RespondAsync(s, 200, "OK", ""); });
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/token");
        Ok("CURL.SetOptionPostFields", curl, "client_secret=very-secret-value");
        Ok("CURL.SetOptionRedactSecrets", curl, "0");
        Ok("CURL.Perform", curl);
        Assert.Contains("client_secret=very-secret-value", Debug(curl));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void HttpErrorStatusIsATransportSuccess()
    {
        using var server = new LoopbackServer(async (s, c) =>
        {
            await Http.ReadAsync(s, c);
            await Http.RespondAsync(s, 400, "Bad Request", "{\"error\":\"invalid_grant\"}",
                "Content-Type: application/json");
        });
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/token");
        Ok("CURL.SetOptionPostFields", curl, "code=bad");
        var perform = Call("CURL.Perform", curl);
        Assert.Equal("OK", perform.Text);
        Assert.False(perform.IsError);
        Assert.Equal("400", Ok("CURL.GetResponseCode", curl));
        Assert.Equal("{\"error\":\"invalid_grant\"}", Ok("CURL.GetResultAsText", curl));
        Assert.Equal("0", Ok("CURL.ErrorCode", curl));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void RedirectsAreFollowedUpToMaxRedirs()
    {
        using var server = new LoopbackServer(async (s, c) =>
        {
            var r = await Http.ReadAsync(s, c);
            var n = int.Parse(r.Target.TrimStart('/'));
            if (n < 5) await Http.RespondAsync(s, 302, "Found", "moved", $"Location: /{n + 1}");
            else await Http.RespondAsync(s, 200, "OK", $"arrived with {r.Method}");
        });
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/2");
        Ok("CURL.SetOptionPostFields", curl, "a=1");
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Equal("arrived with GET", Ok("CURL.GetResultAsText", curl)); // 302 turns POST into GET, as curl does
        Assert.Contains("Issue another request to this URL:", Debug(curl));

        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/1"); // 4 hops: one more than MBS's default 3
        var tooMany = Call("CURL.Perform", curl);
        Assert.True(tooMany.IsError);
        Assert.Equal("47: Maximum (3) redirects followed", tooMany.Text);
        Assert.Equal("47", Ok("CURL.ErrorCode", curl));

        Ok("CURL.SetOptionFollowLocation", curl, "0");
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Equal("302", Ok("CURL.GetResponseCode", curl));
        Ok("CURL.Release", curl);
    }

    // mbs-functions.md §6: SetOptionUserName / SetOptionPassword take an Encoding (default UTF-8).
    [Fact]
    public void BasicAuthUsesTheCredentialEncodings()
    {
        var received = new ConcurrentQueue<Http.Request>();
        using var server = new LoopbackServer(async (s, c) =>
            { received.Enqueue(await Http.ReadAsync(s, c)); await Http.RespondAsync(s, 200, "OK", ""); });
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/h");
        Ok("CURL.SetOptionUserName", curl, "jürgen", "ISO-8859-1");
        Ok("CURL.SetOptionPassword", curl, "grüße");
        Ok("CURL.Perform", curl);
        byte[] expected = [.. System.Text.Encoding.Latin1.GetBytes("jürgen:"), .. "grüße"u8.ToArray()];
        Assert.Equal("Basic " + Convert.ToBase64String(expected), Assert.Single(received).Headers["Authorization"]);
        Assert.StartsWith("[MBS] Unknown text encoding",
            Call("CURL.SetOptionPassword", curl, "x", "no-such-charset").Text);
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void HeaderListsFollowCurlsRules()
    {
        var received = new ConcurrentQueue<Http.Request>();
        using var server = new LoopbackServer(async (s, c) => { received.Enqueue(
            await Http.ReadAsync(s, c)); await Http.RespondAsync(s, 200, "OK", "line1\r\nline2\nline3"); });
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/h");
        Ok("CURL.SetOptionHTTPHeader", curl, "X-One: 1", "Accept:");
        Ok("CURL.AddOptionHTTPHeader", curl, "X-Two: 2\rX-Three: 3");
        Ok("CURL.SetOptionUserAgent", curl, "PluginBridge-Test");
        Ok("CURL.SetOptionCustomRequest", curl, "PATCH");
        Ok("CURL.SetOptionUserName", curl, "alice");
        Ok("CURL.SetOptionPassword", curl, "basic-secret");
        Ok("CURL.Perform", curl);
        var r = Assert.Single(received);
        Assert.Equal("Basic " + Convert.ToBase64String("alice:basic-secret"u8.ToArray()), r.Headers["Authorization"]);
        Assert.Contains("Authorization: Basic [redacted]", Debug(curl));
        Assert.Equal("PATCH", r.Method);
        Assert.Equal(("1", "2", "3", "PluginBridge-Test"),
            (r.Headers["X-One"], r.Headers["X-Two"], r.Headers["X-Three"], r.Headers["User-Agent"]));
        Assert.False(r.Headers.ContainsKey("Accept"));
        // Line endings: ¶ (CR) unless preserveLineEndings = 1.
        Assert.Equal("line1\rline2\rline3", Ok("CURL.GetResultAsText", curl));
        Assert.Equal("line1\r\nline2\nline3", Ok("CURL.GetResultAsText", curl, "UTF-8", "1"));
        var data = Call("CURL.GetResultAsData", curl, "FILE");
        Assert.Equal("line1\r\nline2\nline3"u8.ToArray(), data.Bytes);
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void UploadIsAPutOfTheInputData()
    {
        var received = new ConcurrentQueue<Http.Request>();
        using var server = new LoopbackServer(async (s, c) =>
            { received.Enqueue(await Http.ReadAsync(s, c)); await Http.RespondAsync(s, 201, "Created", ""); });
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/files/a.txt");
        Ok("CURL.SetOptionUpload", curl, "1");
        Ok("CURL.SetInputText", curl, "48656C6C6F", "hex");
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.Equal("201", Ok("CURL.GetResponseCode", curl));
        var r = Assert.Single(received);
        Assert.Equal(("PUT", "Hello"), (r.Method, r.Body));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void MaxRedirsCanBeLowered()
    {
        using var server = new LoopbackServer(async (s, c) =>
            { await Http.ReadAsync(s, c); await Http.RespondAsync(s, 301, "Moved", "", "Location: /again"); });
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/");
        Ok("CURL.SetOptionMaxRedirs", curl, "1");
        Assert.Equal("47: Maximum (1) redirects followed", Call("CURL.Perform", curl).Text);
        Assert.Equal(2, server.Connections);
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void BackgroundTransferQueuesTheFinishedScriptForIdle()
    {
        var host = new RecordingHost();
        Engine.Core.Plugin.Init(host);
        try
        {
            using var server = new LoopbackServer(async (s, c) =>
                { await Http.ReadAsync(s, c); await Http.RespondAsync(s, 200, "OK", "done"); });
            var curl = New();
            Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/");
            Ok("CURL.SetFinishedScript", curl, "Mail", "TransferFinished");
            Assert.Equal("0", Ok("CURL.PerformInBackground", curl));
            for (var i = 0; i < 200 && host.Started.IsEmpty; i++) { Engine.Core.Plugin.Idle(); Thread.Sleep(25); }
            var started = Assert.Single(host.Started);
            Assert.Equal(("Mail", "TransferFinished", curl, Engine.Core.ScriptControl.Pause), started);
            // The script is queued just before the worker ends; IsRunning turns 0 right after.
            for (var i = 0; i < 200 && Ok("CURL.IsRunning", curl) == "1"; i++) Thread.Sleep(10);
            Assert.Equal("0", Ok("CURL.IsRunning", curl));
            Assert.Equal("done", Ok("CURL.GetResultAsText", curl));
            Ok("CURL.Release", curl);
        }
        finally { Engine.Core.Plugin.Shutdown(); }
    }

    sealed class RecordingHost : Engine.Core.IHost
    {
        public readonly ConcurrentQueue<(string, string, string, Engine.Core.ScriptControl)> Started = new();
        public int StartScript(string f, string s, string p,
            Engine.Core.ScriptControl c) { Started.Enqueue((f, s, p, c)); return 0; }
        public int WebViewer(string v, string a, string u) => 0;
    }
}

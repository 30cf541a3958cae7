using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>
/// The HTTP functions scripts use beyond the article — POST, Bearer auth, multipart forms (parsed back with
/// MimeKit's independent parser), cookies (the jar file read by the curl command line), headers as received —
/// each against a local server.
/// </summary>
[Collection("host")]
public class CurlCompatHttpTests
{
    static (LoopbackServer Server, ConcurrentQueue<Http.Request> Received) Server(int status = 200,
        string body = "done", params string[] headers)
    {
        var received = new ConcurrentQueue<Http.Request>();
        var server = new LoopbackServer(async (s, c) =>
            { received.Enqueue(await Http.ReadAsync(s, c)); await Http.RespondAsync(s, status, "OK", body, headers); });
        return (server, received);
    }

    [Fact]
    public void SetOptionPostSendsTheInputDataAsAFormPost()
    {
        var (server, received) = Server();
        using var _ = server;
        var curl = Handle(server.Port);
        Ok("CURL.SetOptionPost", curl, "1");
        Ok("CURL.SetInputText", curl, "a=1&b=2");
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        var r = Assert.Single(received);
        Assert.Equal(("POST", "a=1&b=2", "application/x-www-form-urlencoded"),
            (r.Method, r.Body, r.Headers["Content-Type"]));
        Ok("CURL.SetOptionPost", curl, "0");
        Ok("CURL.Perform", curl);
        Assert.Equal("GET", received.Last().Method);
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void HttpAuthBearerSendsTheTokenAndBasicStaysTheDefault()
    {
        var (server, received) = Server();
        using var _ = server;
        var curl = Handle(server.Port);
        Ok("CURL.SetOptionXOAuth2Bearer", curl, "token-123");
        Ok("CURL.Perform", curl);
        Assert.False(received.Last().Headers.ContainsKey("Authorization")); // curl: bearer only with CURLAUTH_BEARER
        Ok("CURL.SetOptionHTTPAuth", curl, "64");
        Ok("CURL.Perform", curl);
        Assert.Equal("Bearer token-123", received.Last().Headers["Authorization"]);
        Assert.DoesNotContain("token-123", Debug(curl));
        var refused = Call("CURL.SetOptionHTTPAuth", curl, "2");
        Assert.True(refused.IsError);
        Assert.Contains("Digest", refused.Text);
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void FormPartsArriveAsMultipartFormData()
    {
        var (server, received) = Server();
        using var _ = server;
        var file = Path.Combine(Path.GetTempPath(), $"pb-form-{Guid.NewGuid():N}.txt");
        File.WriteAllText(file, "file content");
        try
        {
            var curl = Handle(server.Port, "/upload");
            Ok("CURL.FormAddKeyValue", curl, "city", "Nickenich");
            Ok("CURL.FormAddKeyText", curl, "note", "note.txt", "Grüße", "UTF-8", "text/plain; charset=utf-8",
                "Content-Id: 1234");
            Ok("CURL.FormAddKeyFile", curl, "doc", file);
            Ok("CURL.FormFinish", curl);
            Assert.Equal("OK", Ok("CURL.Perform", curl));

            var r = Assert.Single(received);
            Assert.Equal("POST", r.Method);
            var type = MimeKit.ContentType.Parse(r.Headers["Content-Type"]);
            Assert.Equal("multipart/form-data", type.MimeType);
            var form = (MimeKit.Multipart)MimeKit.MimeEntity.Load(type,
                new MemoryStream(Encoding.UTF8.GetBytes(r.Body)));
            Assert.Equal(3, form.Count);
            var parts = form.Cast<MimeKit.MimePart>().ToList();
            Assert.Equal(["city", "note", "doc"], parts.Select(p => p.ContentDisposition!.Parameters["name"]));
            Assert.Equal("Nickenich", Text(parts[0]));
            Assert.Equal(("note.txt", "Grüße", "1234"), (parts[1].FileName, Text(parts[1]), parts[1].ContentId));
            Assert.Equal((Path.GetFileName(file), "text/plain", "file content"),
                (parts[2].FileName, parts[2].ContentType.MimeType, Text(parts[2])));
            Ok("CURL.Release", curl);
        }
        finally { File.Delete(file); }
    }

    static string Text(MimeKit.MimePart part)
    {
        using var m = new MemoryStream();
        part.Content!.DecodeTo(m);
        return Encoding.UTF8.GetString(m.ToArray());
    }

    [Fact]
    public void FormWithoutFinishIsNotSent()
    {
        var (server, received) = Server();
        using var _ = server;
        var curl = Handle(server.Port);
        Ok("CURL.FormAddKeyValue", curl, "a", "1");
        Ok("CURL.Perform", curl);
        Assert.Equal("GET", Assert.Single(received).Method);
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void HeadersComeBackAsReceivedAndAsJson()
    {
        var server = new LoopbackServer(async (s, c) =>
        {
            await Http.ReadAsync(s, c);
            var head = "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1 (Debian)\r\nx-lower-case: yes\r\nSet-Cookie: " +
                "a=1\r\nSet-Cookie: b=2\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi";
            await s.WriteAsync(Encoding.ASCII.GetBytes(head), c);
        });
        using var _ = server;
        var curl = Handle(server.Port);
        Ok("CURL.Perform", curl);
        Assert.Equal("HTTP/1.1 200 OK\r\nServer: nginx/1.22.1 (Debian)\r\nx-lower-case: yes\r\nSet-Cookie: " +
            "a=1\r\nSet-Cookie: b=2\r\nContent-Length: 2\r\nConnection: close\r\n\r\n",
            Ok("CURL.GetHeaders", curl, "UTF-8", "1"));
        using var json = System.Text.Json.JsonDocument.Parse(Ok("CURL.GetHeaderAsJSON", curl));
        var root = json.RootElement;
        Assert.Equal(("1.1", "200", "OK"), (root.GetProperty("HTTP-Version").GetString(),
            root.GetProperty("HTTP-ResponseCode").GetString(), root.GetProperty("HTTP-ResponseMessage").GetString()));
        Assert.Equal("nginx/1.22.1 (Debian)", root.GetProperty("Server").GetString());
        Assert.Equal(["a=1", "b=2"], root.GetProperty("Set-Cookie").EnumerateArray().Select(e => e.GetString()));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void CookiesRoundTripAcrossRedirectsAndPerformsAndTheJarIsReadByCurl()
    {
        var received = new ConcurrentQueue<Http.Request>();
        var server = new LoopbackServer(async (s, c) =>
        {
            var r = await Http.ReadAsync(s, c);
            received.Enqueue(r);
            if (r.Target == "/login") await Http.RespondAsync(s, 302, "Found", "", "Location: /home",
                "Set-Cookie: sid=abc123; Path=/; HttpOnly", "Set-Cookie: pref=dark; Max-Age=3600");
            else await Http.RespondAsync(s, 200, "OK", r.Headers.GetValueOrDefault("Cookie", "none"));
        });
        using var _ = server;
        var jar = Path.Combine(Path.GetTempPath(), $"pb-cookies-{Guid.NewGuid():N}.txt");
        try
        {
            var curl = Handle(server.Port, "/login");
            Ok("CURL.SetOptionCookieFile", curl, "");
            Ok("CURL.SetOptionCookieJar", curl, jar);
            Ok("CURL.Perform", curl);
            Assert.Equal("sid=abc123; pref=dark", Ok("CURL.GetResultAsText", curl)); // sent on the redirect hop
            Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/again");
            Ok("CURL.Perform", curl);
            Assert.Equal("sid=abc123; pref=dark", Ok("CURL.GetResultAsText", curl)); // and on the next perform
            var list = Ok("CURL.GetCookieList", curl).Split('\r');
            Assert.Contains("#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\tsid\tabc123", list);
            Assert.Contains(list, l => l.StartsWith("127.0.0.1\tFALSE\t/\tFALSE\t", StringComparison.Ordinal)
                && l.EndsWith("\tpref\tdark", StringComparison.Ordinal));

            // Session cookies are secrets: the jar is owner-only (written whole, through AtomicFile).
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(jar));
            // The jar file is curl's own format: the curl command line sends its cookies.
            var psi = new ProcessStartInfo("curl",
                ["-s", "-b", jar, $"http://127.0.0.1:{server.Port}/by-curl"]) { RedirectStandardOutput = true };
            using var p = Process.Start(psi)!;
            Assert.True(p.WaitForExit(10_000));
            Assert.Contains("sid=abc123", p.StandardOutput.ReadToEnd());

            Ok("CURL.SetOptionCookieList", curl, "ALL");
            Assert.Equal("", Ok("CURL.GetCookieList", curl));
            Ok("CURL.Perform", curl);
            Assert.Equal("none", Ok("CURL.GetResultAsText", curl));
            Ok("CURL.Release", curl);
        }
        finally { File.Delete(jar); }
    }

    [Fact]
    public void CookieEngineIsOffUntilTurnedOn()
    {
        var (server, received) = Server(200, "x", "Set-Cookie: sid=1");
        using var _ = server;
        var curl = Handle(server.Port);
        Ok("CURL.Perform", curl);
        Ok("CURL.Perform", curl);
        Assert.All(received, r => Assert.False(r.Headers.ContainsKey("Cookie")));
        Assert.Equal("", Ok("CURL.GetCookieList", curl));
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void ResultAsContainerTakesItsNameFromTheUrl()
    {
        var (server, _) = Server(200, "%PDF-1.4");
        using var __ = server;
        var curl = Handle(server.Port, "/files/report%20v2.pdf?x=1");
        Ok("CURL.Perform", curl);
        var c = Call("CURL.GetResultAsContainer", curl);
        Assert.Equal(("report v2.pdf", "%PDF-1.4"), (c.FileName, Encoding.UTF8.GetString(c.Bytes!)));
        Assert.Equal("given.bin", Call("CURL.GetResultAsContainer", curl, "given.bin").FileName);
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void ResetRestoresDefaultsButKeepsTagAndCookies()
    {
        var (server, received) = Server(200, "x", "Set-Cookie: sid=1");
        using var _ = server;
        var curl = Handle(server.Port);
        Ok("CURL.SetTag", curl, "record 42");
        Ok("CURL.SetOptionCookieFile", curl, "");
        Ok("CURL.SetOptionUserName", curl, "alice");
        Ok("CURL.SetOptionPostFields", curl, "a=1");
        Ok("CURL.Perform", curl);
        Assert.Equal("alice", Ok("CURL.GetOptionUserName", curl));
        Assert.Equal("OK", Ok("CURL.Reset", curl));
        Assert.Equal("", Ok("CURL.GetOptionUserName", curl));
        Assert.Equal("record 42", Ok("CURL.GetTag", curl));
        var r = Call("CURL.Perform", curl);
        Assert.True(r.IsError);
        Assert.StartsWith("3: No URL set", r.Text);
        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/");
        Ok("CURL.Perform", curl);
        Assert.Equal(("GET", "sid=1"), (received.Last().Method, received.Last().Headers["Cookie"]));
        Ok("CURL.Release", curl);
    }

    /// <summary>MBS's optional Offset and Length upload a part of the container; a part beyond its end is
    /// refused.</summary>
    [Fact]
    public void InputFileTakesOffsetAndLength()
    {
        var (server, received) = Server();
        using var _ = server;
        var curl = Handle(server.Port);
        Ok("CURL.SetOptionUpload", curl, "1");
        var data = Engine.Core.Value.FromContainer("0123456789"u8.ToArray(), "a.bin");
        Engine.Core.Value Input(params string[] range) => Engine.Core.Plugin.Call("CURL.SetInputFile",
            [Engine.Core.Value.FromText(curl), data, .. range.Select(Engine.Core.Value.FromText)]);
        Assert.False(Input("2", "5").IsError);
        Ok("CURL.Perform", curl);
        Assert.Equal("23456", received.Last().Body);
        var beyond = Input("8", "5");
        Assert.True(beyond.IsError);
        Assert.StartsWith("[MBS] Parameter 4 of CURL.SetInputFile (Length) must be a whole number from 0 to 2",
            beyond.Text);
        Assert.False(Input("7").IsError);
        Ok("CURL.Perform", curl);
        Assert.Equal("789", received.Last().Body);
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void InputFileIsAContainersBytes()
    {
        var (server, received) = Server();
        using var _ = server;
        var curl = Handle(server.Port);
        Ok("CURL.SetOptionUpload", curl, "1");
        Assert.False(Engine.Core.Plugin.Call("CURL.SetInputFile", [Engine.Core.Value.FromText(curl),
            Engine.Core.Value.FromContainer("part1-"u8.ToArray(), "a.bin")]).IsError);
        Ok("CURL.AddInputText", curl, "part2");
        Ok("CURL.Perform", curl);
        Assert.Equal(("PUT", "part1-part2"), (received.Last().Method, received.Last().Body));
        Ok("CURL.Release", curl);
    }
}

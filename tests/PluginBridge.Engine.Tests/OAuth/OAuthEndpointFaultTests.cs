using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PluginBridge.Engine.Core;
using PluginBridge.Engine.OAuth;
using PluginBridge.Engine.Tests.Curl;
using Xunit;

namespace PluginBridge.Engine.Tests.OAuth;

/// <summary>
/// Issue 13 items 2 and 5 for the OAuth family: an OpenID Connect issuer on loopback TLS (a scripted server) whose
/// discovery or token endpoint answers HTML, 500, garbage JSON or stalls. Each ends in an "[MBS] " error with the
/// server's reply passed through (capped), IsError set; a background sign-in that fails inside records the error
/// for OAuth.SignInResult and still queues the finished script.
/// </summary>
[Collection("host")]
public class OAuthEndpointFaultTests
{
    sealed class RecordingHost : IHost
    {
        public readonly ConcurrentQueue<(string File, string Script, string Parameter)> Started = new();
        public int StartScript(string f, string s, string p, ScriptControl c) { Started.Enqueue((f, s, p)); return 0; }
        public int WebViewer(string v, string a, string u) => 0;
    }

    delegate Task Answer(Stream s, Http.Request request, CancellationToken stop);

    /// <summary>An issuer at https://127.0.0.1:PORT: discovery and device authorization answer as a real one does
    /// unless <paramref name="answer"/> (asked first) takes the request.</summary>
    sealed class Issuer : IDisposable
    {
        static readonly X509Certificate2 cert = LoopbackServer.SelfSigned();
        readonly LoopbackServer server;
        public string Url => $"https://127.0.0.1:{server.Port}";

        public Issuer(Func<Http.Request, Answer?> answer)
        {
            TokenHttp.ExtraTrustedRoot = cert;
            server = new LoopbackServer(async (s, stop) =>
            {
                var request = await Http.ReadAsync(s, stop);
                if (answer(request) is { } special) { await special(s, request, stop); return; }
                var body = request.Target switch
                {
                    Config => $$"""
                        {"issuer":"{{Url}}","authorization_endpoint":"{{Url}}/auth","token_endpoint":"{{Url}}/token",
                        "device_authorization_endpoint":"{{Url}}/device"}
                        """,
                    "/device" => """
                        {"device_code":"dc","user_code":"ABCD","verification_uri":"https://127.0.0.1/verify",
                        "interval":1,"expires_in":60}
                        """,
                    _ => """{"error":"not_found"}""",
                };
                await Http.RespondAsync(s, 200, "OK", body, "Content-Type: application/json");
            }, cert);
        }

        public void Dispose() { server.Dispose(); TokenHttp.ExtraTrustedRoot = null; }
    }

    static Answer Reply(int status, string body, string type = "text/html") =>
        (s, _, _) => Http.RespondAsync(s, status, status == 200 ? "OK" : "Error", body, "Content-Type: " + type);

    static Answer Stall => async (_, _, stop) => await Task.Delay(Timeout.Infinite, stop);

    static string Handle(string issuer)
    {
        var v = Plugin.Call("OAuth.New", issuer);
        Assert.False(v.IsError, v.Text);
        Assert.Equal("OK", Plugin.Call("OAuth.SetClient", v.Text, "app", "s3cret-value").Text);
        return v.Text;
    }

    const string Html = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>upstream down</body>\n</html>";
    const string HtmlSaid = "\"<html> <head><title>502 Bad Gateway</title></head> <body>upstream down</body> </html>\"";
    const string Config = "/.well-known/openid-configuration";
    const string AtConfig = "The OpenID configuration at {0}" + Config;
    const string Refused = "The token endpoint refused the client credentials";
    const string Json = "application/json";

    public static TheoryData<string, int, string, string, string> Cases => new()
    {
        // where, status, body, content type, the error's text after "[MBS] "
        { Config, 502, Html, "text/html", AtConfig + $" answered HTTP 502; the server said {HtmlSaid}. " +
            "Check the issuer URL given to OAuth.New or OAuth.SetAuthority." },
        { Config, 200, Html, "text/html",
            AtConfig + $" is no JSON object; the server said {HtmlSaid}. Check the issuer URL." },
        { Config, 200, "[\"issuer\"]", Json,
            AtConfig + " is no JSON object; the server said \"[\"issuer\"]\". Check the issuer URL." },
        { "/token", 500, "Internal Server Error", "text/plain",
            Refused + " (HTTP 500, the server said \"Internal Server Error\")." },
        { "/token", 502, Html, "text/html", Refused + $" (HTTP 502, the server said {HtmlSaid})." },
        { "/token", 200, "{\"access_token\":", Json,
            Refused + " (invalid_response: the answer is not JSON, the server said \"{\"access_token\":\")." },
        { "/token", 200, "{\"token_type\":\"Bearer\"}", Json,
            Refused + " (invalid_response: the answer has no access_token)." },
        { "/token", 400, "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}", Json,
            Refused + " (invalid_client: Client authentication failed)." },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void AnEndpointFaultIsAnMbsErrorWithTheServersReply(
        string where, int status, string body, string type, string expected)
    {
        using var issuer = new Issuer(r => r.Target == where ? Reply(status, body, type) : null);
        var oauth = Handle(issuer.Url);
        var v = Plugin.Call("OAuth.ClientCredentials", oauth);
        Assert.True(v.IsError, v.Text);
        Assert.StartsWith("[MBS] " + expected.Replace("{0}", issuer.Url), v.Text);
        Assert.DoesNotContain("s3cret-value", v.Text);
        Plugin.Call("OAuth.Release", oauth);
    }

    [Fact]
    public void AHugeReplyIsCappedAt200Characters()
    {
        var page = "<html>" + new string('x', 100_000) + "</html>";
        using var issuer = new Issuer(r => r.Target == "/token" ? Reply(500, page) : null);
        var oauth = Handle(issuer.Url);
        var v = Plugin.Call("OAuth.ClientCredentials", oauth);
        Assert.True(v.IsError);
        Assert.Contains("HTTP 500, the server said \"<html>" + new string('x', 194) + "…\"", v.Text);
        Assert.True(v.Text.Length < 400, v.Text);
    }

    [Theory]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/token")]
    public void AStalledEndpointEndsAfterTheRequestTimeout(string where)
    {
        var before = TokenHttp.RequestTimeout;
        TokenHttp.RequestTimeout = TimeSpan.FromSeconds(1);
        try
        {
            using var issuer = new Issuer(r => r.Target == where ? Stall : null);
            var oauth = Handle(issuer.Url);
            var v = Plugin.Call("OAuth.ClientCredentials", oauth);
            Assert.True(v.IsError);
            Assert.Equal($"[MBS] {issuer.Url}{where} did not answer within 1 seconds. Try again later.", v.Text);
        }
        finally { TokenHttp.RequestTimeout = before; }
    }

    /// <summary>OAuth.DeviceCode polls on a worker thread; whatever ends it, OAuth.SignInResult says so and the
    /// finished script starts with the handle as parameter.</summary>
    static string BackgroundSignInError(Issuer issuer, string? tokenStore = null)
    {
        var host = new RecordingHost();
        Plugin.Init(host);
        try
        {
            var oauth = Handle(issuer.Url);
            if (tokenStore is not null) Assert.Equal("OK", Plugin.Call("OAuth.SetTokenStore", oauth, tokenStore).Text);
            var started = Plugin.Call("OAuth.DeviceCode", oauth, "Mail", "SignedIn");
            Assert.False(started.IsError, started.Text);
            Assert.Contains("\"user_code\":\"ABCD\"", started.Text);
            for (var i = 0; i < 400 && host.Started.IsEmpty; i++) { Plugin.Idle(); Thread.Sleep(25); }
            Assert.Equal(("Mail", "SignedIn", oauth), Assert.Single(host.Started));
            var result = Plugin.Call("OAuth.SignInResult", oauth);
            Assert.True(result.IsError, result.Text);
            return result.Text;
        }
        finally { Plugin.Shutdown(); }
    }

    [Fact]
    public void ABackgroundSignInWhoseTokenEndpointAnswersHtmlIsRecordedAndTheScriptStarts()
    {
        using var issuer = new Issuer(r => r.Target == "/token" ? Reply(503, "<h1>Service Unavailable</h1>") : null);
        Assert.Equal(
            "[MBS] The device code sign-in failed (HTTP 503, the server said \"<h1>Service Unavailable</h1>\").",
            BackgroundSignInError(issuer));
    }

    [Fact]
    public void AFailureInsideABackgroundSignInAfterTheTokensArriveIsRecordedAndTheScriptStarts()
    {
        // Tokens arrive, but the token book cannot be written (its path is a folder): the failure happens on the
        // worker after the server's part is done, and must still be recorded and queue the script.
        var idToken = "e30." + Base64Url.Encode(Encoding.UTF8.GetBytes("{\"email\":\"ada@example.test\"}")) + ".sig";
        var tokens = $$"""{"access_token":"at","token_type":"Bearer","expires_in":3600,"id_token":"{{idToken}}"}""";
        using var issuer = new Issuer(r => r.Target == "/token" ? Reply(200, tokens, "application/json") : null);
        var folder = Directory.CreateTempSubdirectory("pb-oauth-book-").FullName;
        try
        {
            var error = BackgroundSignInError(issuer, folder);
            Assert.StartsWith($"[MBS] The token book {folder} could not be written: ", error);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}

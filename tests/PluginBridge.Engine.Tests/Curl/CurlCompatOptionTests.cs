using System.Collections.Concurrent;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>CA directories and the system store, MBS's optional Encoding parameters, SASL-IR, succeeded/failed
/// scripts.</summary>
[Collection("host")]
public class CurlCompatOptionTests
{
    [Fact]
    public void CAPathTrustsTheCertificatesInTheDirectoryOnly()
    {
        using var cert = LoopbackServer.SelfSigned();
        using var other = LoopbackServer.SelfSigned();
        var dir = Directory.CreateTempSubdirectory("pb-capath-").FullName;
        var otherPem = LoopbackServer.WritePem(other);
        try
        {
            File.Move(LoopbackServer.WritePem(cert), Path.Combine(dir, "server.pem"));
            File.WriteAllText(Path.Combine(dir, "README"), "not a certificate");
            using var server = new LoopbackServer(async (s, c) =>
                { await Http.ReadAsync(s, c); await Http.RespondAsync(s, 200, "OK", "page"); }, cert);
            var curl = New();
            Ok("CURL.SetOptionURL", curl, $"https://127.0.0.1:{server.Port}/");
            Ok("CURL.SetOptionCAInfo", curl, otherPem, "UTF-8"); // MBS's optional Encoding parameter
            Assert.StartsWith("60: SSL certificate problem", Call("CURL.Perform", curl).Text);
            Ok("CURL.Release", curl);
            // (both test certificates carry the same subject, so the directory is tried on its own)
            curl = New();
            Ok("CURL.SetOptionURL", curl, $"https://127.0.0.1:{server.Port}/");
            Ok("CURL.SetOptionCAPath", curl, dir, "UTF-8");
            Assert.Equal("OK", Ok("CURL.Perform", curl));
            Assert.Contains("SSL certificate verify ok.", Debug(curl));
            Ok("CURL.Release", curl);
        }
        finally { Directory.Delete(dir, true); File.Delete(otherPem); }
    }

    [Fact]
    public void UseSystemCertificatesCountsTheSystemStore()
    {
        var curl = New();
        Assert.True(long.Parse(Ok("CURL.UseSystemCertificates", curl)) > 0);
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void SaslIrSendsTheInitialResponseWithoutTheCapability()
    {
        var tag = "";
        using var server = new LineServer("* OK IMAP ready", line =>
        {
            if (!line.Contains(' ')) return $"{tag} OK Logged in"; // the SASL response after "+" (base64, no space)
            tag = line.Split(' ')[0];
            var command = line[(tag.Length + 1)..];
            return command switch
            {
                "CAPABILITY" => $"* CAPABILITY IMAP4rev1 AUTH=PLAIN\n{tag} OK done",
                "AUTHENTICATE PLAIN" => "+ ",
                _ when command.StartsWith("AUTHENTICATE PLAIN ") => $"{tag} OK Logged in",
                "LIST \"\" *" => $"* LIST () \".\" INBOX\n{tag} OK List completed.",
                "LOGOUT" => $"* BYE\n{tag} OK bye",
                _ => $"{tag} BAD unknown",
            };
        });
        var payload = Convert.ToBase64String("\0alice\0pw"u8.ToArray());
        foreach (var (saslIr, expected) in new[] { ("0", "AUTHENTICATE PLAIN"),
            ("1", $"AUTHENTICATE PLAIN {payload}") })
        {
            var curl = New();
            Ok("CURL.SetOptionURL", curl, $"imap://127.0.0.1:{server.Port}/");
            Ok("CURL.SetOptionUserName", curl, "alice");
            Ok("CURL.SetOptionPassword", curl, "pw");
            Ok("CURL.SetOptionSASLIR", curl, saslIr);
            Assert.Equal("OK", Ok("CURL.Perform", curl));
            Assert.Contains(server.Received, l => l.EndsWith(" " + expected, StringComparison.Ordinal));
            Ok("CURL.Release", curl);
        }
    }

    [Fact]
    public void SucceededOrFailedScriptRunsBeforeTheFinishedScript()
    {
        var host = new RecordingHost();
        Engine.Core.Plugin.Init(host);
        try
        {
            using var server = new LoopbackServer(async (s, c) =>
                { await Http.ReadAsync(s, c); await Http.RespondAsync(s, 200, "OK", "done"); });
            foreach (var (url, expected) in new[] { ($"http://127.0.0.1:{server.Port}/", "Succeeded"),
                ("http://nonexistent.invalid/", "Failed") })
            {
                host.Started.Clear();
                var curl = New();
                Ok("CURL.SetOptionURL", curl, url);
                Ok("CURL.SetFinishedScript", curl, "Mail", "Finished");
                Ok("CURL.SetSucceededScript", curl, "Mail", "Succeeded");
                Ok("CURL.SetFailedScript", curl, "Mail", "Failed");
                Ok("CURL.PerformInBackground", curl);
                for (var i = 0; i < 400 && host.Started.Count < 2; i++) { Engine.Core.Plugin.Idle(); Thread.Sleep(25); }
                Assert.Equal([expected, "Finished"], host.Started.Select(s => s.Script).ToArray());
                Assert.All(host.Started, s => Assert.Equal(curl, s.Parameter));
                for (var i = 0; i < 200 && Ok("CURL.IsRunning", curl) == "1"; i++) Thread.Sleep(10);
                Ok("CURL.Release", curl);
            }
        }
        finally { Engine.Core.Plugin.Shutdown(); }
    }

    [Fact]
    public void BlockingPerformStartsTheFailedScriptForAnHttpError()
    {
        var host = new RecordingHost();
        Engine.Core.Plugin.Init(host);
        try
        {
            using var server = new LoopbackServer(async (s, c) =>
                { await Http.ReadAsync(s, c); await Http.RespondAsync(s, 404, "Not Found", "gone"); });
            var curl = New();
            Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/");
            Ok("CURL.SetSucceededScript", curl, "Mail", "Succeeded");
            Ok("CURL.SetFailedScript", curl, "Mail", "Failed");
            Ok("CURL.SetTag", curl); // MBS: the value is optional
            Assert.Equal("OK", Ok("CURL.Perform", curl)); // a 404 is still a completed transfer …
            Engine.Core.Plugin.Idle();
            Assert.Equal(["Failed"], host.Started.Select(s => s.Script).ToArray()); // … but not a success
            Ok("CURL.Release", curl);
        }
        finally { Engine.Core.Plugin.Shutdown(); }
    }

    [Fact]
    public void StringOptionsAcceptMbsOptionalEncoding()
    {
        var curl = New();
        foreach (var f in new[] { "CURL.SetOptionCAInfo", "CURL.SetOptionCookieFile", "CURL.SetOptionCAPath",
            "CURL.SetOptionCookie" })
            Assert.Equal("OK", Ok(f, curl, "", "UTF-8"));
        var tooMany = Call("CURL.SetOptionPost", curl, "1", "2");
        Assert.True(tooMany.IsError);
        Ok("CURL.Release", curl);
    }

    sealed class RecordingHost : Engine.Core.IHost
    {
        public readonly ConcurrentQueue<(string File, string Script, string Parameter)> Started = new();
        public int StartScript(string f, string s, string p,
            Engine.Core.ScriptControl c) { Started.Enqueue((f, s, p)); return 0; }
        public int WebViewer(string v, string a, string u) => 0;
    }
}

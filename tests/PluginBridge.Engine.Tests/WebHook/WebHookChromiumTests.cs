using System.Diagnostics;
using Xunit;
using static PluginBridge.Engine.Tests.WebHook.WebHookKit;

namespace PluginBridge.Engine.Tests.WebHook;

/// <summary>
/// A real headless Chromium (Debian's) is sent to a "login page" that redirects to the WebHook with
/// ?code=…&amp;state=…,
/// as the identity provider does in the article; the browser must show the WebHook's auto-answer page.
/// </summary>
[Collection("host")] // see WebHookModeTests
public class WebHookChromiumTests
{
    const string Chromium = "/usr/bin/chromium";

    [Fact]
    public void ChromiumFollowsTheRedirectToTheWebHookAndShowsTheAutoAnswer()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} not found: install Debian's chromium (apt-get install " +
            $"chromium; ./build.sh test installs it).");
        var (login, loginPort) = Listen();
        var (hook, port) = Listen();
        var profile = Directory.CreateTempSubdirectory("pb-chromium-").FullName;
        try
        {
            var html = "<html><head><title>Signed in</title></head><body><p>Request arrived.</p></body></html>";
            Mbs("WebHook.SetAutoAnswer", hook, $"HTTP/1.1 200 OK\r\nServer: MyServer 1.0\r\nConnection: " +
                $"close\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {html.Length}\r\n\r\n{html}");
            var redirect = $"http://localhost:{port}/?code=M.C5_BAY.2.U.b7f%2Bx&state=test&session_state=ab%20cd";
            Mbs("WebHook.SetAutoAnswer", login,
                $"HTTP/1.1 302 Found\r\nLocation: {redirect}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");

            var dom = RunChromium(profile, $"http://127.0.0.1:{loginPort}/authorize?response_type=code&state=test");
            Assert.Contains("<p>Request arrived.</p>", dom);
            Assert.Contains("<title>Signed in</title>", dom);

            // The browser may also ask for /favicon.ico: find the redirect among the requests.
            string? callback = null;
            Assert.True(Eventually(() =>
            {
                foreach (var r in Mbs("WebHook.Check", hook).Split('\r', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (Mbs("WebRequest.GetURL", r).StartsWith("/?code=", StringComparison.Ordinal)) callback = r;
                    else Mbs("WebRequest.Release", r);
                }
                return callback is not null;
            }));
            Assert.Equal(
                $"{{ \"Host\" : \"localhost\" , \"RelativeURL\" : " +
                    $"\"/?code=M.C5_BAY.2.U.b7f%2Bx&state=test&session_state=ab%20cd\" , \"URL\" : \"{redirect}\" , " +
                $"\"Scheme\" : \"http\" , \"Port\" : {port} , \"Path\" : \"/\" , \"Query\" : " +
                    $"\"code=M.C5_BAY.2.U.b7f+x&state=test&session_state=ab cd\" , " +
                "\"Parameters\" : { \"code\" : \"M.C5_BAY.2.U.b7f+x\" , \"state\" : \"test\" , \"session_state\" : " +
                    "\"ab cd\" } }",
                Mbs("WebRequest.URLComponents", callback!));
            Assert.Contains("Chrome/", Mbs("WebRequest.GetHeaders", callback!));
            Mbs("WebRequest.Release", callback!);
        }
        finally
        {
            Mbs("WebHook.Release", login);
            Mbs("WebHook.Release", hook);
            try { Directory.Delete(profile, true); } catch (IOException) { /* Chromium may still flush its profile */ }
        }
    }

    static string RunChromium(string profile, string url)
    {
        var psi = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-proxy-server", $"--user-data-dir={profile}",
                         "--dump-dom", url })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(true); throw new TimeoutException("chromium did not finish within 60 s"); }
        Assert.True(p.ExitCode == 0, $"chromium exited {p.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}

using System.Diagnostics;
using PluginBridge.Tests.Shared;

namespace PluginBridge.PeerTests.WebHook;

/// <summary>
/// A real authorization server (oidc-provider) redirects a real headless Chromium to the WebHook of the published
/// plugin on the article's redirect URI (http://localhost:9999/). With prompt=none and no session the server answers
/// at once with error=login_required — a redirect to the WebHook that needs no login form.
/// </summary>
[Collection("Peers")]
public class WebHookChromiumPeerTests(Peers peers)
{
    const string Chromium = "/usr/bin/chromium";

    [Fact]
    public void AuthorizationServerRedirectsChromiumToTheWebHook()
    {
        Assert.True(File.Exists(Chromium),
            $"{Chromium} not found: install Debian's chromium (tests/e2e/peers/install.sh does).");
        var redirect = new Uri(peers.RedirectUri);
        var hook = NativePlugin.Ok("WebHook.Create");
        var profile = Directory.CreateTempSubdirectory("pb-chromium-peer-").FullName;
        try
        {
            Assert.Equal("OK", NativePlugin.Ok("WebHook.Listen", hook, redirect.Port.ToString()));
            var html = "<html><p>Request arrived.</p></html>";
            NativePlugin.Ok("WebHook.SetAutoAnswer", hook, $"HTTP/1.1 200 OK\r\nServer: MyServer 1.0\r\nConnection: " +
                $"close\r\nContent-Type: text/html\r\nContent-Length: {html.Length}\r\n\r\n{html}", "UTF-8");
            var state = "webhook-peer-" + Guid.NewGuid().ToString("N")[..8];
            var url = peers.AuthorizeUrl + "?response_type=code&scope=openid&prompt=none" +
                      $"&client_id={Uri.EscapeDataString(peers.ClientId)}&" +
                          $"redirect_uri={Uri.EscapeDataString(peers.RedirectUri)}&state={state}";

            var dom = RunChromium(profile, url, SpkiOfTheTestServer());
            Assert.Contains("<p>Request arrived.</p>", dom);

            string? callback = null;
            var until = DateTime.UtcNow.AddSeconds(10);
            while (callback is null && DateTime.UtcNow < until)
            {
                foreach (var r in NativePlugin.Ok("WebHook.Check", hook)
                    .Split('\r', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (NativePlugin.Ok("WebRequest.GetURL", r).Contains("state=" + state)) callback = r;
                    else NativePlugin.Ok("WebRequest.Release", r); // e.g. /favicon.ico
                }
                if (callback is null) Thread.Sleep(20);
            }
            Assert.NotNull(callback);
            var components = NativePlugin.Ok("WebRequest.URLComponents", callback);
            Assert.StartsWith($"{{ \"Host\" : \"{redirect.Host}\" , \"RelativeURL\" : \"/?", components);
            Assert.Contains($"\"Port\" : {redirect.Port} , \"Path\" : \"/\"", components);
            Assert.Contains("\"error\" : \"login_required\"", components);
            Assert.Contains($"\"state\" : \"{state}\"", components);
            Assert.Contains($"\"iss\" : \"{peers.Issuer.AbsoluteUri.TrimEnd('/')}", components);
            Assert.Contains("Chrome/", NativePlugin.Ok("WebRequest.GetHeaders", callback));
            NativePlugin.Ok("WebRequest.Release", callback);
        }
        finally
        {
            NativePlugin.Call("WebHook.Release", hook);
            try { Directory.Delete(profile, true); } catch (IOException) { /* Chromium may still flush its profile */ }
        }
    }

    /// <summary>The test server's key pin (start.sh writes it): Chromium trusts exactly that key, nothing
    /// else.</summary>
    static string SpkiOfTheTestServer()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var env = Path.Combine(dir.FullName, "tests", "e2e", ".peers", "env");
            if (!File.Exists(env)) continue;
            var line = File.ReadLines(env)
                .FirstOrDefault(l => l.StartsWith("TLS_SPKI_SHA256=", StringComparison.Ordinal));
            if (line is not null) return line["TLS_SPKI_SHA256=".Length..];
        }
        throw new InvalidOperationException("TLS_SPKI_SHA256 missing in tests/e2e/.peers/env: restart the peers.");
    }

    static string RunChromium(string profile, string url, string spki)
    {
        var psi = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-proxy-server",
                         $"--ignore-certificate-errors-spki-list={spki}",
                     $"--user-data-dir={profile}", "--dump-dom", url })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(true); throw new TimeoutException("chromium did not finish within 60 s"); }
        Assert.True(p.ExitCode == 0, $"chromium exited {p.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}

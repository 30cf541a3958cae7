using System.Diagnostics;

namespace PluginBridge.Host.WebViewer;

/// <summary>
/// The host's web viewers, driven by the plugin's web_viewer callback (WebView.LoadURL, WebView.SetCustomUserAgent).
/// A URL opens in the system browser, as native apps do for sign-in (RFC 8252), or with --browser CMD: CMD runs with
/// the URL as its last argument and the custom user agent in $PB_USER_AGENT. "about:blank" closes what was opened.
/// </summary>
public sealed class WebViewers(string? browserCommand, TextWriter log) : IDisposable
{
    readonly Dictionary<string, string> userAgents = new(StringComparer.OrdinalIgnoreCase);
    readonly Dictionary<string, Process> browsers = new(StringComparer.OrdinalIgnoreCase);
    readonly object gate = new();

    public int Handle(string viewer, string action, string value)
    {
        lock (gate)
        {
            switch (action)
            {
                case "SetCustomUserAgent":
                    userAgents[viewer] = value;
                    return 0;
                case "LoadURL":
                    Close(viewer);
                    if (value.Trim().Equals("about:blank", StringComparison.OrdinalIgnoreCase))
                    {
                        log.WriteLine($"[web viewer {viewer}] closed");
                        return 0;
                    }
                    log.WriteLine($"[web viewer {viewer}] open {value}");
                    Open(viewer, value);
                    return 0;
                default:
                    return 1;
            }
        }
    }

    public string? UserAgent(string viewer) { lock (gate) return userAgents.GetValueOrDefault(viewer); }

    void Open(string viewer, string url)
    {
        ProcessStartInfo start;
        if (browserCommand is not null)
        {
            start = OperatingSystem.IsWindows()
                ? new ProcessStartInfo("cmd.exe", ["/c", browserCommand + " \"" + url + "\""])
                : new ProcessStartInfo("/bin/sh", ["-c", browserCommand + " \"$1\"", "pluginbridge-browser", url]);
        }
        else
        {
            var opener = OperatingSystem.IsMacOS() ? "open" : OperatingSystem.IsWindows() ? null : "xdg-open";
            if (opener is null) { start = new ProcessStartInfo(url) { UseShellExecute = true }; }
            else if (FindOnPath(opener) is { } path) start = new ProcessStartInfo(path, [url]);
            else { log.WriteLine($"[web viewer {viewer}] no browser opener ({opener}) found: open the URL above " +
                $"yourself, or pass --browser CMD."); return; }
        }
        if (userAgents.TryGetValue(viewer, out var ua) && !start.UseShellExecute)
            start.Environment["PB_USER_AGENT"] = ua;
        try
        {
            var process = Process.Start(start);
            if (process is not null && browserCommand is not null) browsers[viewer] = process;
        }
        catch (Exception e) { log.WriteLine($"[web viewer {viewer}] cannot start the browser: {e.Message}"); }
    }

    void Close(string viewer)
    {
        if (!browsers.Remove(viewer, out var process)) return;
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        process.Dispose();
    }

    static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    /// <summary>Browsers started with --browser that still run when the host ends are stopped.</summary>
    public void Dispose()
    {
        lock (gate) foreach (var viewer in browsers.Keys.ToList()) Close(viewer);
    }
}

using System.Net;
using System.Text;
using PluginBridge.Engine.WebHook;

namespace PluginBridge.Engine.OAuth;

/// <summary>
/// The one-shot loopback listener of a native app's sign-in (RFC 8252 §7.3): a WebHook on an ephemeral port of the
/// loopback interface that answers the browser with a page saying it may be closed, and hands back the first
/// request that carries an authorization response. It is never in the WebHook table: scripts cannot see it.
/// </summary>
sealed class LoopbackRedirect : IDisposable
{
    static long nextId = -1;
    const string Page = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Sign-in</title></head>" +
        "<body style=\"font-family:sans-serif\"><h1>Sign-in finished</h1><p>You may close this window and return to " +
            "the application.</p></body></html>";

    readonly Hook hook;

    public LoopbackRedirect(bool localhostName)
    {
        var body = Encoding.UTF8.GetBytes(Page);
        hook = new Hook
        {
            Number = Interlocked.Decrement(ref nextId), // negative: no script-visible WebHook has it
            AutoAnswer = Encoding.ASCII.GetBytes(
                $"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: " +
                $"no-store\r\nConnection: close\r\nContent-Length: {body.Length}\r\n\r\n").Concat(body).ToArray(),
            TimeoutSeconds = 10,
        };
        hook.Listen(0, 8, localhostName ? [IPAddress.Loopback, IPAddress.IPv6Loopback] : [IPAddress.Loopback]);
        // Entra ID registers http://localhost for desktop apps; RFC 8252 §8.3 prefers the IP literal elsewhere.
        RedirectUri = $"http://{(localhostName ? "localhost" : "127.0.0.1")}:{hook.Port}/";
    }

    public string RedirectUri { get; }

    /// <summary>The query parameters of the first request to "/" with a query, or null when the time is up.</summary>
    public Dictionary<string, string>? Wait(TimeSpan timeout, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !cancel.IsCancellationRequested)
        {
            foreach (var (id, request) in WebRequestFunctions.Table.Snapshot())
            {
                if (request.WebHook != hook.Number) continue;
                try { WebRequestFunctions.Table.Release(
                    id.ToString(System.Globalization.CultureInfo.InvariantCulture)); }
                catch (InvalidHandleException) { continue; }
                var target = request.Head?.Target ?? "";
                var q = target.IndexOf('?');
                if (q < 0 || !target.StartsWith("/?", StringComparison.Ordinal)) continue; // favicon.ico and the like
                return ParseQuery(target[(q + 1)..]);
            }
            cancel.WaitHandle.WaitOne(50);
        }
        return null;
    }

    static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            result.TryAdd(key, value); // RFC 6749 §3.1: a parameter must not repeat; the first one counts
        }
        return result;
    }

    public void Dispose() => hook.Dispose();
}

using System.Text;

namespace PluginBridge.Engine.WebHook;

/// <summary>The listener's own answers to requests it refuses: a status line, Connection: close, a lingering
/// close.</summary>
static class ErrorAnswer
{
    /// <summary>Sends the answer (nothing in raw mode: a raw client speaks no HTTP); the caller closes
    /// afterwards.</summary>
    public static async Task SendAsync(ClientConnection conn, bool rawMode, int status)
    {
        if (rawMode) return;
        var text = $"HTTP/1.1 {status} {ReasonPhrase(status)}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
        if (await conn.WriteAsync(Encoding.ASCII.GetBytes(text)).ConfigureAwait(false))
            await conn.LingerAsync().ConfigureAwait(false);
    }

    static string ReasonPhrase(int status) => status switch
    {
        400 => "Bad Request",
        413 => "Content Too Large",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Error",
    };
}

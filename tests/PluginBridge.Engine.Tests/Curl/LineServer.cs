using System.Collections.Concurrent;
using System.Text;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>
/// A plain-text line protocol peer for client tests where no real server runs here (POP3) or where a failure
/// must be provoked on purpose (SMTP 550 RCPT). Records every line it received.
/// </summary>
sealed class LineServer : IDisposable
{
    readonly LoopbackServer server;
    public ConcurrentQueue<string> Received { get; } = new();
    public int Port => server.Port;

    /// <param name="greeting">Sent on connect.</param>
    /// <param name="answer">Reply text for a received line (lines joined by \n); after a "354" reply the data block up to "." is read and answer(".") is sent.</param>
    public LineServer(string greeting, Func<string, string> answer)
    {
        server = new LoopbackServer(async (s, cancel) =>
        {
            var reader = new StreamReader(s, Encoding.UTF8);
            await Write(s, greeting);
            while (await reader.ReadLineAsync(cancel) is { } line)
            {
                Received.Enqueue(line);
                var reply = answer(line);
                if (reply.StartsWith("354", StringComparison.Ordinal))
                {
                    await Write(s, reply);
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync(cancel) is { } d && d != ".") data.Append(d).Append('\n');
                    Received.Enqueue("[data]" + data);
                    reply = answer(".");
                }
                await Write(s, reply);
                if (reply.StartsWith("221") || reply.StartsWith("+OK bye")) return;
            }
        });
    }

    static async Task Write(Stream s, string text)
    {
        await s.WriteAsync(Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n").Replace("\n", "\r\n") + "\r\n"));
        await s.FlushAsync();
    }

    public void Dispose() => server.Dispose();
}

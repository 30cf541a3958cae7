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
    /// <summary>Connections accepted so far (a CURL handle keeps its connection between Performs).</summary>
    public int Connections => Volatile.Read(ref server.Connections);

    /// <param name="greeting">Sent on connect.</param>
    /// <param name="answer">Reply text for a received line (lines joined by \n); after a "354" reply the data block up
    /// to "." is read and answer(".") is sent.</param>
    /// <param name="hangUp">When it returns true for a received line, the server closes the connection without
    /// answering.</param>
    /// <summary>The TLS server under it (client certificates seen, refused handshakes).</summary>
    public LoopbackServer Server => server;

    public LineServer(string greeting, Func<string, string> answer, Func<string, bool>? hangUp = null,
        System.Security.Cryptography.X509Certificates.X509Certificate2? tls = null,
        System.Security.Cryptography.X509Certificates.X509Certificate2? clientCa = null)
    {
        server = new LoopbackServer(async (s, cancel) =>
        {
            var reader = new StreamReader(s, Encoding.UTF8);
            await Write(s, greeting);
            while (await reader.ReadLineAsync(cancel) is { } line)
            {
                Received.Enqueue(line);
                if (hangUp?.Invoke(line) == true) return;
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
                var last = reply[(reply.LastIndexOf('\n') + 1)..];
                if (last.StartsWith("221") || last.StartsWith("421") || reply.StartsWith("+OK bye")) return;
            }
        }, tls, clientCa);
    }

    static async Task Write(Stream s, string text)
    {
        await s.WriteAsync(Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n").Replace("\n", "\r\n") + "\r\n"));
        await s.FlushAsync();
    }

    public void Dispose() => server.Dispose();
}

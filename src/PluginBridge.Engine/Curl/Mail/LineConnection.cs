using System.Net.Sockets;
using System.Text;

namespace PluginBridge.Engine.Curl.Mail;

/// <summary>
/// A CRLF line connection for the IMAP and POP3 clients: connect (TLS at once for imaps/pop3s), upgrade after
/// STARTTLS/STLS, read lines and literals, write commands. Every line goes to the debug log (replies also to the
/// header text, as in libcurl); a command can be
/// logged in a redacted form (the SASL payload or password replaced).
/// </summary>
sealed class LineConnection : IAsyncDisposable
{
    Transfer t;
    Stream stream;
    readonly Socket socket;
    readonly byte[] buffer = new byte[16384];
    int start, end;

    LineConnection(Transfer t, Socket socket, Stream stream) { this.t = t; this.socket = socket; this.stream = stream; }

    public bool IsSecure => stream is System.Net.Security.SslStream;

    /// <summary>Both ends of the control connection (FTP opens its data connections from or to them).</summary>
    public System.Net.IPEndPoint Local => (System.Net.IPEndPoint)socket.LocalEndPoint!;
    public System.Net.IPEndPoint Remote => (System.Net.IPEndPoint)socket.RemoteEndPoint!;

    /// <summary>Kept between transfers: idle, nothing unread, and the peer has not closed it.</summary>
    public bool IsIdle => start == end && KeptConnection.SocketIsIdle(socket);

    /// <summary>A later transfer on the kept connection logs and cancels through its own Transfer.</summary>
    public void Attach(Transfer transfer) => t = transfer;

    public static async Task<LineConnection> OpenAsync(Transfer t)
    {
        var socket = await Connector.ConnectAsync(t.Url.Host, t.Url.Port, t.Options, t.Log, t.Cancel, t.Times);
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (t.Url.Secure)
        {
            stream = await Connector.StartTlsAsync(stream, t.Url.Host, t.Tls, t.Log, t.Cancel);
            t.Times.Mark(Phase.AppConnect);
        }
        return new LineConnection(t, socket, stream);
    }

    /// <summary>TLS on the open connection after the server agreed to STARTTLS/STLS.</summary>
    public async Task UpgradeAsync()
    {
        if (start != end) throw new CurlException(CurlException.WeirdServerReply,
            "Weird server reply: data after the STARTTLS response");
        stream = await Connector.StartTlsAsync(stream, t.Url.Host, t.Tls, t.Log, t.Cancel);
        t.Times.Mark(Phase.AppConnect);
    }

    public async Task WriteLineAsync(string line, string? logAs = null)
    {
        t.Log.Sent(logAs ?? line);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"), t.Cancel);
        await stream.FlushAsync(t.Cancel);
    }

    /// <summary>Raw data (an IMAP APPEND literal) followed by CRLF; the log shows only its size, as for SMTP
    /// DATA.</summary>
    public async Task WriteDataAsync(byte[] data)
    {
        t.Log.Info($"[message data: {data.Length} bytes]");
        await stream.WriteAsync(data, t.Cancel);
        await stream.WriteAsync("\r\n"u8.ToArray(), t.Cancel);
        await stream.FlushAsync(t.Cancel);
    }

    /// <summary>One line without its CRLF, logged as received; the raw bytes include the CRLF.</summary>
    public async Task<(string Text, byte[] Raw)> ReadLineAsync(bool log = true)
    {
        var raw = new MemoryStream();
        while (true)
        {
            var lf = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            if (lf >= 0)
            {
                raw.Write(buffer, start, lf + 1 - start);
                start = lf + 1;
                break;
            }
            raw.Write(buffer, start, end - start);
            start = end = 0;
            if (raw.Length > 1 << 20)
                throw new CurlException(CurlException.WeirdServerReply, "Weird server reply: line longer than 1 MB");
            await FillAsync();
        }
        var bytes = raw.ToArray();
        var text = Encoding.UTF8.GetString(bytes).TrimEnd('\r', '\n');
        if (log)
        {
            t.Log.Received(text);
            t.Headers.Append(text).Append("\r\n"); // libcurl passes pingpong replies to the header callback
        }
        return (text, bytes);
    }

    /// <summary>Exactly <paramref name="count"/> bytes (an IMAP literal), not logged: curl -v does not show data
    /// either.</summary>
    public async Task<byte[]> ReadBytesAsync(int count)
    {
        var result = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            if (start == end) { start = end = 0; await FillAsync(); }
            var n = Math.Min(count - filled, end - start);
            Buffer.BlockCopy(buffer, start, result, filled, n);
            start += n;
            filled += n;
        }
        return result;
    }

    async Task FillAsync()
    {
        var n = await stream.ReadAsync(buffer.AsMemory(end), t.Cancel);
        if (n == 0) throw new CurlException(CurlException.RecvError, "Recv failure: the server closed the connection");
        end += n;
    }

    public async ValueTask DisposeAsync() => await stream.DisposeAsync();
}

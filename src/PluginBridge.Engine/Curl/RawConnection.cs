using System.Net.Sockets;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// CURLOPT_CONNECT_ONLY: Perform connects (TCP, and TLS for https) and stops; the script then talks over the
/// connection with CURL.SendText/SendData and CURL.ReceiveText/ReceiveData, as with curl_easy_send/recv. Receiving
/// never blocks, as libcurl's: a pump reads whatever arrives into a buffer (TLS records included, which a socket poll
/// cannot see), and a receive with nothing buffered is curl's 81 (CURLE_AGAIN). The connection lives in the handle's
/// connection cache until the next Perform, CURL.Reset or CURL.Release.
/// </summary>
sealed class RawConnection : KeptConnection
{
    readonly Socket socket;
    readonly Stream stream;
    readonly CancellationTokenSource stop = new();
    readonly object gate = new();
    readonly MemoryStream buffered = new();
    bool closed;
    Exception? failure;

    public override string Key { get; }
    public override string Host { get; }

    /// <summary>Never handed to another transfer: a connect-only Perform always opens its own connection.</summary>
    public override bool IsAlive => false;

    RawConnection(Socket socket, Stream stream, string key, string host)
    {
        this.socket = socket;
        this.stream = stream;
        Key = key;
        Host = host;
        _ = Task.Run(PumpAsync);
    }

    public static async Task RunAsync(Transfer t)
    {
        if (t.Url.Scheme is not ("http" or "https"))
            throw new CurlException(CurlException.UnsupportedProtocol, $"CURL.SetOptionConnectOnly supports http " +
                $"and https URLs here, not \"{t.Url.Scheme}\" (its login would be part of curl's connect step)");
        t.Connections.Clear(); // libcurl never reuses a connect-only connection
        var socket = t.Blocking
            ? Connector.Connect(t.Url.Host, t.Url.Port, t.Options, t.Log, t.Cancel, t.Times)
            : await Connector.ConnectAsync(t.Url.Host, t.Url.Port, t.Options, t.Log, t.Cancel, t.Times);
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (t.Url.Secure)
        {
            stream = await Connector.StartTlsAsync(stream, t.Url.Host, t.Tls, t.Log, t.Cancel);
            t.Times.Mark(Phase.AppConnect);
        }
        t.Log.Info("Connect only: connection established, no request sent (CURL.SendText / CURL.ReceiveText)");
        t.Connections.Keep(new RawConnection(socket, stream, "connect-only", t.Url.Host), t);
    }

    /// <summary>Writes all bytes (blocking until the kernel took them); curl's 55 on failure.</summary>
    public void Send(byte[] data)
    {
        try
        {
            stream.Write(data);
            stream.Flush();
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            throw new CurlException(CurlException.SendError, "Send failure: " + Connector.Innermost(e).Message);
        }
    }

    /// <summary>Up to max bytes that have arrived: empty with closed = true when the peer closed and all was read;
    /// null when nothing is there yet (curl's 81). A receive error is curl's 56.</summary>
    public byte[]? Receive(int max, out bool endOfStream)
    {
        lock (gate)
        {
            endOfStream = false;
            if (buffered.Length > 0)
            {
                var all = buffered.GetBuffer();
                var n = (int)Math.Min(max, buffered.Length);
                var taken = all[..n];
                var rest = all[n..(int)buffered.Length];
                buffered.SetLength(0);
                buffered.Write(rest);
                return taken;
            }
            if (failure is { } e)
                throw new CurlException(CurlException.RecvError, "Recv failure: " + Connector.Innermost(e).Message);
            if (closed) { endOfStream = true; return []; }
            return null;
        }
    }

    async Task PumpAsync()
    {
        var chunk = new byte[16384];
        try
        {
            while (true)
            {
                var n = await stream.ReadAsync(chunk, stop.Token);
                lock (gate)
                {
                    if (n == 0) { closed = true; return; }
                    buffered.Write(chunk, 0, n);
                }
            }
        }
        catch (Exception e)
        {
            lock (gate)
            {
                if (stop.IsCancellationRequested) closed = true;
                else failure = e;
            }
        }
    }

    public override void Dispose()
    {
        stop.Cancel();
        try { socket.Shutdown(SocketShutdown.Both); } catch (Exception) { /* already closed */ }
        stream.Dispose();
    }
}

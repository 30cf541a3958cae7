using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace PluginBridge.Engine.Curl.Ftp;

/// <summary>
/// One FTP data connection, set up before the transfer command as libcurl does: passive (EPSV, then PASV when
/// EPSV is refused or switched off; the server's PASV address is skipped for the control connection's, as
/// curl's default CURLOPT_FTP_SKIP_PASV_IP) or active when CURLOPT_FTPPORT is set (a listening socket announced
/// with EPRT, then PORT; the server's connection is awaited for at most CURLOPT_ACCEPTTIMEOUT_MS).
/// After PROT P the data connection speaks TLS too, verified like the control connection.
/// </summary>
sealed partial class FtpDataChannel : IAsyncDisposable
{
    Socket? socket, listener;
    Stream? stream;

    public static async Task<FtpDataChannel> OpenAsync(FtpSession s)
    {
        var channel = new FtpDataChannel();
        try
        {
            if (s.Transfer.Options.Ftp.Port is { } port) await channel.ListenAsync(s, port);
            else await channel.ConnectPassiveAsync(s);
            return channel;
        }
        catch
        {
            await channel.DisposeAsync();
            throw;
        }
    }

    async Task ConnectPassiveAsync(FtpSession s)
    {
        var t = s.Transfer;
        t.Log.Info("Connect data stream passively");
        int? port = null;
        if (t.Options.Ftp.UseEpsv && !s.EpsvBroken)
        {
            var r = await s.CommandAsync("EPSV");
            if (r.Code == 229 && EpsvPort().Match(r.Line) is { Success: true } m)
                port = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            else
            {
                s.EpsvBroken = true;
                t.Log.Info("disabling EPSV usage");
            }
        }
        if (port is null)
        {
            var r = await s.CommandAsync("PASV");
            var m = PasvAddress().Match(r.Line);
            if (r.Code != 227 || !m.Success)
                throw new CurlException(CurlCode.FtpWeirdPasvReply, $"Bad PASV/EPSV response: {r.Code} ({r.Line})");
            int N(int i) => int.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture);
            var announced = $"{N(1)}.{N(2)}.{N(3)}.{N(4)}";
            port = N(5) * 256 + N(6);
            var host = s.Connection.Remote.Address.ToString();
            if (announced != host) t.Log.Info($"Skip {announced} for data connection, reuse {host} instead");
        }
        var address = s.Connection.Remote.Address;
        t.Log.Info($"Connecting to {address} ({address}) port {port}");
        socket = await Connector.ConnectAsync(address.ToString(), port.Value, t.Options, t.Log, t.Cancel);
    }

    async Task ListenAsync(FtpSession s, string spec)
    {
        var t = s.Transfer;
        var (address, low, high) = ParsePort(spec, s.Connection.Local.Address);
        for (var p = low; ; p++)
        {
            var candidate = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                candidate.Bind(new IPEndPoint(address, p));
                candidate.Listen(1);
                listener = candidate;
                break;
            }
            catch (SocketException e)
            {
                candidate.Dispose();
                if (p >= high)
                    throw new CurlException(CurlCode.FtpPortFailed,
                        $"bind(port={p}) on {address} failed: {e.Message}");
            }
        }
        var local = (IPEndPoint)listener.LocalEndPoint!;
        var ok = false;
        if (t.Options.Ftp.UseEprt && !s.EprtBroken)
        {
            var family = address.AddressFamily == AddressFamily.InterNetworkV6 ? 2 : 1;
            var r = await s.CommandAsync($"EPRT |{family}|{address}|{local.Port}|");
            ok = r.Code / 100 == 2;
            if (!ok) { s.EprtBroken = true; t.Log.Info("disabling EPRT usage"); }
        }
        if (!ok)
        {
            if (address.AddressFamily != AddressFamily.InterNetwork)
                throw new CurlException(CurlCode.FtpPortFailed, "Failed to do PORT: PORT needs an IPv4 address");
            var r = await s.CommandAsync(
                $"PORT {address.ToString().Replace('.', ',')},{local.Port >> 8},{local.Port & 255}");
            if (r.Code / 100 != 2) throw new CurlException(CurlCode.FtpPortFailed, $"Failed to do PORT ({r.Line})");
        }
    }

    /// <summary>CURLOPT_FTPPORT: "-" (the control connection's own address) or an IP address, optionally followed
    /// by ":port" or ":low-high"; a host or interface name also stands for the control connection's
    /// address.</summary>
    static (IPAddress Address, int Low, int High) ParsePort(string spec, IPAddress local)
    {
        var text = spec.Trim();
        string host = text, range = "";
        if (text.StartsWith('[') && text.IndexOf(']') is var close and > 0)
        {
            host = text[1..close];
            if (text.Length > close + 1 && text[close + 1] == ':') range = text[(close + 2)..];
        }
        else if (text.Count(ch => ch == ':') == 1)
        {
            host = text[..text.IndexOf(':')];
            range = text[(text.IndexOf(':') + 1)..];
        }
        var parts = range.Split('-');
        var low = int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : 0;
        var high = parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture,
            out var h) ? Math.Max(h, low) : low;
        var address = IPAddress.TryParse(host, out var parsed) ? parsed : local;
        return (address, Math.Clamp(low, 0, 65535), Math.Clamp(high, 0, 65535));
    }

    /// <summary>The data stream, once the server answered the transfer command with 1xx: the accepted connection in
    /// active mode, TLS on top after PROT P.</summary>
    public async Task<Stream> StreamAsync(FtpSession s)
    {
        var t = s.Transfer;
        if (listener is not null)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(t.Cancel);
            wait.CancelAfter(TimeSpan.FromMilliseconds(Math.Clamp(t.Options.Ftp.AcceptTimeoutMs, 1,
                Transfer.MaxTimerMs)));
            try { socket = await listener.AcceptAsync(wait.Token); }
            catch (OperationCanceledException) when (!t.Cancel.IsCancellationRequested)
            {
                throw new CurlException(CurlCode.FtpAcceptTimeout,
                    "Accept timeout occurred while waiting server connect");
            }
            catch (SocketException e)
            {
                throw new CurlException(CurlCode.FtpAcceptFailed, $"Error accept()ing server connect: {e.Message}");
            }
            t.Log.Info("Connection accepted from server");
        }
        stream = new NetworkStream(socket!, ownsSocket: true);
        if (s.ProtectData) stream = await Connector.StartTlsAsync(stream, s.Host, t.Tls, t.Log, t.Cancel);
        return stream;
    }

    /// <summary>Ends an upload: TLS close_notify, then the socket closes, which tells the server the file is
    /// complete.</summary>
    public async Task FinishUploadAsync()
    {
        if (stream is System.Net.Security.SslStream ssl) await ssl.ShutdownAsync();
        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (stream is not null) { try { await stream.DisposeAsync(); } catch (IOException) { } }
        else socket?.Dispose();
        listener?.Dispose();
        stream = null;
        socket = listener = null;
    }

    [GeneratedRegex(@"\(\|\|\|(\d+)\|\)")]
    private static partial Regex EpsvPort();

    [GeneratedRegex(@"(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)")]
    private static partial Regex PasvAddress();
}

using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// CURLOPT_INTERFACE: the socket is bound to a local address before it connects. As curl, the value is an
/// interface name ("eth0"), an IP address or a host name; "if!name" takes only an interface, "host!name" only an
/// address or host, "ifhost!if!host" the host's address (curl also binds to the device there, which needs root).
/// A value that names nothing usable is curl's 45 (CURLE_INTERFACE_FAILED).
/// </summary>
static class LocalInterface
{
    public static void Bind(Socket socket, string value, DebugLog log)
    {
        if (value.Length == 0) return;
        var family = socket.AddressFamily;
        IPAddress? address;
        if (value.StartsWith("if!", StringComparison.Ordinal)) address = OfInterface(value[3..], family, log);
        else if (value.StartsWith("host!", StringComparison.Ordinal)) address = OfHost(value[5..], family, log);
        else if (value.StartsWith("ifhost!", StringComparison.Ordinal) && value.IndexOf('!', 7) is var bang and > 7)
            address = OfHost(value[(bang + 1)..], family, log);
        else address = OfInterface(value, family, log) ?? OfHost(value, family, log);
        if (address is null && Known(value))
            throw new SocketException((int)SocketError.AddressFamilyNotSupported); // the target's next address
        if (address is null)
            throw new CurlException(CurlCode.InterfaceFailed, $"Couldn't bind to '{value}'");
        try { socket.Bind(new IPEndPoint(address, 0)); }
        catch (SocketException e)
        {
            throw new CurlException(CurlCode.InterfaceFailed,
                $"bind failed with errno {e.NativeErrorCode}: {e.Message}");
        }
    }

    /// <summary>True when the name has addresses, only none of the family this connect attempt needs.</summary>
    static bool Known(string value)
    {
        var name = value[(value.LastIndexOf('!') + 1)..];
        if (NetworkInterface.GetAllNetworkInterfaces().Any(n => n.Name == name)) return true;
        if (IPAddress.TryParse(name, out _)) return true;
        try { return !value.StartsWith("if!", StringComparison.Ordinal) && Dns.GetHostAddresses(name).Length > 0; }
        catch (SocketException) { return false; }
    }

    static IPAddress? OfInterface(string name, AddressFamily family, DebugLog log)
    {
        var nic = NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == name);
        var address = nic?.GetIPProperties().UnicastAddresses.Select(u => u.Address)
            .FirstOrDefault(a => a.AddressFamily == family);
        if (address is not null)
            log.Info($"Local Interface {name} is ip {address} using address family {(int)family}");
        return address;
    }

    static IPAddress? OfHost(string host, AddressFamily family, DebugLog log)
    {
        IPAddress[] all;
        if (IPAddress.TryParse(host, out var literal)) all = [literal];
        else
        {
            try { all = Dns.GetHostAddresses(host); }
            catch (SocketException) { return null; }
        }
        var address = all.FirstOrDefault(a => a.AddressFamily == family);
        if (address is not null)
            log.Info($"Name '{host}' family {(int)family} resolved to '{address}' family {(int)address.AddressFamily}");
        return address;
    }
}

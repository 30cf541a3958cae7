using System.Net;

namespace PluginBridge.Engine.WebHook;

/// <summary>
/// Where WebHook.Listen binds. MBS has no such parameter; we default to loopback (127.0.0.1 and ::1) so that an
/// OAuth redirect catcher is not reachable from the network, and accept a 4th Listen parameter as our extension:
/// "" or "loopback" (default), "any" (every interface, IPv4 and IPv6), or one IP address of this machine.
/// </summary>
static class ListenAddresses
{
    public static IPAddress[] Parse(string text)
    {
        var t = text.Trim();
        if (t.Length == 0 || t.Equals("loopback", StringComparison.OrdinalIgnoreCase)
            || t.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            return [IPAddress.Loopback, IPAddress.IPv6Loopback];
        if (t.Equals("any", StringComparison.OrdinalIgnoreCase) || t.Equals("all", StringComparison.OrdinalIgnoreCase)
            || t == "*")
            return [IPAddress.IPv6Any];
        if (IPAddress.TryParse(t.Trim('[', ']'), out var address)) return [address];
        throw new MbsException($"Unknown interface \"{MbsException.Echo(text)}\" for WebHook.Listen. Use " +
            $"\"loopback\" (the default), \"any\" for every interface, or an IP address of this machine.");
    }

    /// <summary>IPv6 "any" also takes IPv4 clients (dual stack).</summary>
    public static bool IsDualStack(IPAddress address) => address.Equals(IPAddress.IPv6Any);

    /// <summary>The second loopback address may be missing on hosts without IPv6; the first one is required.</summary>
    public static bool IsOptional(IPAddress address, IPAddress[] all) => all.Length > 1
        && address.Equals(IPAddress.IPv6Loopback);
}

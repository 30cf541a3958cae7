using System.Runtime.InteropServices;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// The library facts MBS scripts ask for (CURL.Version, Features, Host, LibSSLVersion, AvailableSSLBackends).
/// There is no libcurl in PluginBridge, so each answer describes what really does the work: our engine, .NET's
/// HTTP and socket stack and the TLS library loaded at run time. Curl/README.md lists every answer.
/// </summary>
static partial class CurlFunctions
{
    static void RegisterLibrary(Registry r)
    {
        r.Add("CURL.Version", "", _ => Value.FromText(
            $"PluginBridge/{Plugin.Version} .NET/{Environment.Version} {TlsLibrary.Version}"));
        r.Add("CURL.Features", "", _ => Value.FromText(Features()));
        r.Add("CURL.Host", "", _ => Value.FromText(RuntimeInformation.RuntimeIdentifier));
        r.Add("CURL.LibSSLVersion", "", _ => Value.FromText(TlsLibrary.Version));
        r.Add("CURL.AvailableSSLBackends", "", _ => Value.FromText(TlsLibrary.Backend));
        r.Add("CURL.Check", "", _ => Value.Ok);
        r.Add("CURL.NetworkChanged", "curl; ClearConns; ClearDNS", NetworkChanged);
    }

    /// <summary>curl's feature names (MBS's JSON keys), true for what our transfers do.</summary>
    static string Features()
    {
        (string Name, bool On)[] features =
        [
            ("IPv6", true), ("Kerberos4", false), ("SSL", true), ("Libz", true), ("NTLM", false),
            ("GSSNegotiate", false), ("Debug", false), ("AsynchDNS", true), ("SPNEGO", false), ("LargeFile", true),
            ("IDN", true), ("SSPI", false), ("Conv", false), ("CURLDebug", false), ("TLSAuthSRP", false),
            ("HTTP2", false), ("GSSAPI", false), ("Kerberos5", false), ("UnixSockets", false), ("PSL", false),
            ("HTTPSProxy", false), ("MultiSSL", false), ("Brotli", true), ("AltSvc", false), ("HTTP3", false),
            ("zstd", false), ("Unicode", false),
        ];
        var json = new MbsJson().BeginObject();
        foreach (var (name, on) in features) json.Property(name, on);
        return json.EndObject().ToString();
    }

    /// <summary>ClearConns closes the handle's idle kept connection (one in use stays, as curl); ClearDNS has nothing
    /// to clear: we keep no DNS cache, every connect asks the system resolver.</summary>
    static Value NetworkChanged(Args a)
    {
        var h = Handles.Get(a, 0);
        if (a.Bool(1)) h.CloseConnection();
        return Value.Ok;
    }
}

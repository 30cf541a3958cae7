using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// On Linux, .NET reads the whole system trust store (SSL_CERT_FILE and every file in SSL_CERT_DIR) the first time
/// any certificate chain is built, even when CAInfo alone is trusted: about 100 ms, most of a first HTTPS request.
/// It is then cached for the process and shared by all handles. The first CURL.New starts that load on a
/// background thread, so that a script's first HTTPS or STARTTLS transfer finds it done (or partly done).
/// </summary>
static class TrustStoreWarmUp
{
    static int started;

    public static void Start()
    {
        if (OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() || Interlocked.Exchange(ref started, 1) != 0) return;
        var thread = new Thread(Load) { IsBackground = true, Name = "trust store warm-up", Priority = ThreadPriority.BelowNormal };
        thread.Start();
    }

    static void Load()
    {
        try
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var now = DateTimeOffset.UtcNow;
            using var cert = new CertificateRequest("CN=PluginBridge trust store warm-up", key, HashAlgorithmName.SHA256)
                .CreateSelfSigned(now.AddMinutes(-1), now.AddMinutes(1));
            using var chain = new X509Chain();
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.DisableCertificateDownloads = true;
            chain.Build(cert); // untrusted, as expected: only the store load matters
        }
        catch (Exception e) when (e is CryptographicException or PlatformNotSupportedException)
        {
            // The first real transfer loads the store itself.
        }
    }
}

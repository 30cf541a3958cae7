using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// Starts loading the system trust store on the pool as a TLS transfer begins. On Linux every TLS handshake of .NET
/// builds a chain that needs the whole system store — even with a CustomRootTrust policy — and the runtime loads it
/// once per process, shared by all handles (about 290 PEM certificates through OpenSSL, most of a process's first
/// HTTPS), rechecking it every 5 minutes. With CAInfo on Linux the TLS goes through OpenSSL instead
/// (<see cref="OpenSsl.OpenSslStream"/>) and this is skipped. Loaded here it overlaps DNS, connect and the TLS round
/// trips instead of following them; the runtime's cache is shared and locked, so the handshake waits for this load
/// rather than doing it twice.
/// </summary>
static class TrustStoreWarmup
{
    static readonly TimeSpan reloadAfter = TimeSpan.FromMinutes(5); // the runtime's own reload interval
    static readonly Stopwatch sinceLast = new();
    static int running;

    public static void Start()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsFreeBSD()) return; // elsewhere the OS keeps the store
        if (sinceLast.IsRunning && sinceLast.Elapsed < reloadAfter) return;
        if (Interlocked.Exchange(ref running, 1) == 1) return;
        sinceLast.Restart();
        ThreadPool.UnsafeQueueUserWorkItem(_ =>
        {
            try
            {
                using var store = new X509Store(StoreName.Root, StoreLocation.LocalMachine);
                store.Open(OpenFlags.ReadOnly);
                foreach (var certificate in store.Certificates) certificate.Dispose();
            }
            catch (Exception) { /* only a head start: the handshake loads the store itself */ }
            finally { Volatile.Write(ref running, 0); }
        }, null);
    }
}

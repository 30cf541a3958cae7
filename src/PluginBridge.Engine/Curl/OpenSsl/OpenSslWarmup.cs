namespace PluginBridge.Engine.Curl.OpenSsl;

/// <summary>
/// Starts OpenSSL's one-time set-up on a thread of its own as the first CAInfo transfer begins: loading libssl and
/// libcrypto,
/// then the first SSL_CTX_new (configuration file, providers) and the first PEM file read (decoders) together take
/// 2–6 ms, which would otherwise follow the connect instead of overlapping it and the HTTP stack's own set-up.
/// Once per process. OpenSSL initialises under its own run-once lock, so a handshake that gets there first waits
/// for this rather than doing it twice.
/// </summary>
static unsafe class OpenSslWarmup
{
    static int started;

    public static void Start(string caFile)
    {
        if (Interlocked.Exchange(ref started, 1) == 1) return;
        // Not on the pool: the HTTP stack queues its connect there, and would wait behind this.
        new Thread(static file =>
        {
            try
            {
                if (!LibSsl.Available) return;
                var ctx = LibSsl.SSL_CTX_new(LibSsl.TLS_client_method());
                if (ctx == 0) return;
                try
                {
                    fixed (byte* path = OpenSslStream.Utf8Z((string)file!))
                        LibSsl.SSL_CTX_load_verify_locations(ctx, path, null);
                }
                finally { LibSsl.SSL_CTX_free(ctx); }
                LibSsl.ERR_clear_error(); // a bad file is the transfer's to report, on its own thread
            }
            catch (Exception) { /* only a head start: the transfer does all of it itself */ }
        }) { IsBackground = true, Name = "OpenSSL warm-up" }.Start(caFile);
    }
}

namespace PluginBridge.Engine.Curl.OpenSsl;

/// <summary>
/// OpenSSL's one-time set-up on a thread of its own as the process's first CAInfo transfer begins: loading libssl
/// and libcrypto, the first SSL_CTX_new (configuration file, providers) and the first PEM file read (decoders)
/// together take 2–6 ms, which that transfer would otherwise spend between its connect and its handshake instead
/// of during its HTTP or mail set-up. OpenSSL initialises under its own run-once lock, so a handshake that gets
/// there first waits for this rather than doing it twice. The transfer joins the thread before it ends: a process
/// that exits right after a transfer must not run OpenSSL's exit handlers while this thread is inside OpenSSL.
/// </summary>
static unsafe class OpenSslWarmup
{
    static int started;

    /// <summary>The warm-up thread when this call started it (once per process), else null.</summary>
    public static Thread? Start(string caFile)
    {
        if (Interlocked.Exchange(ref started, 1) == 1) return null;
        // Not on the pool: the HTTP stack queues its connect there, and would wait behind this.
        var thread = new Thread(static file =>
        {
            try
            {
                if (!LibSsl.Available)
                {
                    TrustStoreWarmup.Start(); // no libssl 3: SslStream does this transfer's TLS
                    return;
                }
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
        }) { IsBackground = true, Name = "OpenSSL warm-up" };
        thread.Start(caFile);
        return thread;
    }
}

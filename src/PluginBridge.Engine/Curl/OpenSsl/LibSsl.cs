using System.Runtime.InteropServices;

namespace PluginBridge.Engine.Curl.OpenSsl;

/// <summary>
/// The few OpenSSL 3 calls a TLS client needs, for the CAInfo case on Linux (see <see cref="OpenSslStream"/>):
/// .NET's SslStream loads the whole system trust store on its first handshake even when we trust one file.
/// <see cref="Available"/> is false where libssl.so.3 cannot be loaded; SslStream serves then.
/// </summary>
static unsafe partial class LibSsl
{
    const string Ssl = "libssl.so.3", Crypto = "libcrypto.so.3";

    public const int ErrorSsl = 1, ErrorWantRead = 2, ErrorWantWrite = 3, ErrorSyscall = 5, ErrorZeroReturn = 6;
    public const int CtrlSetMinProtoVersion = 123, CtrlSetMaxProtoVersion = 124, CtrlSetTlsExtHostName = 55;
    public const ulong X509VFlagPartialChain = 0x80000; // trust an intermediate named in CAInfo, as curl does

    static readonly Lazy<bool> available = new(Probe);

    public static bool Available => available.Value;

    static bool Probe()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return NativeLibrary.TryLoad(Ssl, out var ssl) && NativeLibrary.TryLoad(Crypto, out var crypto)
                && NativeLibrary.TryGetExport(ssl, "SSL_get1_peer_certificate", out _)
                && NativeLibrary.TryGetExport(crypto, "X509_check_ip_asc", out _);
        }
        catch (Exception) { return false; }
    }

    [LibraryImport(Ssl)] public static partial nint TLS_client_method();
    [LibraryImport(Ssl)] public static partial nint SSL_CTX_new(nint method);
    [LibraryImport(Ssl)] public static partial void SSL_CTX_free(nint ctx);
    [LibraryImport(Ssl)] public static partial nint SSL_CTX_ctrl(nint ctx, int cmd, nint larg, nint parg);
    [LibraryImport(Ssl)] public static partial int SSL_CTX_load_verify_locations(nint ctx, byte* file, byte* path);
    [LibraryImport(Ssl)] public static partial nint SSL_CTX_get_cert_store(nint ctx);
    [LibraryImport(Ssl)] public static partial nint SSL_new(nint ctx);
    [LibraryImport(Ssl)] public static partial void SSL_free(nint ssl);
    [LibraryImport(Ssl)] public static partial void SSL_set_bio(nint ssl, nint rbio, nint wbio);
    [LibraryImport(Ssl)] public static partial void SSL_set_connect_state(nint ssl);
    [LibraryImport(Ssl)] public static partial nint SSL_ctrl(nint ssl, int cmd, nint larg, byte* parg);
    [LibraryImport(Ssl)] public static partial int SSL_do_handshake(nint ssl);
    [LibraryImport(Ssl)] public static partial int SSL_read(nint ssl, byte* buffer, int count);
    [LibraryImport(Ssl)] public static partial int SSL_write(nint ssl, byte* buffer, int count);
    [LibraryImport(Ssl)] public static partial int SSL_get_error(nint ssl, int result);
    [LibraryImport(Ssl)] public static partial int SSL_shutdown(nint ssl);
    [LibraryImport(Ssl)] public static partial nint SSL_get_verify_result(nint ssl);
    [LibraryImport(Ssl)] public static partial nint SSL_get1_peer_certificate(nint ssl);
    [LibraryImport(Ssl)] public static partial nint SSL_get_peer_cert_chain(nint ssl);
    [LibraryImport(Ssl)] public static partial nint SSL_get_version(nint ssl);
    [LibraryImport(Ssl)] public static partial nint SSL_get_current_cipher(nint ssl);
    [LibraryImport(Ssl)] public static partial nint SSL_CIPHER_standard_name(nint cipher);

    [LibraryImport(Crypto)] public static partial nint BIO_s_mem();
    [LibraryImport(Crypto)] public static partial nint BIO_new(nint type);
    [LibraryImport(Crypto)] public static partial void BIO_free(nint bio);
    [LibraryImport(Crypto)] public static partial int BIO_read(nint bio, byte* buffer, int count);
    [LibraryImport(Crypto)] public static partial int BIO_write(nint bio, byte* buffer, int count);
    [LibraryImport(Crypto)] public static partial nuint BIO_ctrl_pending(nint bio);
    [LibraryImport(Crypto)] public static partial int X509_STORE_set_flags(nint store, nuint flags);
    [LibraryImport(Crypto)] public static partial void X509_free(nint x509);
    [LibraryImport(Crypto)] public static partial int OPENSSL_sk_num(nint stack);
    [LibraryImport(Crypto)] public static partial nint OPENSSL_sk_value(nint stack, int index);
    [LibraryImport(Crypto)] public static partial int i2d_X509(nint x509, byte** output);
    [LibraryImport(Crypto)] public static partial int X509_check_host(nint x509, byte* name, nuint length,
        uint flags, nint peerName);
    [LibraryImport(Crypto)] public static partial int X509_check_ip_asc(nint x509, byte* address, uint flags);
    [LibraryImport(Crypto)] public static partial nint X509_verify_cert_error_string(nint code);
    [LibraryImport(Crypto)] public static partial nuint ERR_get_error();
    [LibraryImport(Crypto)] public static partial void ERR_error_string_n(nuint code, byte* buffer, nuint length);
    [LibraryImport(Crypto)] public static partial void ERR_clear_error();

    /// <summary>The oldest error on this thread's OpenSSL queue, in OpenSSL's words (the queue is
    /// emptied).</summary>
    public static string LastError(string fallback)
    {
        var code = ERR_get_error();
        ERR_clear_error();
        if (code == 0) return fallback;
        var text = stackalloc byte[256];
        ERR_error_string_n(code, text, 256);
        return Marshal.PtrToStringUTF8((nint)text) ?? fallback;
    }

    public static string Utf8String(nint utf8) => utf8 == 0 ? "" : Marshal.PtrToStringUTF8(utf8) ?? "";
}

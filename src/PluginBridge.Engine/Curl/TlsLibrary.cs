using System.Runtime.InteropServices;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// The TLS library our transfers really use, for CURL.LibSSLVersion / AvailableSSLBackends / Version: .NET's SslStream
/// runs on OpenSSL on Linux (the system's libssl, loaded at run time), on Schannel on Windows and on Apple's Security
/// framework on macOS. On Linux the version is asked from the libcrypto this process has loaded (OpenSSL_version), so
/// it is the library in use, not the one we were built against.
/// </summary>
static unsafe class TlsLibrary
{
    public static string Backend =>
        OperatingSystem.IsWindows() ? "schannel" : OperatingSystem.IsMacOS() ? "apple-security" : "openssl";

    static string? version;

    /// <summary>curl's form, "OpenSSL/3.0.13"; on other systems the backend and the OS version.</summary>
    public static string Version => version ??= Query();

    static string Query()
    {
        if (!OperatingSystem.IsLinux()) return $"{Backend}/{Environment.OSVersion.Version}";
        // Any OpenSSL-backed call makes .NET load libssl/libcrypto if it has not yet.
        System.Security.Cryptography.SHA256.HashData(ReadOnlySpan<byte>.Empty);
        var path = LoadedLibrary("libcrypto.so");
        if (path is null || !NativeLibrary.TryLoad(path, out var lib)) return "OpenSSL (version unknown)";
        try
        {
            if (!NativeLibrary.TryGetExport(lib, "OpenSSL_version", out var fn)) return "OpenSSL (before 1.1)";
            // OPENSSL_VERSION (0): "OpenSSL 3.0.13 30 Jan 2024"
            var text = Marshal.PtrToStringUTF8(((delegate* unmanaged<int, nint>)fn)(0)) ?? "";
            var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length >= 2 ? $"{parts[0]}/{parts[1]}" : text;
        }
        finally { NativeLibrary.Free(lib); }
    }

    /// <summary>The path of a shared library mapped into this process (/proc/self/maps), or null.</summary>
    static string? LoadedLibrary(string name)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                var at = line.IndexOf('/');
                if (at > 0 && line.AsSpan(at).Contains("/" + name, StringComparison.Ordinal)) return line[at..];
            }
        }
        catch (IOException) { /* no procfs */ }
        return null;
    }
}

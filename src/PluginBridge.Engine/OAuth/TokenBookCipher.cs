using System.Security.Cryptography;
using System.Text;

namespace PluginBridge.Engine.OAuth;

/// <summary>
/// Encryption at rest of token book files: AES-256-GCM with a key kept in a file only the user can read
/// (created 0600 on Linux and macOS; a key file that others can read is refused). The key file is
/// $PLUGINBRIDGE_TOKEN_KEY_FILE, else ~/.config/PluginBridge/token-book.key (%LOCALAPPDATA% on Windows).
/// Windows DPAPI, the macOS Keychain and the Linux Secret Service would hold the key better; they are not used yet.
/// </summary>
static class TokenBookCipher
{
    static readonly byte[] Magic = Encoding.ASCII.GetBytes("PBTB1\n");
    const int NonceSize = 12, TagSize = 16;
    static readonly Lock gate = new();
    static byte[]? key;

    public static string KeyFile()
    {
        var fromEnv = Environment.GetEnvironmentVariable("PLUGINBRIDGE_TOKEN_KEY_FILE");
        if (!string.IsNullOrWhiteSpace(fromEnv)) return fromEnv;
        var baseDir = OperatingSystem.IsWindows()
            ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(baseDir, "PluginBridge", "token-book.key");
    }

    public static byte[] Encrypt(byte[] plain)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var tag = new byte[TagSize];
        var cipher = new byte[plain.Length];
        using (var aes = new AesGcm(Key(), TagSize)) aes.Encrypt(nonce, plain, cipher, tag, Magic);
        return [.. Magic, .. nonce, .. tag, .. cipher];
    }

    /// <summary>The plain bytes, or an MbsException naming the file when it is not ours or fails the check.</summary>
    public static byte[] Decrypt(byte[] file, string path)
    {
        if (file.Length < Magic.Length + NonceSize + TagSize || !file.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw Unreadable(path, "it is not a PluginBridge token book");
        var nonce = file.AsSpan(Magic.Length, NonceSize);
        var tag = file.AsSpan(Magic.Length + NonceSize, TagSize);
        var cipher = file.AsSpan(Magic.Length + NonceSize + TagSize);
        var plain = new byte[cipher.Length];
        try
        {
            using var aes = new AesGcm(Key(), TagSize);
            aes.Decrypt(nonce, cipher, tag, plain, Magic);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw Unreadable(path,
                "it was changed after it was written, or it was written with another key file (" + KeyFile() + ")");
        }
        return plain;
    }

    public static MbsException Unreadable(string path, string why) => new(
        $"The token book {path} cannot be read: {why}. It was left unchanged. Restore it, or use another path with " +
        "OAuth.SetTokenStore and sign in again.");

    static byte[] Key()
    {
        lock (gate) return key ??= LoadOrCreateKey(KeyFile());
    }

    static byte[] LoadOrCreateKey(string path)
    {
        if (File.Exists(path))
        {
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (
                UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite))
                != 0)
                throw new MbsException($"The token book key file {path} can be read by other users. Make it private " +
                    $"(chmod 600) and try again.");
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length != 32) throw new MbsException($"The token book key file {path} is not a key of 32 " +
                $"bytes. Restore it, or delete it together with the token books it encrypted.");
            return bytes;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var created = RandomNumberGenerator.GetBytes(32);
        // Whole or not at all: a kill between creating and writing must not leave an empty key behind.
        try { AtomicFile.Write(path, created, @private: true, replace: false); }
        catch (IOException) when (File.Exists(path))
        {
            return LoadOrCreateKey(path); // another process created it first
        }
        return created;
    }
}

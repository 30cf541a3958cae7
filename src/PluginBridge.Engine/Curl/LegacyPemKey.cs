using System.Security.Cryptography;
using System.Text;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// OpenSSL's traditional encrypted PEM keys ("Proc-Type: 4,ENCRYPTED", "DEK-Info: AES-256-CBC,&lt;iv&gt;"), as in MBS's
/// Apple GSX example, which .NET does not read: the key is EVP_BytesToKey(MD5, pass phrase, first 8 IV bytes), the
/// body AES-128/192/256-CBC or DES-EDE3-CBC, the plain text a PKCS#1 RSA or SEC1 EC key.
/// </summary>
static class LegacyPemKey
{
    public static bool IsEncrypted(string pem) => pem.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal);

    /// <summary>Decrypts the key into the algorithm; a wrong pass phrase fails the padding or the key's
    /// parsing.</summary>
    public static void Import(string pem, string password, AsymmetricAlgorithm key)
    {
        var begin = pem.IndexOf("-----BEGIN ", StringComparison.Ordinal);
        var end = pem.IndexOf("-----END ", begin + 1, StringComparison.Ordinal);
        if (begin < 0 || end < 0) throw new CryptographicException("no PEM key block");
        var lines = pem[begin..end].Split('\n', StringSplitOptions.TrimEntries);
        var dek = lines.FirstOrDefault(l => l.StartsWith("DEK-Info:", StringComparison.Ordinal))
            ?? throw new CryptographicException("DEK-Info header missing");
        var parts = dek["DEK-Info:".Length..].Trim().Split(',');
        var iv = Convert.FromHexString(parts[1].Trim());
        var body = Convert.FromBase64String(string.Concat(lines.Skip(1)
            .Where(l => l.Length > 0 && !l.Contains(':'))));
        using SymmetricAlgorithm cipher = parts[0].Trim().ToUpperInvariant() switch
        {
            "AES-128-CBC" or "AES-192-CBC" or "AES-256-CBC" => Aes.Create(),
            "DES-EDE3-CBC" => TripleDES.Create(),
            var other => throw new CryptographicException($"cipher {other} not supported"),
        };
        cipher.Key = BytesToKey(Encoding.UTF8.GetBytes(password), iv[..8],
            parts[0].Contains("128") ? 16 : parts[0].Contains("192") || parts[0].StartsWith("DES") ? 24 : 32);
        var der = cipher.DecryptCbc(body, iv);
        if (key is RSA rsa) rsa.ImportRSAPrivateKey(der, out _);
        else ((ECDsa)key).ImportECPrivateKey(der, out _);
    }

    /// <summary>OpenSSL's EVP_BytesToKey with MD5 and one round: D_i = MD5(D_i-1 | pass | salt).</summary>
    static byte[] BytesToKey(byte[] password, byte[] salt, int length)
    {
        var key = new List<byte>();
        byte[] block = [];
#pragma warning disable CA5351 // MD5 is what the legacy PEM format prescribes; nothing new is protected with it
        while (key.Count < length) { block = MD5.HashData([.. block, .. password, .. salt]); key.AddRange(block); }
#pragma warning restore CA5351
        return [.. key.Take(length)];
    }
}

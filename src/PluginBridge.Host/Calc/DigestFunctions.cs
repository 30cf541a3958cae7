using System.Security.Cryptography;
using System.Text;

namespace PluginBridge.Host.Calc;

/// <summary>
/// HexEncode / HexDecode and the digests FileMaker 16 added (CryptDigest, CryptAuthCode): text is taken as UTF-8,
/// a container as its bytes; digests are binary, returned as a container, so they are read with HexEncode or
/// Base64Encode. Algorithms: MD5, SHA1, SHA224 (not in .NET: "?"), SHA256, SHA384, SHA512.
/// </summary>
static class DigestFunctions
{
    public static void Register()
    {
        Functions.Eager("HexEncode", 1, 1, v => FmValue.Text(Convert.ToHexStringLower(v[0].AsBytes())));
        Functions.Eager("HexDecode", 1, 2, HexDecode);
        Functions.Eager("CryptDigest", 2, 2, v => Digest(v[1].AsText(), null, v[0].AsBytes()));
        Functions.Eager("CryptAuthCode", 3, 3, v => Digest(v[1].AsText(), v[2].AsBytes(), v[0].AsBytes()));
    }

    /// <summary>Text from UTF-8 bytes, or a container named fileName; "?" when the text is not hex.</summary>
    static FmValue HexDecode(FmValue[] v)
    {
        var hex = new string(v[0].AsText().Where(c => !char.IsWhiteSpace(c)).ToArray());
        byte[] bytes;
        try { bytes = Convert.FromHexString(hex); }
        catch (FormatException) { return FmValue.Question; }
        return v.Length > 1 && v[1].AsText().Length > 0
            ? FmValue.Container(bytes, v[1].AsText()) : FmValue.Text(Encoding.UTF8.GetString(bytes));
    }

    static FmValue Digest(string algorithm, byte[]? key, byte[] data)
    {
        byte[]? hash = algorithm.Trim().ToUpperInvariant() switch
        {
            "MD5" => key is null ? MD5.HashData(data) : HMACMD5.HashData(key, data),
            "SHA1" => key is null ? SHA1.HashData(data) : HMACSHA1.HashData(key, data),
            "SHA256" => key is null ? SHA256.HashData(data) : HMACSHA256.HashData(key, data),
            "SHA384" => key is null ? SHA384.HashData(data) : HMACSHA384.HashData(key, data),
            "SHA512" => key is null ? SHA512.HashData(data) : HMACSHA512.HashData(key, data),
            _ => null,
        };
        return hash is null ? FmValue.Question : FmValue.Container(hash, "digest");
    }
}

using System.Security.Cryptography;
using System.Text;

namespace PluginBridge.Engine.Hash;

/// <summary>MBS Hash.SHA256 and Hash.SHA256.HMAC. Text is hashed as UTF-8 (as MBS documents); the result is
/// uppercase hex unless Flags ask for Base64 (1) or Base64URL (8); Flags 2 / 4 read key / data as hex.</summary>
static class HashFunctions
{
    public static void Register(Registry r)
    {
        r.Add("Hash.SHA256", "text { ; Flags }", Sha256);
        r.Add("Hash.SHA256.HMAC", "key; data { ; Flags }", HmacSha256);
    }

    static Value Sha256(Args a)
    {
        var flags = a.Long(1);
        return Value.FromText(Output(SHA256.HashData(Input(a.Text(0), (flags & 2) != 0)), flags));
    }

    static Value HmacSha256(Args a)
    {
        var flags = a.Long(2);
        return Value.FromText(
            Output(HMACSHA256.HashData(Input(a.Text(0), (flags & 2) != 0), Input(a.Text(1), (flags & 4) != 0)), flags));
    }

    static byte[] Input(string text, bool hex) => hex ? Encodings.ToBytes(text, "Hex") : Encoding.UTF8.GetBytes(text);

    static string Output(byte[] hash, long flags) =>
        (flags & 8) != 0 ? Base64Url.Encode(hash) : (flags & 1) != 0 ? Convert.ToBase64String(hash)
            : Convert.ToHexString(hash);
}

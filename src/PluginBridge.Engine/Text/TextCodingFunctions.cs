using System.Text;

namespace PluginBridge.Engine.Text;

/// <summary>Text.RemovePrefix, Base64URL and PHP-style URL encoding, and text files (registered in TextFunctions).
/// Encoding parameters default to MBS's "native", which we read as UTF-8 (see README, differences).</summary>
static class TextCodingFunctions
{
    static byte[] Bytes(Args a) => Encodings.ToBytes(a.Text(0), a.Text(1, ""));

    internal static Value EncodeToBase64Url(Args a) => Value.FromText(Base64Url.Encode(Bytes(a)));

    internal static Value DecodeFromBase64Url(Args a) =>
        Value.FromText(Encodings.Get(a.Text(1, "")).GetString(Base64Url.Decode(a.Text(0))));

    /// <summary>Text.EncodeToHex: the text's bytes in Encoding (default native = UTF-8) as uppercase hex, as MBS's
    /// examples show (48656C6C6F20576F726C64).</summary>
    internal static Value EncodeToHex(Args a) => Value.FromText(Convert.ToHexString(Bytes(a)));

    /// <summary>Text.DecodeFromHex: hex digits (either case; whitespace between them ignored) to bytes, read with
    /// Encoding (default native = UTF-8).</summary>
    internal static Value DecodeFromHex(Args a) =>
        Value.FromText(Encodings.Get(a.Text(1, "")).GetString(Encodings.ToBytes(a.Text(0), "Hex")));

    internal static Value RemovePrefix(Args a)
    {
        var text = a.Text(0);
        var prefix = a.Text(1);
        var comparison = a.Bool(2) ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        return Value.FromText(prefix.Length > 0 && text.StartsWith(prefix, comparison) ? text[prefix.Length..] : text);
    }

    const string UpperHex = "0123456789ABCDEF";

    internal static Value EncodeToUrl(Args a)
    {
        var sb = new StringBuilder();
        foreach (var b in Bytes(a))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.')
                sb.Append((char)b);
            else if (b == (byte)' ') sb.Append('+');
            else sb.Append('%').Append(UpperHex[b >> 4]).Append(UpperHex[b & 15]);
        }
        return Value.FromText(sb.ToString());
    }

    /// <summary>PHP's urldecode: the text's UTF-8 bytes with '+' as a space and %XX decoded, read with
    /// Encoding.</summary>
    internal static Value DecodeFromUrl(Args a)
    {
        var text = a.Text(0);
        var encoding = Encodings.Get(a.Text(1, ""));
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(2 * max); // the bytes, then the decoded bytes
        try
        {
            var count = Encoding.UTF8.GetBytes(text, buffer);
            var length = TextOnBytes.PercentDecode(buffer.AsSpan(0, count), buffer.AsSpan(max), plusIsSpace: true,
                out _);
            return Value.FromText(encoding.GetString(buffer, max, length));
        }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(buffer); }
    }

    internal static Value ReadTextFile(Args a)
    {
        var path = FilePath(a.Text(0));
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MbsException($"Failed to read file \"{path}\": {e.Message}");
        }
        var encoding = a.Text(1, "");
        if (Encodings.IsHex(encoding)) return Value.FromText(Convert.ToHexString(bytes));
        if (Encodings.IsBase64(encoding)) return Value.FromText(Convert.ToBase64String(bytes));
        var enc = Encodings.Get(encoding);
        var preamble = enc.GetPreamble();
        var skip = preamble.Length > 0 && bytes.AsSpan().StartsWith(preamble) ? preamble.Length
            : enc.CodePage == 65001 && bytes.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        return Value.FromText(enc.GetString(bytes, skip, bytes.Length - skip));
    }

    internal static Value WriteTextFile(Args a)
    {
        var path = FilePath(a.Text(1));
        try { AtomicFile.Write(path, Encodings.ToBytes(a.Text(0), a.Text(2, ""))); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MbsException($"Failed to write file \"{path}\": {e.Message}");
        }
        return Value.Ok;
    }

    // MBS accepts native paths and FileMaker paths (file:/…); both become a native path here.
    static string FilePath(string path)
    {
        if (path.Trim().Length == 0)
            throw new MbsException("The file path is empty. Pass a native path or a FileMaker path (file:/…).");
        return Paths.PathFunctions.ToNative(path);
    }
}

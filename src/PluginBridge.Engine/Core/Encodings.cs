using System.Text;

namespace PluginBridge.Engine.Core;

/// <summary>
/// MBS encoding names ("UTF-8", "utf8", "ISO-8859-1", "Latin1", "Windows", "Mac", "native", …) to .NET encodings.
/// "native" means the platform's FileMaker native text, which on every platform we run on is UTF-8 for
/// plugin APIs; we map it to UTF-8 and document that.
/// </summary>
public static class Encodings
{
    static int registered, loaded;

    /// <summary>Code pages (windows-125x, mac, …) must be registered before MimeKit's first use. Registering
    /// loads no table: the runtime's start-up (every host's first call) stays free of them.</summary>
    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref registered, 1) != 0) return;
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>The provider loads each table once for the life of the process, in native memory; pb_init loads
    /// MBS's named ones, so that this one-time allocation happens at the host's start-up instead of inside some
    /// later call (LeakSanitizer, which cannot see the GC heap that keeps them, checks calls).</summary>
    public static void LoadNamedCodePages()
    {
        EnsureRegistered();
        if (Interlocked.Exchange(ref loaded, 1) != 0) return;
        foreach (var codePage in new[] { 1252, 10000, 437 }) Encoding.GetEncoding(codePage).GetBytes("é");
    }

    public static readonly Encoding Utf8 = new UTF8Encoding(false);

    /// <summary>The encoding for an MBS name; empty means <paramref name="fallback"/> (UTF-8 if null).</summary>
    public static Encoding Get(string? name, Encoding? fallback = null)
    {
        EnsureRegistered();
        if (string.IsNullOrWhiteSpace(name)) return fallback ?? Utf8;
        // The common case, without allocating.
        if (name.Equals("UTF-8", StringComparison.OrdinalIgnoreCase)) return Utf8;
        var n = name.Trim().ToLowerInvariant().Replace("-", "").Replace("_", "").Replace(" ", "");
        switch (n)
        {
            case "utf8": case "native": case "unicode8": return Utf8;
            case "utf16": case "utf16le": case "unicode": return Encoding.Unicode;
            case "utf16be": return Encoding.BigEndianUnicode;
            case "ascii": case "usascii": return Encoding.ASCII;
            case "latin1": case "iso88591": case "isolatin1": return Encoding.Latin1;
            case "windows": case "ansi": case "windows1252": case "cp1252": return Encoding.GetEncoding(1252);
            case "mac": case "macroman": case "macintosh": return Encoding.GetEncoding(10000);
            case "dos": case "cp437": return Encoding.GetEncoding(437);
        }
        try { return Encoding.GetEncoding(name!.Trim()); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException) // UTF-7 is refused by the runtime
        {
            throw new MbsException(
                $"Unknown text encoding \"{MbsException.Echo(name ?? "")}\". Use UTF-8, ISO-8859-1, Windows, Mac, " +
                "DOS or another IANA charset name.");
        }
    }

    /// <summary>True for the pseudo encodings "Hex" and "Base64" that some MBS functions accept for binary
    /// data.</summary>
    public static bool IsHex(string? name) => string.Equals(name?.Trim(), "hex", StringComparison.OrdinalIgnoreCase);
    public static bool IsBase64(string? name) =>
        string.Equals(name?.Trim(), "base64", StringComparison.OrdinalIgnoreCase);

    /// <summary>Text to bytes honouring the pseudo encodings Hex and Base64.</summary>
    public static byte[] ToBytes(string text, string? encodingName)
    {
        if (IsHex(encodingName))
        {
            try { return Convert.FromHexString(new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray())); }
            catch (FormatException)
            {
                throw new MbsException("The text is not valid hexadecimal: pass pairs of hex digits (0-9, A-F).");
            }
        }
        if (IsBase64(encodingName))
        {
            try { return Convert.FromBase64String(text); }
            catch (FormatException) { throw new MbsException("The text is not valid Base64."); }
        }
        return Get(encodingName).GetBytes(text);
    }
}

namespace PluginBridge.Engine.Core;

/// <summary>Base64URL without padding (RFC 4648 §5), as JWT, PKCE and MBS's …Base64URL functions use.</summary>
static class Base64Url
{
    public static string Encode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The bytes, or null when the text is not Base64URL (white space and padding are tolerated).</summary>
    public static byte[]? TryDecode(string text)
    {
        var s = new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray())
            .TrimEnd('=').Replace('-', '+').Replace('_', '/');
        s += (s.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        try { return Convert.FromBase64String(s); }
        catch (FormatException) { return null; }
    }

    public static byte[] Decode(string text) =>
        TryDecode(text) ?? throw new MbsException("The text is not valid Base64URL.");
}

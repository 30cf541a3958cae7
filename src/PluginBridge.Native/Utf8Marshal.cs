using System.Runtime.InteropServices;
using System.Text;

namespace PluginBridge.Native;

/// <summary>UTF-8 in and out of unmanaged memory. Decoding is strict so that invalid UTF-8 is reported, not
/// guessed.</summary>
static unsafe class Utf8Marshal
{
    static readonly UTF8Encoding Strict = new(false, throwOnInvalidBytes: true);

    /// <summary>Decodes size bytes; null when they are not valid UTF-8.</summary>
    public static string? Decode(byte* data, nuint size)
    {
        if (size == 0) return "";
        try { return Strict.GetString(data, checked((int)size)); }
        catch (DecoderFallbackException) { return null; }
    }

    /// <summary>Decodes a NUL-terminated string; null when invalid.</summary>
    public static string? DecodeZ(byte* z) =>
        z == null ? null : Decode(z, (nuint)MemoryMarshal.CreateReadOnlySpanFromNullTerminated(z).Length);

    /// <summary>A NUL-terminated copy in memory that is never freed (library-owned static strings).</summary>
    public static byte* Permanent(string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        var p = (byte*)NativeMemory.Alloc((nuint)bytes.Length + 1);
        bytes.CopyTo(new Span<byte>(p, bytes.Length));
        p[bytes.Length] = 0;
        return p;
    }
}

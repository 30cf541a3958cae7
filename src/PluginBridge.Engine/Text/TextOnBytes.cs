using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Unicode;
using PluginBridge.Engine.Core;

namespace PluginBridge.Engine.Text;

/// <summary>
/// Text.EncodeURLComponent, DecodeURLComponent, DecodeFromURL and ReplaceNewLine on the caller's UTF-8 bytes (pb_call):
/// no string,
/// no intermediate buffer, the result written once into the result memory at its final size. Only the common case
/// (UTF-8, no wrapping) is here; everything else declines to the string functions in TextFunctions, whose results
/// these must equal byte for byte (TextOnBytesTests compares them).
/// </summary>
static class TextOnBytes
{
    public static void Register(Registry r)
    {
        r.AddBytesPath("Text.EncodeURLComponent", EncodeUrlComponent);
        r.AddBytesPath("Text.DecodeURLComponent", DecodeUrlComponent);
        r.AddBytesPath("Text.DecodeFromURL", DecodeFromUrl);
        r.AddBytesPath("Text.ReplaceNewLine", ReplaceNewLine);
    }

    /// <summary>Empty (the default) or "UTF-8": the encodings the bytes path handles.</summary>
    static bool IsUtf8(ReadOnlySpan<Utf8Text> args, int index)
    {
        if (index >= args.Length) return true;
        var name = args[index].Bytes;
        return name.IsEmpty || name.SequenceEqual("UTF-8"u8) || Ascii.EqualsIgnoreCase(name, "UTF-8"u8);
    }

    static int EncodeUrlComponent(ReadOnlySpan<Utf8Text> args, Utf8Sink sink)
    {
        if (!IsUtf8(args, 1)) return -1;
        var text = args[0].Bytes;
        var output = sink.Allocate(text.Length + 2 * CountReserved(text));
        PercentEncode(text, output);
        return output.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static bool IsUnreserved(byte b) => (uint)(b - '0') < 10 || (uint)((b | 0x20) - 'a') < 26;

    /// <summary>Bytes other than ASCII letters and digits, 16 at a time.</summary>
    static int CountReserved(ReadOnlySpan<byte> bytes)
    {
        var count = 0;
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            ref var start = ref MemoryMarshal.GetReference(bytes);
            for (; i + Vector128<byte>.Count <= bytes.Length; i += Vector128<byte>.Count)
            {
                var plain = PlainMask(Vector128.LoadUnsafe(ref start, (nuint)i));
                count += Vector128<byte>.Count - BitOperations.PopCount(plain);
            }
        }
        for (; i < bytes.Length; i++)
            if (!IsUnreserved(bytes[i])) count++;
        return count;
    }

    /// <summary>One bit per byte of v: set for ASCII letters and digits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static uint PlainMask(Vector128<byte> v)
    {
        var digit = Vector128.LessThan(v - Vector128.Create((byte)'0'), Vector128.Create((byte)10));
        var letter = Vector128.LessThan((v | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a'),
            Vector128.Create((byte)26));
        return (digit | letter).ExtractMostSignificantBits();
    }

    /// <summary>Per byte: its encoding in the low three bytes ("x" or "%XX"), its length in the top one.</summary>
    static readonly uint[] Encoded = BuildEncoded();

    static uint[] BuildEncoded()
    {
        const string hex = "0123456789ABCDEF";
        var table = new uint[256];
        for (var b = 0; b < 256; b++)
            table[b] = IsUnreserved((byte)b) ? (uint)b | 1u << 24
                : '%' | (uint)hex[b >> 4] << 8 | (uint)hex[b & 15] << 16 | 3u << 24;
        return table;
    }

    /// <summary>16 plain bytes at a time copied in one step; other bytes without a branch each: four bytes stored
    /// (one or three of them meant) while four fit, which they do while four input bytes are left.</summary>
    static void PercentEncode(ReadOnlySpan<byte> text, Span<byte> output)
    {
        var table = Encoded;
        ref var src = ref MemoryMarshal.GetReference(text);
        ref var dst = ref MemoryMarshal.GetReference(output);
        int i = 0, o = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            while (i + Vector128<byte>.Count <= text.Length)
            {
                var v = Vector128.LoadUnsafe(ref src, (nuint)i);
                if (PlainMask(v) == 0xFFFF)
                {
                    v.StoreUnsafe(ref dst, (nuint)o); // 16 plain bytes give 16 output bytes: they fit
                    i += Vector128<byte>.Count;
                    o += Vector128<byte>.Count;
                    continue;
                }
                for (var end = i + Vector128<byte>.Count; i < end && i + 4 <= text.Length; i++)
                    o += Store4(ref dst, o, table[Unsafe.Add(ref src, i)]);
                if (i + 4 > text.Length) break;
            }
        }
        for (; i + 4 <= text.Length; i++) o += Store4(ref dst, o, table[Unsafe.Add(ref src, i)]);
        for (; i < text.Length; i++)
        {
            var e = table[text[i]];
            for (var k = 0; k < (int)(e >> 24); k++) output[o++] = (byte)(e >> 8 * k);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static int Store4(ref byte dst, int at, uint e)
    {
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, at), BitConverter.IsLittleEndian ? e
            : BinaryPrimitives.ReverseEndianness(e));
        return (int)(e >> 24);
    }

    /// <summary>%XX decoded in one pass (PercentDecode). Each run of %XX bytes must be valid UTF-8 on its own (the
    /// string path decodes run by run and puts U+FFFD for invalid ones: that case declines to it). Plain text is
    /// whole characters, so the runs are all valid exactly when the whole result is: one check at the end.</summary>
    static int DecodeUrlComponent(ReadOnlySpan<Utf8Text> args, Utf8Sink sink) => Decode(args, sink, plusIsSpace: false);

    /// <summary>Text.DecodeFromURL (PHP's urldecode): '+' is a space too; the string path reads all the bytes at
    /// once, so again the result is these bytes exactly when they are valid UTF-8.</summary>
    static int DecodeFromUrl(ReadOnlySpan<Utf8Text> args, Utf8Sink sink) => Decode(args, sink, plusIsSpace: true);

    static int Decode(ReadOnlySpan<Utf8Text> args, Utf8Sink sink, bool plusIsSpace)
    {
        if (!IsUtf8(args, 1)) return -1;
        var text = args[0].Bytes;
        var output = sink.Allocate(text.Length);
        var length = PercentDecode(text, output, plusIsSpace, out var valid);
        return valid ? length : -1;
    }

    /// <summary>
    /// Decodes %XX (either case) into output, which must be as long as text and apart from it; '%' without two hex
    /// digits stays, '+' becomes a space when asked. Returns the length written. An escape is decoded on the spot;
    /// plain bytes go 16 at a time (copied as they are: the output is never ahead of the input, so they fit) up to
    /// the next '%' or '+' among them. (Decoding without branches is slower: each step's position would then wait
    /// for the previous step's loads.) valid: the result is UTF-8, for a text that is: the decoded bytes go through
    /// Utf8Steps, and every byte that was not escaped must find it between characters.
    /// </summary>
    internal static int PercentDecode(ReadOnlySpan<byte> text, Span<byte> output, bool plusIsSpace, out bool valid)
    {
        if (output.Length < text.Length || text.Overlaps(output))
            throw new ArgumentException("output must be as long as text, in other memory", nameof(output));
        ref var src = ref MemoryMarshal.GetReference(text);
        ref var dst = ref MemoryMarshal.GetReference(output);
        ref var hex = ref MemoryMarshal.GetArrayDataReference(HexDigits);
        var percent = Vector128.Create((byte)'%');
        var plus = Vector128.Create(plusIsSpace ? (byte)'+' : (byte)'%');
        ref var utf8 = ref MemoryMarshal.GetArrayDataReference(Utf8Steps);
        int i = 0, o = 0, n = text.Length, state = 0, misplaced = 0;
        while (i < n)
        {
            var b = Unsafe.Add(ref src, i);
            if (b == '%' && i + 2 < n)
            {
                int high = Unsafe.Add(ref hex, Unsafe.Add(ref src, i + 1));
                int low = Unsafe.Add(ref hex, Unsafe.Add(ref src, i + 2));
                if ((high | low) >= 0)
                {
                    var decoded = high << 4 | low;
                    Unsafe.Add(ref dst, o++) = (byte)decoded;
                    state = Unsafe.Add(ref utf8, state + decoded);
                    i += 3;
                    continue;
                }
            }
            misplaced |= state; // a plain byte (or run) where a character is still incomplete
            if (b == '+' && plusIsSpace) b = (byte)' ';
            else if (b != '%' && Vector128.IsHardwareAccelerated && i + Vector128<byte>.Count <= n)
            {
                var v = Vector128.LoadUnsafe(ref src, (nuint)i);
                v.StoreUnsafe(ref dst, (nuint)o);
                var special = (Vector128.Equals(v, percent) | Vector128.Equals(v, plus)).ExtractMostSignificantBits();
                var plain = special == 0 ? Vector128<byte>.Count : BitOperations.TrailingZeroCount(special);
                i += plain; // at least 1: b is neither '%' nor a '+' to replace
                o += plain;
                continue;
            }
            Unsafe.Add(ref dst, o++) = b; // plain, a '+' made a space, or a '%' without two hex digits
            i++;
        }
        valid = (misplaced | state) == 0;
        return o;
    }

    /// <summary>
    /// UTF-8 well-formedness (Unicode's table 3-7) as a state machine over bytes: Utf8Steps[state + b] is the next
    /// state, each a multiple of 256; 0 between characters. States: after a lead byte that needs 1, 2 or 3 more
    /// bytes, after E0 / ED / F0 / F4 (whose second byte has a narrower range), and the rejecting state.
    /// </summary>
    static readonly ushort[] Utf8Steps = BuildUtf8Steps();

    static ushort[] BuildUtf8Steps()
    {
        const int accept = 0, need1 = 1, need2 = 2, need3 = 3, e0 = 4, ed = 5, f0 = 6, f4 = 7, reject = 8;
        var table = new ushort[9 * 256];
        for (var state = 0; state < 9; state++)
            for (var b = 0; b < 256; b++)
            {
                var next = state switch
                {
                    accept => b switch
                    {
                        < 0x80 => accept, >= 0xC2 and <= 0xDF => need1, 0xE0 => e0, 0xED => ed,
                        >= 0xE1 and <= 0xEF => need2, 0xF0 => f0, >= 0xF1 and <= 0xF3 => need3, 0xF4 => f4, _ => reject,
                    },
                    need1 or need2 or need3 => b is >= 0x80 and <= 0xBF ? state - 1 : reject,
                    e0 => b is >= 0xA0 and <= 0xBF ? need1 : reject,
                    ed => b is >= 0x80 and <= 0x9F ? need1 : reject,
                    f0 => b is >= 0x90 and <= 0xBF ? need2 : reject,
                    f4 => b is >= 0x80 and <= 0x8F ? need2 : reject,
                    _ => reject,
                };
                table[state * 256 + b] = (ushort)(next * 256);
            }
        return table;
    }

    /// <summary>Per byte: 0..15 for a hex digit (either case), else -1.</summary>
    static readonly sbyte[] HexDigits = BuildHexDigits();

    static sbyte[] BuildHexDigits()
    {
        var table = new sbyte[256];
        for (var b = 0; b < 256; b++)
            table[b] = (sbyte)((uint)(b - '0') < 10 ? b - '0' : (uint)((b | 0x20) - 'a') < 6 ? (b | 0x20) - 'a' + 10
                : -1);
        return table;
    }

    /// <summary>Modes as plain digits and no wrapping; the rest (wrapping, odd number text, unknown modes and their
    /// errors) declines to the string path.</summary>
    static int ReplaceNewLine(ReadOnlySpan<Utf8Text> args, Utf8Sink sink)
    {
        if (!TryDigits(args[1].Bytes, out var mode) || args.Length > 2 && !(TryDigits(args[2].Bytes, out var wrap)
            && wrap == 0))
            return -1;
        ReadOnlySpan<byte> newline = (mode & 7) switch
        {
            0 => ""u8, 1 => "\r"u8, 2 => "\n"u8, 3 => "\r\n"u8, 4 => "<br>"u8, 5 => "<br />"u8, _ => "?"u8,
        };
        if (newline.SequenceEqual("?"u8)) return -1;
        var collapse = (mode & 8) != 0;
        var text = args[0].Bytes;
        var nul = text.IndexOf((byte)0);
        if (nul >= 0) text = text[..nul]; // MBS stops at the first NUL
        var output = sink.Allocate(ReplaceNewLines(text, newline, collapse, []));
        return ReplaceNewLines(text, newline, collapse, output);
    }

    /// <summary>Empty (0) or up to 9 ASCII digits.</summary>
    static bool TryDigits(ReadOnlySpan<byte> bytes, out int value)
    {
        value = 0;
        if (bytes.Length > 9) return false;
        foreach (var b in bytes)
        {
            if ((uint)(b - '0') > 9) return false;
            value = value * 10 + (b - '0');
        }
        return true;
    }

    /// <summary>Writes the text with CR, LF and CRLF replaced into output, or only counts when output is empty
    /// (the first of two passes: the result is written once, at its final size).</summary>
    static int ReplaceNewLines(ReadOnlySpan<byte> text, ReadOnlySpan<byte> newline, bool collapse, Span<byte> output)
    {
        var count = output.IsEmpty;
        var o = 0;
        var lastWasNewline = false;
        while (true)
        {
            var next = text.IndexOfAny((byte)'\r', (byte)'\n');
            var plain = next < 0 ? text : text[..next];
            if (!plain.IsEmpty)
            {
                if (!count) plain.CopyTo(output[o..]);
                o += plain.Length;
                lastWasNewline = false;
            }
            if (next < 0) return o;
            next += text[next] == '\r' && next + 1 < text.Length && text[next + 1] == '\n' ? 2 : 1;
            text = text[next..];
            if (!(collapse && lastWasNewline))
            {
                if (!count) newline.CopyTo(output[o..]);
                o += newline.Length;
            }
            lastWasNewline = true;
        }
    }
}

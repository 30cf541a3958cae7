using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace PluginBridge.Engine.Core;

/// <summary>
/// Function names and aliases looked up straight from UTF-8 bytes (pb_call's name), without making a string or
/// decoding to UTF-16: ASCII letters compared without case, ASCII white space around ignored. Names with other
/// bytes are not found here; the caller then takes the string lookup, whose rules (Unicode case and white space)
/// this table agrees with for every name it finds.
/// </summary>
sealed class Utf8NameTable
{
    readonly byte[]?[] keys; // lower case
    readonly FunctionInfo?[] values;
    readonly int mask;
    readonly int longest;

    public Utf8NameTable(IReadOnlyCollection<KeyValuePair<string, FunctionInfo>> entries)
    {
        var size = 16;
        while (size < entries.Count * 2) size *= 2;
        keys = new byte[size][];
        values = new FunctionInfo[size];
        mask = size - 1;
        foreach (var (name, fn) in entries)
        {
            if (!Ascii.IsValid(name)) continue; // found by the string lookup
            var key = Encoding.ASCII.GetBytes(name.ToLowerInvariant());
            var slot = (int)Hash(key) & mask;
            while (keys[slot] is not null) slot = (slot + 1) & mask;
            keys[slot] = key;
            values[slot] = fn;
            longest = Math.Max(longest, key.Length);
        }
    }

    /// <summary>Eight bytes a step; well mixed in the low bits, which pick the slot.</summary>
    static uint Hash(ReadOnlySpan<byte> s)
    {
        const ulong k = 0x9E3779B97F4A7C15;
        var h = (ulong)s.Length * k;
        var i = 0;
        for (; i + 8 <= s.Length; i += 8) h = (h ^ MemoryMarshal.Read<ulong>(s[i..])) * k;
        for (; i < s.Length; i++) h = (h ^ s[i]) * k;
        h ^= h >> 32;
        return (uint)(h * k >> 32);
    }

    static bool IsAsciiWhiteSpace(byte b) => b == ' ' || (uint)(b - '\t') <= '\r' - '\t';

    public FunctionInfo? Find(ReadOnlySpan<byte> name)
    {
        if (name.Length > 0 && (IsAsciiWhiteSpace(name[0]) || IsAsciiWhiteSpace(name[^1])))
            name = name.Trim(" \t\n\v\f\r"u8);
        if (name.Length > longest) return null;
        Span<byte> lower = stackalloc byte[longest];
        if (Ascii.ToLower(name, lower, out var length) != OperationStatus.Done) return null; // not ASCII
        lower = lower[..length];
        for (var slot = (int)Hash(lower) & mask; keys[slot] is { } key; slot = (slot + 1) & mask)
            if (lower.SequenceEqual(key)) return values[slot];
        return null;
    }
}

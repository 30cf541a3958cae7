using System.Runtime.CompilerServices;
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
    const ulong HighBits = 0x8080808080808080, K = 0x9E3779B97F4A7C15;

    readonly ulong[]?[] keys; // lower case, eight bytes a word, the last one padded with zeros
    readonly int[] lengths;
    readonly FunctionInfo?[] values;
    readonly int mask;
    readonly int longest;
    // The spellings found last, by a cheap hash of their exact bytes: scripts call a few functions in one
    // spelling, so most calls end here, before any case folding. A slot is replaced whole (one reference write),
    // so a thread never sees a name with another's function.
    readonly Spelling?[] recent = new Spelling?[256];

    sealed class Spelling(byte[] name, FunctionInfo function)
    {
        public readonly byte[] Name = name;
        public readonly FunctionInfo Function = function;
    }

    public Utf8NameTable(IReadOnlyCollection<KeyValuePair<string, FunctionInfo>> entries)
    {
        var size = 16;
        while (size < entries.Count * 2) size *= 2;
        keys = new ulong[size][];
        lengths = new int[size];
        values = new FunctionInfo[size];
        mask = size - 1;
        foreach (var (name, fn) in entries)
        {
            if (!Ascii.IsValid(name)) continue; // found by the string lookup
            var bytes = Encoding.ASCII.GetBytes(name);
            var key = new ulong[(bytes.Length + 7) / 8];
            Fold(bytes, key, out var hash);
            var slot = (int)hash & mask;
            while (keys[slot] is not null) slot = (slot + 1) & mask;
            keys[slot] = key;
            lengths[slot] = bytes.Length;
            values[slot] = fn;
            longest = Math.Max(longest, bytes.Length);
        }
    }

    /// <summary>The name in words, lower-cased eight bytes at a time, and its hash; false when not ASCII.</summary>
    static bool Fold(ReadOnlySpan<byte> name, Span<ulong> words, out uint hash)
    {
        var count = (name.Length + 7) / 8;
        if (count > 0) words[count - 1] = 0;
        name.CopyTo(MemoryMarshal.AsBytes(words));
        var h = (ulong)name.Length * K;
        for (var i = 0; i < count; i++)
        {
            var x = words[i];
            if ((x & HighBits) != 0)
            {
                hash = 0;
                return false;
            }
            // Per byte, without carries (all are below 0x80): the high bit set exactly for 'A'..'Z', moved to 0x20.
            x |= (((x + 0x3F3F3F3F3F3F3F3F) ^ (x + 0x2525252525252525)) & HighBits) >> 2;
            words[i] = x;
            h = (h ^ x) * K;
        }
        h ^= h >> 32;
        hash = (uint)(h * K >> 32);
        return true;
    }

    static bool IsAsciiWhiteSpace(byte b) => b == ' ' || (uint)(b - '\t') <= '\r' - '\t';

    public FunctionInfo? Find(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty) return null;
        ref var slot = ref recent[RecentSlot(name)];
        if (slot is { } seen && name.SequenceEqual(seen.Name)) return seen.Function;
        var found = FindFolded(name);
        if (found is not null) slot = new Spelling(name.ToArray(), found);
        return found;
    }

    /// <summary>Length and the last eight bytes (short names: first and last four): names share their family
    /// prefix, not their end.</summary>
    static int RecentSlot(ReadOnlySpan<byte> name)
    {
        ulong tail;
        if (name.Length >= 8) tail = MemoryMarshal.Read<ulong>(name[^8..]);
        else if (name.Length >= 4)
            tail = (ulong)MemoryMarshal.Read<uint>(name) << 32 | MemoryMarshal.Read<uint>(name[^4..]);
        else
        {
            tail = 0;
            foreach (var b in name) tail = tail << 8 | b;
        }
        return (int)(((tail ^ (ulong)name.Length) * K) >> 56);
    }

    [SkipLocalsInit] // Fold writes every word it reads
    FunctionInfo? FindFolded(ReadOnlySpan<byte> name)
    {
        if (name.Length > 0 && (IsAsciiWhiteSpace(name[0]) || IsAsciiWhiteSpace(name[^1])))
            name = name.Trim(" \t\n\v\f\r"u8);
        if (name.Length > longest) return null;
        Span<ulong> words = stackalloc ulong[(longest + 7) / 8];
        if (!Fold(name, words, out var hash)) return null;
        words = words[..((name.Length + 7) / 8)];
        for (var slot = (int)hash & mask; keys[slot] is { } key; slot = (slot + 1) & mask)
            if (lengths[slot] == name.Length && words.SequenceEqual(key)) return values[slot];
        return null;
    }
}

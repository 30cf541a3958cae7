namespace PluginBridge.Engine.Core;

/// <summary>
/// Function names and aliases looked up straight from UTF-8 bytes (pb_call's name), without making a string or
/// decoding to UTF-16: ASCII letters compared without case, ASCII white space around ignored. Names with other
/// bytes are not found here; the caller then takes the string lookup, whose rules (Unicode case and white space)
/// this table agrees with for every name it finds.
/// </summary>
sealed class Utf8NameTable
{
    readonly byte[]?[] keys;
    readonly FunctionInfo?[] values;
    readonly int mask;

    public Utf8NameTable(IReadOnlyCollection<KeyValuePair<string, FunctionInfo>> entries)
    {
        var size = 16;
        while (size < entries.Count * 2) size *= 2;
        keys = new byte[size][];
        values = new FunctionInfo[size];
        mask = size - 1;
        foreach (var (name, fn) in entries)
        {
            if (!System.Text.Ascii.IsValid(name)) continue; // found by the string lookup
            var key = new byte[name.Length];
            for (var i = 0; i < name.Length; i++) key[i] = Lower((byte)name[i]);
            var slot = (int)Hash(key) & mask;
            while (keys[slot] is not null) slot = (slot + 1) & mask;
            keys[slot] = key;
            values[slot] = fn;
        }
    }

    static byte Lower(byte b) => (uint)(b - 'A') < 26 ? (byte)(b | 0x20) : b;

    static uint Hash(ReadOnlySpan<byte> lower)
    {
        var h = 2166136261;
        foreach (var b in lower) h = (h ^ b) * 16777619;
        return h;
    }

    static bool IsAsciiWhiteSpace(byte b) => b == ' ' || (uint)(b - '\t') <= '\r' - '\t';

    public FunctionInfo? Find(ReadOnlySpan<byte> name)
    {
        while (name.Length > 0 && IsAsciiWhiteSpace(name[0])) name = name[1..];
        while (name.Length > 0 && IsAsciiWhiteSpace(name[^1])) name = name[..^1];
        var h = 2166136261;
        foreach (var b in name)
        {
            if (b >= 0x80) return null;
            h = (h ^ Lower(b)) * 16777619;
        }
        for (var slot = (int)h & mask; keys[slot] is { } key; slot = (slot + 1) & mask)
            if (key.Length == name.Length && EqualsLower(key, name)) return values[slot];
        return null;
    }

    static bool EqualsLower(ReadOnlySpan<byte> key, ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < key.Length; i++)
            if (key[i] != Lower(name[i])) return false;
        return true;
    }
}

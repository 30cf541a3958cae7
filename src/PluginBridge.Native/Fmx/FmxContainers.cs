using System.Buffers.Binary;
using System.IO.Compression;

namespace PluginBridge.Native.Fmx;

/// <summary>
/// Containers as FileMaker stores them: a BinaryData with typed streams. The file name travels in the FNAM stream,
/// the content in FILE (any file), ZLIB (compressed file) or an image stream (JPEG, PNGf, GIFf, ...) with a SIZE
/// stream beside it.
/// </summary>
static unsafe class FmxContainers
{
    // The stream read as the content when no MAIN stream names one: files first, then images by preference.
    static readonly string[] ContentOrder =
        ["FILE", "ZLIB", "PNGf", "JPEG", "GIFf", "PDF ", "TIFF", "BMPf", "EPS ", "META", "snd "];
    static readonly HashSet<string> NotContent = ["FNAM", "SIZE", "MAIN", "FORK", "DPI_"];

    public static (byte[] Bytes, string FileName) Read(void* binary)
    {
        var count = Fm.BinCount(binary);
        var types = new string[Math.Max(count, 0)];
        var quad = Fm.QuadNew();
        try
        {
            for (var i = 0; i < types.Length; i++)
            {
                Fm.BinType(binary, i, quad);
                types[i] = string.Create(4, (nint)quad, static (span, q) =>
                {
                    for (var k = 0; k < 4; k++) span[k] = (char)Fm.QuadAt((void*)q, k);
                });
            }
        }
        finally { Fm.QuadDelete(quad); }

        var main = Array.IndexOf(types, "MAIN") is var m and >= 0 && ReadStream(binary, m) is { Length: >= 4 } tag
            ? Array.IndexOf(types, new string([(char)tag[0], (char)tag[1], (char)tag[2], (char)tag[3]])) : -1;
        if (main < 0)
            foreach (var type in ContentOrder)
                if ((main = Array.IndexOf(types, type)) >= 0) break;
        if (main < 0) main = Array.FindIndex(types, t => !NotContent.Contains(t));

        var bytes = main < 0 ? [] : ReadStream(binary, main);
        if (main >= 0 && types[main] == "ZLIB") bytes = Inflate(bytes);
        return (bytes, types.Contains("FNAM") ? FileName(binary) : "");
    }

    static byte[] ReadStream(void* binary, int index)
    {
        var size = Fm.BinSize(binary, index);
        var bytes = new byte[checked((int)size)];
        if (size == 0) return bytes;
        fixed (byte* p = bytes)
        {
            var e = Fm.BinGet(binary, index, 0, size, p);
            if (e != 0) throw new InvalidOperationException($"FM_BinaryData_GetData returned {e}");
        }
        return bytes;
    }

    /// <summary>FNAM holds a path list ("file:report.pdf", "imagewin:/C:/x.png"): the last entry's last
    /// segment.</summary>
    static string FileName(void* binary)
    {
        var t = Fm.TextNew();
        try
        {
            if (Fm.BinGetName(binary, t) != 0) return "";
            var list = FmxText.Read(t).Split('\r', '\n', StringSplitOptions.RemoveEmptyEntries);
            if (list.Length == 0) return "";
            var entry = list[^1];
            var colon = entry.IndexOf(':');
            if (colon > 0 && entry[..colon].All(char.IsAsciiLetter)) entry = entry[(colon + 1)..];
            return entry[(entry.LastIndexOfAny(['/', '\\']) + 1)..];
        }
        finally { Fm.TextDelete(t); }
    }

    // ZLIB streams are deflate data with gzip (or zlib) headers.
    static byte[] Inflate(byte[] packed)
    {
        using var input = new MemoryStream(packed);
        using Stream inflater = packed is [0x1f, 0x8b, ..]
            ? new GZipStream(input, CompressionMode.Decompress)
            : new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        inflater.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>Sets data to a container holding bytes under fileName: an image stream with its SIZE when the bytes
    /// are a PNG, JPEG or GIF whose size we can read, FILE otherwise, and FNAM with the name.</summary>
    public static void Write(void* data, byte[] bytes, string fileName)
    {
        var binary = Fm.BinNew();
        try
        {
            var type = "FILE";
            short width = 0, height = 0;
            if (Fm.HasAddSize && ImageSize(bytes) is var (kind, w, h)
                && w is > 0 and <= short.MaxValue && h is > 0 and <= short.MaxValue)
                (type, width, height) = (kind, (short)w, (short)h);
            byte none = 0;
            var quad = Fm.QuadNew(type);
            try
            {
                fixed (byte* p = bytes)
                {
                    var e = Fm.BinAdd(binary, quad, (uint)bytes.Length, p != null ? p : &none);
                    if (e != 0) throw new InvalidOperationException($"FM_BinaryData_Add returned {e}");
                }
            }
            finally { Fm.QuadDelete(quad); }
            if (type != "FILE" && Fm.BinAddSize(binary, width, height) != 0)
                throw new InvalidOperationException("FM_BinaryData_AddSIZEData failed");
            if (fileName.Length > 0)
            {
                var name = FmxText.New(fileName);
                try
                {
                    if (Fm.BinAddName(binary, name) != 0)
                        throw new InvalidOperationException("FM_BinaryData_AddFNAMData failed");
                }
                finally { Fm.TextDelete(name); }
            }
            Fm.DataSetBinary(data, binary);
        }
        finally { Fm.BinDelete(binary); }
    }

    /// <summary>The stream type and pixel size of a PNG, GIF or baseline/progressive JPEG; null for anything
    /// else.</summary>
    internal static (string Type, int Width, int Height)? ImageSize(ReadOnlySpan<byte> b)
    {
        ReadOnlySpan<byte> png = [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10];
        if (b.Length >= 24 && b[..8].SequenceEqual(png))
            return ("PNGf", BinaryPrimitives.ReadInt32BigEndian(b[16..]), BinaryPrimitives.ReadInt32BigEndian(b[20..]));
        if (b.Length >= 10 && b[..4].SequenceEqual("GIF8"u8))
            return ("GIFf", BinaryPrimitives.ReadUInt16LittleEndian(b[6..]),
                BinaryPrimitives.ReadUInt16LittleEndian(b[8..]));
        if (b.Length < 4 || b[0] != 0xFF || b[1] != 0xD8) return null;
        // JPEG: walk the segments to the first start-of-frame marker (C0-CF except C4, C8, CC), which holds the size.
        for (var i = 2; i + 9 < b.Length;)
        {
            if (b[i] != 0xFF) return null;
            var marker = b[i + 1];
            if (marker == 0xFF) { i++; continue; }
            var length = BinaryPrimitives.ReadUInt16BigEndian(b[(i + 2)..]);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                return ("JPEG", BinaryPrimitives.ReadUInt16BigEndian(b[(i + 7)..]),
                    BinaryPrimitives.ReadUInt16BigEndian(b[(i + 5)..]));
            i += 2 + length;
        }
        return null;
    }
}

using System.IO.Compression;

namespace PluginBridge.Engine.Curl;

/// <summary>CURLOPT_ACCEPT_ENCODING's decoding: gzip, deflate (zlib, or raw as some servers send) and br.</summary>
static class Decoding
{
    /// <summary>What "" asks for: every encoding we decode, as libcurl sends its built-in list.</summary>
    public const string All = "deflate, gzip, br";

    const CurlCode BadEncoding = CurlCode.BadContentEncoding;

    /// <summary>Undoes the encodings in reverse order of application; "identity" is nothing to undo.</summary>
    public static void Decode(byte[] data, ICollection<string> encodings, Stream sink)
    {
        foreach (var encoding in encodings.Reverse())
        {
            var name = encoding.Trim().ToLowerInvariant();
            if (name is "identity" or "") continue;
            using var input = new MemoryStream(data);
            using Stream decoder = name switch
            {
                "gzip" or "x-gzip" => new GZipStream(input, CompressionMode.Decompress),
                "deflate" => IsZlib(data) ? new ZLibStream(input, CompressionMode.Decompress)
                    : new DeflateStream(input, CompressionMode.Decompress),
                "br" => new BrotliStream(input, CompressionMode.Decompress),
                _ => throw new CurlException(BadEncoding, $"Unrecognized content encoding type: {name}"),
            };
            var output = new MemoryStream();
            try { decoder.CopyTo(output); }
            catch (InvalidDataException e)
            {
                throw new CurlException(BadEncoding, $"Error while processing content unencoding: {e.Message}");
            }
            data = output.ToArray();
        }
        sink.Write(data);
    }

    /// <summary>A zlib header: CM 8 and a check value that makes the first two bytes a multiple of 31.</summary>
    static bool IsZlib(byte[] d) => d.Length >= 2 && (d[0] & 0x0F) == 8 && ((d[0] << 8) | d[1]) % 31 == 0;
}

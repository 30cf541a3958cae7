using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using PluginBridge.Engine.Core;

namespace PluginBridge.Native;

/// <summary>
/// A pb_result and its bytes live in one block from <see cref="ResultHeap"/>, so pb_result_free is a single free and a
/// result can never be half-released.
/// </summary>
static unsafe class ResultMemory
{
    public static PbResult* Make(Value value)
    {
        // Short text (most results) is transcoded once, on the stack, then copied into the block.
        const int shortText = 85; // UTF-16 chars whose UTF-8 surely fits in 256 bytes
        if (value.Type != Engine.Core.ValueType.Container && value.Text.Length <= shortText)
        {
            if (Ascii.IsValid(value.Text)) // one byte per char, narrowed straight into the block
            {
                var ascii = Allocate(value, value.Text.Length);
                Ascii.FromUtf16(value.Text, new Span<byte>(ascii->Value.Data, value.Text.Length), out _);
                return ascii;
            }
            Span<byte> utf8 = stackalloc byte[3 * shortText];
            Utf8.FromUtf16(value.Text, utf8, out _, out var written); // lone surrogates → U+FFFD, as GetBytes does
            var small = Allocate(value, written);
            utf8[..written].CopyTo(new Span<byte>(small->Value.Data, written));
            return small;
        }
        // Longer text is encoded straight into the block: no byte[] per result.
        var container = value.Type == Engine.Core.ValueType.Container;
        var bytes = container ? value.Bytes ?? [] : null;
        var dataLength = bytes?.Length ?? Encoding.UTF8.GetByteCount(value.Text);
        var fileName = container ? value.FileName ?? "" : null;
        var fileLength = fileName is null ? 0 : Encoding.UTF8.GetByteCount(fileName);
        var header = (nuint)sizeof(PbResult);
        var total = header + (nuint)dataLength + 1 + (fileName is null ? 0 : (nuint)fileLength + 1);
        var block = (byte*)ResultHeap.Alloc(total);
        var result = (PbResult*)block;
        var dataPtr = block + header;
        if (bytes is not null) bytes.CopyTo(new Span<byte>(dataPtr, dataLength));
        else Encoding.UTF8.GetBytes(value.Text, new Span<byte>(dataPtr, dataLength));
        dataPtr[dataLength] = 0;
        byte* filePtr = null;
        if (fileName is not null)
        {
            filePtr = dataPtr + dataLength + 1;
            Encoding.UTF8.GetBytes(fileName, new Span<byte>(filePtr, fileLength));
            filePtr[fileLength] = 0;
        }
        *result = new PbResult
        {
            StructSize = (uint)sizeof(PbResult),
            IsError = value.IsError ? 1 : 0,
            Value = new PbValue
            {
                Type = (int)value.Type, Data = dataPtr, Size = (nuint)dataLength, FileName = filePtr,
            },
        };
        return result;
    }

    /// <summary>A block for a text result of length bytes (NUL added); the caller writes the text.</summary>
    static PbResult* Allocate(Value value, int length)
    {
        var block = (byte*)ResultHeap.Alloc((nuint)sizeof(PbResult) + (nuint)length + 1);
        var result = (PbResult*)block;
        var data = block + sizeof(PbResult);
        data[length] = 0;
        *result = new PbResult
        {
            StructSize = (uint)sizeof(PbResult),
            IsError = value.IsError ? 1 : 0,
            Value = new PbValue { Type = (int)value.Type, Data = data, Size = (nuint)length, FileName = null },
        };
        return result;
    }

    public static void Free(PbResult* result)
    {
        if (result != null) ResultHeap.Free(result);
    }
}

using System.Runtime.InteropServices;
using System.Text;
using PluginBridge.Engine.Core;

namespace PluginBridge.Native;

/// <summary>
/// A pb_result and its bytes live in one block from NativeMemory, so pb_result_free is a single free and a
/// result can never be half-released.
/// </summary>
static unsafe class ResultMemory
{
    public static PbResult* Make(Value value)
    {
        // Text is encoded straight into the block: no byte[] per result.
        var container = value.Type == Engine.Core.ValueType.Container;
        var bytes = container ? value.Bytes ?? [] : null;
        var dataLength = bytes?.Length ?? Encoding.UTF8.GetByteCount(value.Text);
        var fileName = container ? value.FileName ?? "" : null;
        var fileLength = fileName is null ? 0 : Encoding.UTF8.GetByteCount(fileName);
        var header = (nuint)sizeof(PbResult);
        var total = header + (nuint)dataLength + 1 + (fileName is null ? 0 : (nuint)fileLength + 1);
        var block = (byte*)NativeMemory.Alloc(total);
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

    public static void Free(PbResult* result)
    {
        if (result != null) NativeMemory.Free(result);
    }
}

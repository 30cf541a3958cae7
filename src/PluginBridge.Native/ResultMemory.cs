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
        var container = value.Type == Engine.Core.ValueType.Container;
        var data = container ? value.Bytes ?? [] : Encoding.UTF8.GetBytes(value.Text);
        var file = container ? Encoding.UTF8.GetBytes(value.FileName ?? "") : null;
        var header = (nuint)sizeof(PbResult);
        var total = header + (nuint)data.Length + 1 + (file is null ? 0 : (nuint)file.Length + 1);
        var block = (byte*)NativeMemory.Alloc(total);
        var result = (PbResult*)block;
        var dataPtr = block + header;
        data.CopyTo(new Span<byte>(dataPtr, data.Length));
        dataPtr[data.Length] = 0;
        byte* filePtr = null;
        if (file is not null)
        {
            filePtr = dataPtr + data.Length + 1;
            file.CopyTo(new Span<byte>(filePtr, file.Length));
            filePtr[file.Length] = 0;
        }
        *result = new PbResult
        {
            StructSize = (uint)sizeof(PbResult),
            IsError = value.IsError ? 1 : 0,
            Value = new PbValue
            {
                Type = (int)value.Type, Data = dataPtr, Size = (nuint)data.Length, FileName = filePtr,
            },
        };
        return result;
    }

    public static void Free(PbResult* result)
    {
        if (result != null) NativeMemory.Free(result);
    }
}

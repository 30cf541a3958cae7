using System.Runtime.InteropServices;
using PluginBridge.Engine.Core;

namespace PluginBridge.Native;

/// <summary>
/// The result block of a pb_call taking a function's bytes path: the function asks for its text's room once and
/// writes straight into the memory pb_result_free releases. One per thread, reused, so the path allocates nothing
/// managed.
/// </summary>
sealed unsafe class ResultSink : Utf8Sink
{
    [ThreadStatic] static ResultSink? current;

    byte* block;
    int capacity;

    public static ResultSink ForThisThread => current ??= new ResultSink();

    public override Span<byte> Allocate(int capacity)
    {
        if (block != null) throw new InvalidOperationException("Result memory asked for twice in one call.");
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        block = (byte*)ResultHeap.Alloc((nuint)sizeof(PbResult) + (nuint)capacity + 1);
        this.capacity = capacity;
        return new Span<byte>(block + sizeof(PbResult), capacity);
    }

    /// <summary>The finished result: length bytes of text (no error), NUL-terminated.</summary>
    public PbResult* Finish(int length)
    {
        if (block == null) Allocate(0);
        if ((uint)length > (uint)capacity) { Discard(); throw new InvalidOperationException("Result overran."); }
        var result = (PbResult*)block;
        var data = block + sizeof(PbResult);
        data[length] = 0;
        *result = new PbResult
        {
            StructSize = (uint)sizeof(PbResult),
            IsError = 0,
            Value = new PbValue { Type = IsNumber ? Pb.Number : Pb.Text, Data = data, Size = (nuint)length },
        };
        block = null;
        IsNumber = false;
        return result;
    }

    /// <summary>Frees what a function that declined asked for.</summary>
    public void Discard()
    {
        if (block != null) ResultHeap.Free(block);
        block = null;
        IsNumber = false;
    }
}

using System.Runtime.InteropServices;
using PluginBridge.Engine.Core;

namespace PluginBridge.Native.Fmx;

/// <summary>
/// The one external function, MBS(name; parameters...), registered with FileMaker's calculation engine. FileMaker
/// Server calls it from several threads at once: it keeps no state of its own, and the engine behind it is
/// thread-safe. Errors come back as "[MBS] ..." text with IsError set and errcode 0, as MBS does.
/// </summary>
static unsafe class FmxFunction
{
    public const short Id = 1;
    /// <summary>errcode when not even an error text could be written (kPluginErrResult1).</summary>
    const short NoResult = 1552;

    public static delegate* unmanaged<short, void*, void*, void*, short> Pointer => &Call;

    // The platform's C convention (FMX_PROC): the only one on x64 and arm64.
    [UnmanagedCallersOnly]
    static short Call(short functionId, void* env, void* parameters, void* result)
    {
        try
        {
            if (result == null || !FmxLifecycle.CanCall) return NoResult;
            Value value;
            try { value = Dispatch(parameters); }
            catch (Exception e) { value = Value.Error("Internal error: " + e.Message); }
            // Errors found here, before the engine ran, count for MBS("IsError") as well.
            Plugin.RecordResult(value);
            try { FmxValues.Write(result, value); }
            catch (Exception e) { FmxValues.WriteText(result, Value.Error("Could not hand the result to FileMaker: " + e.Message).Text); }
            return 0;
        }
        catch { return NoResult; }
    }

    static Value Dispatch(void* parameters)
    {
        if (parameters == null) return Value.Error("No parameters: MBS needs the function name first.");
        var count = Fm.VectSize(parameters);
        if (count == 0) return Value.Error("No parameters: MBS needs the function name first.");
        var name = FmxValues.ReadText(Fm.VectAt(parameters, 0));
        var values = new Value[count - 1];
        for (var i = 1u; i < count; i++) values[i - 1] = FmxValues.Read(Fm.VectAt(parameters, i));
        return Plugin.Call(name, values);
    }
}

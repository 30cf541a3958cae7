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

    /// <summary>The ExprEnv of the call running on this thread (FileMaker's calculation context), for FmxHost's
    /// Evaluate; null outside a call (at Idle). Nested calls (an expression calling MBS) restore the outer
    /// one.</summary>
    [ThreadStatic] static nint currentEnv;
    public static void* CurrentEnv => (void*)currentEnv;

    // The platform's C convention (FMX_PROC): the only one on x64 and arm64.
    [UnmanagedCallersOnly]
    static short Call(short functionId, void* env, void* parameters, void* result)
    {
        try
        {
            if (result == null || !FmxLifecycle.CanCall) return NoResult;
            // Every path goes through Plugin.Call or Plugin.Refuse, which record MBS("IsError") once for this call.
            Value value;
            var outer = currentEnv;
            currentEnv = (nint)env;
            try { value = Dispatch(parameters); }
            catch (Exception e) { value = Plugin.Refuse("Internal error: " + e.Message); }
            finally { currentEnv = outer; }
            try { FmxValues.Write(result, value); }
            catch (Exception e)
            {
                FmxValues.WriteText(result, Plugin.Refuse("Could not hand the result to FileMaker: " + e.Message).Text);
            }
            return 0;
        }
        catch { return NoResult; }
    }

    static Value Dispatch(void* parameters)
    {
        var count = parameters == null ? 0 : Fm.VectSize(parameters);
        if (count == 0) return Plugin.Refuse("No parameters: MBS needs the function name first.");
        var name = FmxValues.ReadText(Fm.VectAt(parameters, 0));
        var values = new Value[count - 1];
        for (var i = 1u; i < count; i++) values[i - 1] = FmxValues.Read(Fm.VectAt(parameters, i));
        return Plugin.Call(name, values);
    }
}

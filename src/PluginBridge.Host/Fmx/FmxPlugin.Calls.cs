using System.Runtime.InteropServices;
using PluginBridge.Host.Calc;
using PluginBridge.Host.Native;

namespace PluginBridge.Host.Fmx;

/// <summary>One function the plug-in registered through FM_ExprEnv_RegisterExternalFunction(Ex).</summary>
sealed record FmxFunction(string Name, short FunctionId, int MinArgs, int MaxArgs, string Prototype,
                          string Description, nint Fn);

public sealed unsafe partial class FmxPlugin
{
    const short PluginErrFirst = 1552, PluginErrLast = 1559; // kPluginErrResult1..8: the result holds the detail

    /// <summary>The plug-in's own registrations (its ID), read from the wrapper now: a plug-in may register any
    /// time.</summary>
    IReadOnlyList<FmxFunction> Registrations()
    {
        var list = new List<FmxFunction>();
        var count = fm.FunctionCount();
        for (var i = 0; i < count; i++)
        {
            FmwFunction f;
            if (fm.FunctionAt(i, &f) != 0 || f.IsScriptStep != 0) continue;
            if (Marshal.PtrToStringUTF8((nint)f.PluginId) != Id) continue;
            list.Add(new FmxFunction(Utf8(f.Name), f.FunctionId, f.MinArgs, f.MaxArgs, Utf8(f.Prototype),
                                     Utf8(f.Description), (nint)f.Fn));
        }
        return list;
    }

    static string Utf8(byte* p) => p == null ? "" : Marshal.PtrToStringUTF8((nint)p) ?? "";

    FmxFunction? Find(string name) =>
        Registrations().FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The plug-in's functions become calculation functions, as in FileMaker (MBS is one already).</summary>
    void RegisterCalcFunctions()
    {
        foreach (var f in Registrations()) Calc.Functions.AddExternal(f.Name, f.MinArgs, f.MaxArgs);
    }

    public IReadOnlyList<PluginFunction> Functions() =>
        [.. Registrations().Select(f => new PluginFunction(f.Name, f.MinArgs, f.MaxArgs, f.Prototype, f.Description))];

    /// <summary>MBS ( name ; args... ): the plug-in's function registered as MBS, with name as its first
    /// parameter.</summary>
    public PluginResult Call(string name, IReadOnlyList<FmValue> args) =>
        Find("MBS") is { } mbs ? Invoke(mbs, [FmValue.Text(name), .. args]) : new PluginResult(FmValue.Question, true);

    public PluginResult CallFunction(string name, IReadOnlyList<FmValue> args) =>
        Find(name) is { } f ? Invoke(f, args) : new PluginResult(FmValue.Question, true);

    /// <summary>Calls fn(functionId, env, parameters, result) as FileMaker does, with a DataVect of new Data.</summary>
    PluginResult Invoke(FmxFunction f, IReadOnlyList<FmValue> args)
    {
        if (!enabled || args.Count < f.MinArgs || (f.MaxArgs >= 0 && args.Count > f.MaxArgs))
            return new PluginResult(FmValue.Question, true);
        var x = FmxCpt.New();
        var parameters = fm.VectNew(&x);
        FmWrapper.Check(x, "FM_DataVect_Constructor1");
        var result = fm.DataNew(&x);
        try
        {
            FmWrapper.Check(x, "FM_Data_Constructor1");
            foreach (var a in args)
            {
                var data = values.NewData(a);
                fm.VectPushBack(parameters, data, &x);
                var pushed = x;
                fm.DataDelete(data, &x);
                FmWrapper.Check(pushed, "FM_DataVect_PushBack");
            }
            var rc = ((delegate* unmanaged<short, nint, nint, nint, short>)f.Fn)(f.FunctionId, env, parameters, result);
            var value = values.Read(result);
            var mbsError = value.IsText && value.AsText().StartsWith("[MBS]", StringComparison.Ordinal);
            if (rc == 0) return new PluginResult(value, mbsError);
            if (rc is >= PluginErrFirst and <= PluginErrLast) LastErrorDetail = value.AsText();
            return new PluginResult(FmValue.Question, true);
        }
        finally
        {
            fm.DataDelete(result, &x);
            fm.VectDelete(parameters, &x);
        }
    }
}

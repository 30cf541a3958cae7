namespace PluginBridge.Native.Fmx;

/// <summary>
/// Our plug-in ID and the one function we register. The function is named MBS, so that scripts written for the MBS
/// plug-in run unchanged; PB_FMX_FUNCTION_NAME=PluginBridge names it PluginBridge instead, for machines where the MBS
/// plug-in is installed as well.
/// </summary>
static unsafe class FmxRegistration
{
    /// <summary>Our 4-character plug-in ID (not MBS's "MBSP"); FileMaker requires it in the options string
    /// too.</summary>
    public const string PluginId = "PBrg";
    public const string NameVariable = "PB_FMX_FUNCTION_NAME";

    // kDisplayInAllDialogs (0x0000FF00) | kFutureCompatible (every device 0x7E | 0x00FF0000).
    const uint Flags = 0x0000FF00 | 0x00FF007E;

    public static string FunctionName
    {
        get
        {
            var wanted = Environment.GetEnvironmentVariable(NameVariable);
            if (string.IsNullOrEmpty(wanted) || wanted.Equals("MBS", StringComparison.OrdinalIgnoreCase)) return "MBS";
            if (wanted.Equals("PluginBridge", StringComparison.OrdinalIgnoreCase)) return "PluginBridge";
            FmxLog.Write($"{NameVariable}={wanted} is neither MBS nor PluginBridge; registering MBS.");
            return "MBS";
        }
    }

    /// <summary>Registers the function; returns FileMaker's errcode (0 = registered).</summary>
    public static short Register(string name)
    {
        void* id = null, text = null, prototype = null, description = null;
        try
        {
            id = Fm.QuadNew(PluginId);
            text = FmxText.New(name);
            prototype = FmxText.New(name + "( Function ; Parameter... )");
            description = FmxText.New(name + "|Calls a PluginBridge function by name, as the MBS plug-in does: " +
                name + "( \"Text.EncodeURLComponent\" ; \"a b\" ; \"UTF-8\" ). Errors are text starting with [MBS].");
            return Fm.RegisterFunction(id, FmxFunction.Id, text, prototype, description, 1, -1, Flags,
                FmxFunction.Pointer);
        }
        finally
        {
            if (id != null) Fm.QuadDelete(id);
            FmxText.Delete(text);
            FmxText.Delete(prototype);
            FmxText.Delete(description);
        }
    }

    public static short Unregister()
    {
        var id = Fm.QuadNew(PluginId);
        try { return Fm.UnregisterFunction(id, FmxFunction.Id); }
        finally { Fm.QuadDelete(id); }
    }
}

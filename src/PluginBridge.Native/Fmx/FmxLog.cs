namespace PluginBridge.Native.Fmx;

/// <summary>One line per event on standard error, where FileMaker Server's service log picks it up.</summary>
static class FmxLog
{
    public static void Write(string message)
    {
        try { Console.Error.WriteLine("PluginBridge.fmx: " + message); }
        catch { /* a closed stderr must not fail a message */ }
    }
}

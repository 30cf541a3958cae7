namespace PluginBridge.Engine.Core;

/// <summary>What the engine is told about the process that loaded it, for IsServer and Plugin.Path.</summary>
public static class HostFacts
{
    /// <summary>FileMaker's FMX_Application from Init (1 Pro, 2 Runtime, 4 Web Direct, 7 server scripting, …);
    /// -1 when FileMaker did not load us (pb_host, which tells no application type).</summary>
    public static int ApplicationType { get; set; } = -1;

    /// <summary>True for FileMaker Server's processes: the server itself (3), Web Direct (4), ODBC/JDBC (6),
    /// server-side scripting (7), IWP (8), the Data API (9) and OData (11). Pro, Runtime, Go and pb_host are
    /// clients.</summary>
    public static bool IsServer => ApplicationType is 3 or 4 or 6 or 7 or 8 or 9 or 11;

    /// <summary>Finds the native path of the loaded library; set by the native layer, null in a managed process
    /// (tests), where the engine is no library of its own.</summary>
    public static Func<string?>? LibraryPath { get; set; }
}

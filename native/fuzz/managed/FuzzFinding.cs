namespace PluginBridge.Fuzz;

/// <summary>A broken invariant a target checks itself (not an exception of the code under test).</summary>
sealed class FuzzFinding(string message) : Exception(message);

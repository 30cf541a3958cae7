namespace PluginBridge.Engine.Core;

/// <summary>
/// A failure a script can cause and fix. The dispatcher turns it into "[MBS] " + Message with IsError set;
/// any other exception is a bug of ours and is reported as an internal error, never thrown across the ABI.
/// </summary>
public class MbsException(string message) : Exception(message)
{
    /// <summary>Input repeated in an error text, capped (at 200 characters, then "…"): a 1 MiB name must not make a
    /// 1 MiB error.</summary>
    public static string Echo(string input, int max = 200) => input.Length <= max ? input : input[..max] + "…";
}

/// <summary>A handle number that is not (or no longer) a live object of the expected type.</summary>
public sealed class InvalidHandleException(string kind, string given)
    : MbsException($"Invalid {kind} reference number: {Echo(given)}. It was never created or has been released.");

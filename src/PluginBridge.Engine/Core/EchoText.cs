namespace PluginBridge.Engine.Core;

/// <summary>Input repeated in an error text is cut, so that a 1 MiB argument does not make a 1 MiB error.</summary>
public static class EchoText
{
    public const int MaxChars = 200;

    /// <summary>The text, or its first 200 characters followed by "…".</summary>
    public static string Cap(string text) => text.Length <= MaxChars ? text : string.Concat(text.AsSpan(0, MaxChars), "…");
}

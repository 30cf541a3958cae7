namespace PluginBridge.Host.Calc;

/// <summary>FileMaker keeps text with CR (¶) line endings.</summary>
public static class FmText
{
    public const char Pilcrow = '¶';

    public static string ToCR(string s) =>
        s.Contains('\n') ? s.Replace("\r\n", "\r").Replace('\n', '\r') : s;

    /// <summary>Values of a return-delimited list (a trailing ¶ does not start an empty value).</summary>
    public static List<string> Values(string s)
    {
        var list = new List<string>();
        if (s.Length == 0) return list;
        list.AddRange(s.Split('\r'));
        if (s.EndsWith('\r')) list.RemoveAt(list.Count - 1);
        return list;
    }
}

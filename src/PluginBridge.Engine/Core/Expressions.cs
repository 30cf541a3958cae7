namespace PluginBridge.Engine.Core;

/// <summary>
/// FileMaker expressions given as text (JSON.ReplaceEvaluate, JSON.SortWithEvaluate), evaluated by the host on the
/// calling thread. The caller holds none of the engine's locks meanwhile: the expression may call MBS again.
/// </summary>
public static class Expressions
{
    /// <summary>The expression's result; an [MBS] error when the host cannot evaluate or FileMaker reports an
    /// error.</summary>
    public static string Evaluate(string function, string expression)
    {
        var result = Plugin.Host.Evaluate(expression)
            ?? throw new MbsException($"{function} needs the host to evaluate FileMaker expressions, and this host " +
                "gives no evaluate callback (pb_host.evaluate). Use a host that provides it, or FileMaker.");
        if (result.Failed)
            throw new MbsException($"{function}: the expression failed to evaluate" +
                (result.Text.Length > 0 ? ": " + result.Text : ".") + " Check the expression's syntax and names.");
        return result.Text;
    }

    /// <summary>Text as a FileMaker text literal: quotes, backslashes and ¶ escaped (a bare ¶ would be a
    /// return).</summary>
    public static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("¶", "\\¶") + "\"";

    /// <summary>FileMaker's truth of a result: a number other than zero.</summary>
    public static bool IsTrue(string result) =>
        double.TryParse(result.Trim(), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var d) && d != 0;
}

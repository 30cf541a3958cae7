using System.Globalization;

namespace PluginBridge.Engine.Core;

/// <summary>The parameters of one call (after the function name), with FileMaker-style coercions.</summary>
public sealed class Args(string function, IReadOnlyList<Value> values)
{
    public string Function { get; } = function;
    public int Count => values.Count;
    public Value this[int index] => values[index];

    /// <summary>True when the parameter was passed and is not empty (MBS treats empty like missing).</summary>
    public bool Has(int index) => index < values.Count && (values[index].Type == ValueType.Container || values[index].Text.Length > 0);

    public string Text(int index) => index < values.Count ? values[index].AsText() : "";

    public string Text(int index, string fallback) => Has(index) ? values[index].AsText() : fallback;

    /// <summary>An integer parameter; empty or missing gives the fallback, anything non-numeric is an error.</summary>
    public long Long(int index, long fallback = 0)
    {
        if (!Has(index)) return fallback;
        var s = Text(index).Trim();
        if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return n;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !double.IsNaN(d) && Math.Abs(d) < 9e18)
            return (long)Math.Truncate(d);
        throw new MbsException($"Parameter {index + 1} of {Function} must be a number, got \"{Shorten(s)}\".");
    }

    public int Int(int index, int fallback = 0) => (int)Math.Clamp(Long(index, fallback), int.MinValue, int.MaxValue);

    public bool Bool(int index, bool fallback = false) => Has(index) ? Long(index) != 0 : fallback;

    /// <summary>The bytes of a container parameter, or the UTF-8 of a text one.</summary>
    public byte[] Bytes(int index) => index < values.Count ? values[index].AsBytes() : [];

    /// <summary>All parameters from <paramref name="start"/> on, for variadic functions.</summary>
    public IEnumerable<Value> From(int start) => values.Skip(start);

    static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}

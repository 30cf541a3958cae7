using System.Globalization;

namespace PluginBridge.Engine.Core;

/// <summary>The parameters of one call (after the function name), with FileMaker-style coercions.</summary>
/// <param name="parameters">The documented parameter text ("curl; Value { ; Encoding }"), for error texts.</param>
public sealed class Args(string function, IReadOnlyList<Value> values, string parameters = "")
{
    public string Function { get; } = function;
    public int Count => values.Count;
    public Value this[int index] => values[index];

    /// <summary>True when the parameter was passed and is not empty (MBS treats empty like missing).</summary>
    public bool Has(int index) =>
        index < values.Count && (values[index].Type == ValueType.Container || values[index].Text.Length > 0);

    public string Text(int index) => index < values.Count ? values[index].AsText() : "";

    public string Text(int index, string fallback) => Has(index) ? values[index].AsText() : fallback;

    /// <summary>A whole-number parameter; empty or missing gives the fallback. Text that is not a number, a
    /// fraction, or a number beyond long's range is an error naming the parameter (MBS wants integers here).</summary>
    public long Long(int index, long fallback = 0) => Long(index, long.MinValue, long.MaxValue, fallback);

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; anything else is an error
    /// naming the parameter and the range.</summary>
    public long Long(int index, long min, long max, long fallback = 0)
    {
        if (!Has(index)) return fallback;
        var s = Text(index).Trim();
        if (NumberText.TryParseWhole(s, out var n) && n >= min && n <= max) return n;
        if (!NumberText.TryParse(s, out _)) throw NotANumber(index, s);
        var range = (min, max) switch
        {
            (long.MinValue, long.MaxValue) => "a whole number",
            (_, long.MaxValue) => $"a whole number of {min} or more",
            _ => $"a whole number from {min} to {max}",
        };
        var name = ParameterName(index);
        var label = name.Length > 0 ? $" ({name})" : "";
        throw new MbsException($"Parameter {index + 1} of {Function}{label} must be {range}, got {Shorten(s)}.");
    }

    public int Int(int index, int fallback = 0) => (int)Long(index, int.MinValue, int.MaxValue, fallback);

    /// <summary>FileMaker's boolean: any number other than 0 is true; text that is not a number is an error.</summary>
    public bool Bool(int index, bool fallback = false)
    {
        if (!Has(index)) return fallback;
        var s = Text(index).Trim();
        if (NumberText.TryParse(s, out var d)) return d != 0;
        throw NotANumber(index, s);
    }

    MbsException NotANumber(int index, string s) =>
        new($"Parameter {index + 1} of {Function} must be a number, got \"{Shorten(s)}\".");

    /// <summary>The documented name of parameter <paramref name="index"/>, e.g. "Value"; empty when unknown.</summary>
    public string ParameterName(int index)
    {
        var names = parameters.Replace("{", ";").Replace("}", ";")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (index < names.Length) return names[index].TrimEnd('.');
        return names.Length > 0 && names[^1].EndsWith("...", StringComparison.Ordinal)
            ? names[^1].TrimEnd('.') : "";
    }

    /// <summary>The bytes of a container parameter, or the UTF-8 of a text one.</summary>
    public byte[] Bytes(int index) => index < values.Count ? values[index].AsBytes() : [];

    /// <summary>All parameters from <paramref name="start"/> on, for variadic functions.</summary>
    public IEnumerable<Value> From(int start) => values.Skip(start);

    static string Shorten(string s) => MbsException.Echo(s, 40);
}

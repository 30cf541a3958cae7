using System.Globalization;

namespace PluginBridge.Engine.Core;

/// <summary>
/// The one parser for number parameters: FileMaker number text as a script passes it. Optional sign, digits with
/// an optional decimal point (".5", "5.", "1.25"), an optional exponent ("1e3", "2.5E-2"); spaces around are
/// ignored. Thousands separators ("1,000"), hex, "Infinity" and "NaN" are refused, as FileMaker would not make
/// such numbers.
/// </summary>
public static class NumberText
{
    /// <summary>The value, or false when the text is not a number.</summary>
    public static bool TryParse(string text, out double value)
    {
        value = 0;
        var s = text.AsSpan().Trim();
        var i = 0;
        if (i < s.Length && s[i] is '+' or '-') i++;
        var digits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
        }
        if (digits == 0) return false;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-') i++;
            var exponent = i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            if (i == exponent) return false;
        }
        if (i != s.Length) return false;
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    /// <summary>A whole number in long's range (exactly, also from "1e3" or "16000.0"), or false.</summary>
    public static bool TryParseWhole(string text, out long value)
    {
        value = 0;
        var s = text.Trim();
        if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)) return true;
        // 2^63 is exactly representable; anything at or beyond it does not fit.
        if (!TryParse(s, out var d) || d != Math.Floor(d) || d < -9.2233720368547758E18 || d >= 9.2233720368547758E18)
            return false;
        value = (long)d;
        return true;
    }
}

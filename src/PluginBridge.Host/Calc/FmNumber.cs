using System.Globalization;
using System.Text;

namespace PluginBridge.Host.Calc;

/// <summary>FileMaker's number text: how numbers are read from text and written unformatted.</summary>
public static class FmNumber
{
    /// <summary>Digits shown after the decimal point: FileMaker's default precision (SetPrecision) is 16.</summary>
    public const int Precision = 16;

    /// <summary>
    /// Unformatted number text as FileMaker writes it: no trailing zeros, no leading zero before the point
    /// (0.5 → ".5", -0.25 → "-.25"), rounded to 16 decimals.
    /// </summary>
    public static string Format(decimal d)
    {
        d = Math.Round(d, Precision, MidpointRounding.AwayFromZero);
        var s = d.ToString(CultureInfo.InvariantCulture);
        if (s.Contains('.')) s = s.TrimEnd('0').TrimEnd('.');
        if (s == "-0") return "0";
        if (s.StartsWith("0.", StringComparison.Ordinal)) return s[1..];
        if (s.StartsWith("-0.", StringComparison.Ordinal)) return "-" + s[2..];
        return s;
    }

    /// <summary>Number text for the plugin and JSON: invariant, with a leading zero.</summary>
    public static string Invariant(decimal d)
    {
        var s = Format(d);
        if (s.StartsWith('.')) return "0" + s;
        if (s.StartsWith("-.", StringComparison.Ordinal)) return "-0" + s[1..];
        return s;
    }

    /// <summary>
    /// GetAsNumber of text: FileMaker keeps the digits and the first decimal point and ignores other characters
    /// ("FY98" → 98, "$1,254.50" → 1254.5); a minus sign before the first digit makes it negative; no digit → empty.
    /// </summary>
    public static decimal? FromText(string text)
    {
        var sb = new StringBuilder();
        bool negative = false, point = false, anyDigit = false;
        foreach (var c in text)
        {
            if (c is >= '0' and <= '9') { sb.Append(c); anyDigit = true; }
            else if (c == '.' && !point) { point = true; sb.Append('.'); }
            else if (c == '-' && !anyDigit) negative = true;
        }
        if (!anyDigit) return null;
        var digits = sb.ToString();
        if (digits.StartsWith('.')) digits = "0" + digits;
        if (digits.EndsWith('.')) digits = digits[..^1];
        if (!decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
            d = double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var dbl)
                ? ClampToDecimal(dbl) : 0;
        return negative ? -d : d;
    }

    /// <summary>True when the whole (trimmed) text is one plain number, such as "200" or "-1.5".</summary>
    public static bool TryParseExact(string text, out decimal d) =>
        decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture, out d);

    static decimal ClampToDecimal(double d) =>
        d > (double)decimal.MaxValue ? decimal.MaxValue : d < (double)decimal.MinValue ? decimal.MinValue : (decimal)d;
}

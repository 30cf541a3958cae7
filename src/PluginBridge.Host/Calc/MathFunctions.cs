namespace PluginBridge.Host.Calc;

/// <summary>
/// FileMaker's logarithms, roots and aggregates. A result with no real value (Sqrt of a negative, Ln of 0) is "?",
/// as in FileMaker. Sum, Count and Average take values (or fields) and skip empty ones.
/// </summary>
static class MathFunctions
{
    public static void Register()
    {
        Functions.Eager("Sqrt", 1, 1, v => Real(v[0], Math.Sqrt));
        Functions.Eager("Exp", 1, 1, v => Real(v[0], Math.Exp));
        Functions.Eager("Ln", 1, 1, v => Real(v[0], Math.Log));
        Functions.Eager("Log", 1, 1, v => Real(v[0], Math.Log10));
        Functions.Eager("Lg", 1, 1, v => Real(v[0], Math.Log2));
        Functions.Eager("Sum", 1, -1, v => FmValue.Number(Numbers(v).Sum()));
        Functions.Eager("Count", 1, -1, v => FmValue.Number(v.Count(x => !x.IsEmpty)));
        Functions.Eager("Average", 1, -1, v => Numbers(v).ToList() is { Count: > 0 } n
            ? FmValue.Number(n.Sum() / n.Count) : FmValue.Empty);
    }

    static IEnumerable<decimal> Numbers(FmValue[] values) =>
        values.Select(x => x.AsNumber()).Where(x => x.HasValue).Select(x => x!.Value);

    /// <summary>Through double (15–17 digits), as decimal has no logarithms; NaN and infinities give "?".</summary>
    static FmValue Real(FmValue value, Func<double, double> f)
    {
        if (value.AsNumber() is not { } d) return FmValue.Empty;
        var r = f((double)d);
        return double.IsFinite(r) && Math.Abs(r) < 7.9e28 ? FmValue.Number(decimal.Parse(
            r.ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture)) : FmValue.Question;
    }
}

namespace PluginBridge.Host.Calc;

/// <summary>FileMaker's number functions. Round rounds halves away from zero; Int truncates toward zero.</summary>
static class NumberFunctions
{
    public static void Register()
    {
        Functions.Eager("GetAsNumber", 1, 1,
            v => v[0].IsText ? Num(v[0].AsNumber()) : FmValue.Number(v[0].AsNumberOrZero()));
        Functions.Eager("Int", 1, 1, v => Map(v[0], decimal.Truncate));
        Functions.Eager("Abs", 1, 1, v => Map(v[0], Math.Abs));
        Functions.Eager("Round", 2, 2,
            v => Map(v[0], d => RoundTo(d, (int)v[1].AsNumberOrZero(), MidpointRounding.AwayFromZero)));
        Functions.Eager("Truncate", 2, 2,
            v => Map(v[0], d => RoundTo(d, (int)v[1].AsNumberOrZero(), MidpointRounding.ToZero)));
        Functions.Eager("Floor", 1, 1, v => Map(v[0], Math.Floor));
        Functions.Eager("Ceiling", 1, 1, v => Map(v[0], Math.Ceiling));
        Functions.Eager("Mod", 2, 2, v =>
        {
            var d = v[1].AsNumberOrZero();
            return d == 0 ? FmValue.Question : Map(v[0], n => n - d * Math.Floor(n / d));
        });
        Functions.Eager("Sign", 1, 1, v => Map(v[0], d => Math.Sign(d)));
        Functions.Eager("Max", 1, -1, v => Num(v.Select(x => x.AsNumber()).Where(x => x.HasValue).Max()));
        Functions.Eager("Min", 1, -1, v => Num(v.Select(x => x.AsNumber()).Where(x => x.HasValue).Min()));
    }

    static FmValue Num(decimal? d) => d is { } n ? FmValue.Number(n) : FmValue.Empty;

    // An overflow in f gives "?" (Evaluator.Call).
    static FmValue Map(FmValue v, Func<decimal, decimal> f) => v.AsNumber() is { } d ? FmValue.Number(f(d))
        : FmValue.Empty;

    /// <summary>Rounds to places after the point; negative places round to tens, hundreds...</summary>
    static decimal RoundTo(decimal d, int places, MidpointRounding mode)
    {
        if (places >= 0) return Math.Round(d, Math.Min(places, 28), mode);
        // 10^29 is past decimal's range (7.9 × 10^28): there every number rounds to 0 or overflows.
        if (places < -29) return 0m;
        if (places == -29)
            return Math.Round(d / 1e28m / 10m, 0, mode) == 0 ? 0m : throw new OverflowException();
        var factor = (decimal)Math.Pow(10, -places);
        return Math.Round(d / factor, 0, mode) * factor;
    }
}

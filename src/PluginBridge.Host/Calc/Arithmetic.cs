namespace PluginBridge.Host.Calc;

/// <summary>
/// + - * / ^ by FileMaker's rules: empty counts as 0; a timestamp plus a number is a timestamp that many seconds
/// later (expiry = Get(CurrentTimestamp) + expires_in); a date plus a number adds days; two timestamps or two dates
/// subtract to a number; division by zero and overflow give "?".
/// </summary>
static class Arithmetic
{
    public static FmValue Apply(string op, FmValue l, FmValue r)
    {
        try
        {
            var a = l.AsNumberOrZero();
            var b = r.AsNumberOrZero();
            switch (op)
            {
                case "+":
                    if (Temporal(l) && !Temporal(r)) return Same(l, a + b);
                    if (Temporal(r) && !Temporal(l)) return Same(r, a + b);
                    if (l.Kind == FmKind.Date && r.Kind == FmKind.Time) return FmValue.Timestamp((a - 1) * 86400 + b);
                    return FmValue.Number(a + b);
                case "-":
                    if (Temporal(l) && l.Kind == r.Kind)
                        return l.Kind == FmKind.Time ? FmValue.Time(a - b) : FmValue.Number(a - b);
                    if (Temporal(l) && !Temporal(r)) return Same(l, a - b);
                    return FmValue.Number(a - b);
                case "*": return FmValue.Number(a * b);
                case "/": return b == 0 ? FmValue.Question : FmValue.Number(a / b);
                case "^":
                    var p = Math.Pow((double)a, (double)b);
                    return double.IsFinite(p) ? FmValue.Number((decimal)p) : FmValue.Question;
            }
        }
        catch (OverflowException) { return FmValue.Question; }
        throw new CalcException($"Unknown operator {op}.");
    }

    static bool Temporal(FmValue v) => v.Kind is FmKind.Date or FmKind.Time or FmKind.Timestamp;

    static FmValue Same(FmValue like, decimal n) => like.Kind switch
    {
        FmKind.Date => FmValue.Date(n),
        FmKind.Time => FmValue.Time(n),
        _ => FmValue.Timestamp(n),
    };
}

using System.Runtime.CompilerServices;

namespace PluginBridge.Host.Calc;

/// <summary>Evaluates parsed calculations by FileMaker's rules for types, operators and comparisons.</summary>
public sealed class Evaluator(ICalcHost host)
{
    public ICalcHost Host { get; } = host;

    public FmValue Evaluate(Node node) => Eval(node, Scope.Root);

    /// <summary>Parses and evaluates calculation text.</summary>
    public FmValue Evaluate(string text) => Evaluate(CalcParser.Parse(text));

    internal FmValue Eval(Node node, Scope scope)
    {
        // A long operator chain ("1+1+…") nests as deep as it is long: stop before the stack runs out.
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new CalcException("The calculation is nested too deeply to evaluate.", node.Position);
        return EvalNode(node, scope);
    }

    FmValue EvalNode(Node node, Scope scope) => node switch
    {
        Literal l => l.Value,
        VarRef v => Host.GetVariable(VariableKey(v, scope)),
        FieldRef f => Host.GetField(f.Table, f.Field),
        NameRef n => ResolveName(n, scope),
        Unary u => EvalUnary(u, scope),
        Binary b => EvalBinary(b, scope),
        FunctionCall c => Call(c, scope),
        BracketList b =>
            throw new CalcException("A [ ; ] list is only allowed in Let, Substitute and JSONSetElement.", b.Position),
        _ => throw new CalcException($"Cannot evaluate {node.GetType().Name}.", node.Position),
    };

    /// <summary>A function whose numbers run past the engine's (decimal's range, an index past Int32) gives "?",
    /// as the operators do (<see cref="Arithmetic"/>), instead of failing the whole calculation.</summary>
    FmValue Call(FunctionCall c, Scope scope)
    {
        try { return Functions.Find(c.Name)!.Invoke(new CallEnv(this, scope), c.Args); }
        catch (OverflowException) { return FmValue.Question; }
    }

    /// <summary>The variable's name with its repetition: "$x" for repetition 1, "$x[2]" for the second.</summary>
    internal string VariableKey(VarRef v, Scope scope)
    {
        if (v.Repetition is null) return v.Name;
        var n = Eval(v.Repetition, scope).AsNumber() is { } d ? (long)decimal.Truncate(d) : 0;
        if (n < 1) throw new CalcException($"Repetition {n} of {v.Name}: repetitions start at 1.", v.Position);
        return n == 1 ? v.Name : $"{v.Name}[{n}]";
    }

    static FmValue ResolveName(NameRef n, Scope scope)
    {
        if (scope.TryGet(n.Name, out var value)) return value;
        if (Functions.Constant(n.Name) is { } constant) return constant;
        throw new CalcException($"Unknown name \"{n.Name}\": not a Let variable or a constant. Fields are written " +
            $"Table::Field, variables $name.", n.Position);
    }

    FmValue EvalUnary(Unary u, Scope scope)
    {
        var x = Eval(u.Operand, scope);
        return u.Op switch
        {
            "not" => FmValue.Bool(!x.AsBool()),
            "-" => x.AsNumber() is { } d ? FmValue.Number(-d) : x,
            _ => x.AsNumber() is { } p ? FmValue.Number(p) : x,
        };
    }

    FmValue EvalBinary(Binary b, Scope scope)
    {
        // and/or short-circuit as FileMaker does.
        switch (b.Op)
        {
            case "and": return FmValue.Bool(Eval(b.Left, scope).AsBool() && Eval(b.Right, scope).AsBool());
            case "or": return FmValue.Bool(Eval(b.Left, scope).AsBool() || Eval(b.Right, scope).AsBool());
        }
        var l = Eval(b.Left, scope);
        var r = Eval(b.Right, scope);
        return b.Op switch
        {
            "xor" => FmValue.Bool(l.AsBool() ^ r.AsBool()),
            "&" => FmValue.Text(l.AsText() + r.AsText()),
            "=" => FmValue.Bool(Compare(l, r) == 0),
            "≠" => FmValue.Bool(Compare(l, r) != 0),
            "<" => FmValue.Bool(Compare(l, r) < 0),
            ">" => FmValue.Bool(Compare(l, r) > 0),
            "≤" => FmValue.Bool(Compare(l, r) <= 0),
            "≥" => FmValue.Bool(Compare(l, r) >= 0),
            _ => Arithmetic.Apply(b.Op, l, r),
        };
    }

    /// <summary>
    /// Numbers, dates, times and timestamps compare as numbers; text compares as text, ignoring case. A number
    /// against text compares as numbers only when the text is a plain number, so empty is not equal to 0.
    /// </summary>
    public static int Compare(FmValue l, FmValue r)
    {
        if (l.IsNumeric && r.IsNumeric) return l.AsNumberOrZero().CompareTo(r.AsNumberOrZero());
        if (l.IsNumeric && r.IsText && FmNumber.TryParseExact(r.AsText(), out var rn))
            return l.AsNumberOrZero().CompareTo(rn);
        if (r.IsNumeric && l.IsText && FmNumber.TryParseExact(l.AsText(), out var ln))
            return ln.CompareTo(r.AsNumberOrZero());
        return Math.Sign(string.Compare(l.AsText(), r.AsText(), StringComparison.OrdinalIgnoreCase));
    }
}

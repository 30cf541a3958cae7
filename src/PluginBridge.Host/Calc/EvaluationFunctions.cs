namespace PluginBridge.Host.Calc;

/// <summary>
/// Functions that evaluate other calculations: Evaluate ( text ) parses and runs its text in the current context
/// (a syntax error or an unknown name gives "?", as FileMaker does); GetField ( "Table::Field" ) reads a field
/// named by text; While ( [ initial ] ; condition ; [ logic ] ; result ) loops as FileMaker 18's While, at most
/// 50,000 times (FileMaker's default limit), then gives "?".
/// </summary>
static class EvaluationFunctions
{
    const int WhileLimit = 50_000;

    public static void Register()
    {
        Functions.Lazy("Evaluate", 1, 2, (env, a) =>
        {
            var text = env.Eval(a[0]).AsText();
            try { return env.Eval(CalcParser.Parse(text)); }
            catch (Exception e) when (e is CalcSyntaxException or CalcException) { return FmValue.Question; }
        });
        Functions.Lazy("GetField", 1, 1, (env, a) =>
        {
            var name = env.Eval(a[0]).AsText();
            var sep = name.IndexOf("::", StringComparison.Ordinal);
            if (sep <= 0) throw new CalcException($"GetField needs \"Table::Field\", not \"{name}\".", a[0].Position);
            return env.Host.GetField(name[..sep].Trim(), name[(sep + 2)..].Trim());
        });
        Functions.Lazy("While", 4, 4, While);
    }

    /// <summary>While: initial and logic are Let-style assignments that later steps see; condition is checked
    /// before each round.</summary>
    static FmValue While(CallEnv env, IReadOnlyList<Node> a)
    {
        var scope = new Scope(env.Scope);
        var inner = env.With(scope);
        const string example = "While ( [ i = 0 ] ; i < 3 ; [ i = i + 1 ] ; i )";
        Functions.Assign(env, inner, scope, a[0], example);
        for (var round = 0; inner.Eval(a[1]).AsBool(); round++)
        {
            if (round >= WhileLimit) return FmValue.Question;
            Functions.Assign(env, inner, scope, a[2], example);
        }
        return inner.Eval(a[3]);
    }
}

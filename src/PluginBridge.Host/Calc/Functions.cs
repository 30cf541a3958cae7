namespace PluginBridge.Host.Calc;

/// <summary>A calculation function: parameter counts (-1 = any number) and its implementation.</summary>
public sealed record FunctionDef(string Name, int MinArgs, int MaxArgs,
    Func<CallEnv, IReadOnlyList<Node>, FmValue> Invoke);

/// <summary>
/// The calculation functions, by name (case-insensitive). Families register themselves here; the control functions
/// (If, Case, Let, Choose) evaluate only the parameters they need, as FileMaker does.
/// </summary>
public static class Functions
{
    // Concurrent: a FileMaker plug-in adds its functions while other calculations may be parsed.
    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, FunctionDef> all =
        new(StringComparer.OrdinalIgnoreCase);
    static readonly Dictionary<string, FmValue> constants = new(StringComparer.OrdinalIgnoreCase)
    {
        ["True"] = FmValue.True,
        ["False"] = FmValue.False,
        ["Pi"] = FmValue.Number(3.1415926535897932384626433833m),
    };

    static Functions()
    {
        RegisterControl();
        TextFunctions.Register();
        NumberFunctions.Register();
        TimeFunctions.Register();
        JsonFunctions.Register();
        MathFunctions.Register();
        DatePartFunctions.Register();
        DigestFunctions.Register();
        EvaluationFunctions.Register();
        ValueListFunctions.Register();
    }

    public static FunctionDef? Find(string name) => all.GetValueOrDefault(name);

    /// <summary>Names FileMaker writes without parentheses whose value changes: Random.</summary>
    static readonly Dictionary<string, Func<FmValue>> volatileNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Random"] = () => FmValue.Number((decimal)System.Random.Shared.NextDouble()),
    };

    public static FmValue? Constant(string name) =>
        constants.GetValueOrDefault(name) ?? (volatileNames.TryGetValue(name, out var f) ? f() : null);

    public static IEnumerable<string> Names => all.Keys.Order(StringComparer.OrdinalIgnoreCase);

    internal static void AddConstant(string name, FmValue value) => constants[name] = value;

    /// <summary>A function a FileMaker plug-in registered (TP_Upper ( x )): called through the host, "?" once it is
    /// gone.</summary>
    public static void AddExternal(string name, int min, int max) =>
        all.TryAdd(name, new FunctionDef(name, min, max,
            (env, args) => env.Host.CallExternal(name, args.Select(env.Eval).ToArray())));

    /// <summary>A function whose parameters are all evaluated first.</summary>
    internal static void Eager(string name, int min, int max, Func<FmValue[], FmValue> body) =>
        all[name] = new FunctionDef(name, min, max, (env, args) => body(args.Select(env.Eval).ToArray()));

    /// <summary>A function that decides itself which parameters to evaluate.</summary>
    internal static void Lazy(string name, int min, int max, Func<CallEnv, IReadOnlyList<Node>, FmValue> body) =>
        all[name] = new FunctionDef(name, min, max, body);

    static void RegisterControl()
    {
        Lazy("If", 2, 3,
            (env, a) => env.Eval(a[0]).AsBool() ? env.Eval(a[1]) : a.Count > 2 ? env.Eval(a[2]) : FmValue.Empty);
        Lazy("Case", 2, -1, (env, a) =>
        {
            for (var i = 0; i + 1 < a.Count; i += 2)
                if (env.Eval(a[i]).AsBool()) return env.Eval(a[i + 1]);
            return a.Count % 2 == 1 ? env.Eval(a[^1]) : FmValue.Empty;
        });
        Lazy("Choose", 2, -1, (env, a) =>
        {
            var n = env.Eval(a[0]).AsNumber();
            if (n is null) return FmValue.Empty;
            var index = (int)decimal.Truncate(n.Value) + 1;
            return index >= 1 && index < a.Count ? env.Eval(a[index]) : FmValue.Empty;
        });
        Lazy("Let", 2, 2, Let);
        Lazy("Get", 1, 1, (env, a) => env.Host.Get(((NameRef)a[0]).Name));
        Lazy("MBS", 1, -1, (env, a) =>
        {
            var values = a.Select(env.Eval).ToArray();
            return env.Host.CallPlugin(values[0].AsText(), values[1..]);
        });
        Eager("IsEmpty", 1, 1, v => FmValue.Bool(v[0].IsEmpty));
        Eager("IsValid", 1, 1, v => FmValue.Bool(!(v[0].IsText && v[0].AsText() == "?")));
        Eager("GetAsBoolean", 1, 1, v => FmValue.Bool(v[0].AsBool()));
    }

    /// <summary>Let ( [ a = 1 ; b = a + 1 ] ; expression ): later names see earlier ones; $names set
    /// variables.</summary>
    static FmValue Let(CallEnv env, IReadOnlyList<Node> a)
    {
        var scope = new Scope(env.Scope);
        var inner = env.With(scope);
        Assign(env, inner, scope, a[0], "Let ( [ a = 1 ; b = 2 ] ; a + b )");
        return inner.Eval(a[1]);
    }

    /// <summary>The name = value pairs of Let and While, in order: names into scope, $names into variables.</summary>
    internal static void Assign(CallEnv env, CallEnv inner, Scope scope, Node list, string example)
    {
        var function = example[..example.IndexOf(' ')];
        foreach (var item in list is BracketList b ? b.Items : [list])
        {
            if (item is not Binary { Op: "=" } assign)
                throw new CalcException($"{function} needs name = value pairs: {example}.", item.Position);
            var value = inner.Eval(assign.Right);
            switch (assign.Left)
            {
                case NameRef n: scope.Set(n.Name, value); break;
                case VarRef v: env.Host.SetVariable(inner.VariableKey(v), value); break;
                default:
                    throw new CalcException($"{function} can only assign to a name or a $variable.", assign.Position);
            }
        }
    }
}

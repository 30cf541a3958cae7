namespace PluginBridge.Host.Calc;

/// <summary>Let variables: each Let opens a scope that sees the names of the scopes around it.</summary>
public sealed class Scope(Scope? parent)
{
    public static readonly Scope Root = new(null);
    readonly Scope? parent = parent;
    readonly Dictionary<string, FmValue> names = new(StringComparer.OrdinalIgnoreCase);

    public void Set(string name, FmValue value) => names[name] = value;

    public bool TryGet(string name, out FmValue value)
    {
        for (var s = this; s is not null; s = s.parent)
            if (s.names.TryGetValue(name, out value!)) return true;
        value = FmValue.Empty;
        return false;
    }
}

/// <summary>What a function implementation gets: a way to evaluate its parameters in the current scope.</summary>
public sealed class CallEnv(Evaluator evaluator, Scope scope)
{
    public ICalcHost Host => evaluator.Host;
    public Scope Scope => scope;
    public FmValue Eval(Node node) => evaluator.Eval(node, scope);
    public CallEnv With(Scope inner) => new(evaluator, inner);
    public string VariableKey(VarRef v) => evaluator.VariableKey(v, scope);
}

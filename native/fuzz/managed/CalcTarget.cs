using System.Text;
using PluginBridge.Host.Calc;

namespace PluginBridge.Fuzz;

/// <summary>
/// The host's calculation lexer, parser and evaluator: any text parses or fails with CalcSyntaxException; what
/// parses evaluates or fails with CalcException (variables, fields and Get() come from a host that knows none,
/// the plugin answers "?").
/// </summary>
static class CalcTarget
{
    sealed class EmptyHost : ICalcHost
    {
        public FmValue GetVariable(string name) => FmValue.Empty;
        public void SetVariable(string name, FmValue value) { }
        public FmValue GetField(string table, string field) => FmValue.Empty;
        public FmValue Get(string name) => throw new CalcException($"Get ( {name} ) is not known here.");
        public FmValue CallPlugin(string function, IReadOnlyList<FmValue> args) => FmValue.Question;
    }

    static readonly Evaluator evaluator = new(new EmptyHost());

    public static void Run(ReadOnlySpan<byte> data)
    {
        var text = Encoding.UTF8.GetString(data);
        Node node;
        try { node = CalcParser.Parse(text); }
        catch (CalcSyntaxException e)
        {
            if (e.Position < 0 || e.Position > text.Length)
                throw new FuzzFinding($"error position {e.Position} outside the text");
            return;
        }
        if (node.Position < 0 || node.Position > text.Length)
            throw new FuzzFinding($"node position {node.Position} outside the text");
        try { _ = evaluator.Evaluate(node).AsText(); }
        catch (CalcException) { }
    }
}

using System.Text;
using PluginBridge.Host.Calc;

namespace PluginBridge.Fuzz;

/// <summary>The host's calculation lexer and parser: any text parses or fails with CalcSyntaxException.</summary>
static class CalcTarget
{
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
    }
}

using System.Text;
using PluginBridge.Host.Script;

namespace PluginBridge.Fuzz;

/// <summary>
/// The host's script parser (steps split from printed script text, calculations parsed, blocks matched): any text
/// parses or fails with ScriptParseException naming a line of the text.
/// </summary>
static class ScriptTarget
{
    public static void Run(ReadOnlySpan<byte> data)
    {
        var text = Encoding.UTF8.GetString(data);
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n').Length;
        try
        {
            var script = ScriptParser.Parse("fuzz", "fuzz" + ScriptParser.Extension, text);
            foreach (var step in script.Steps)
            {
                if (step.Line < 1 || step.Line > lines)
                    throw new FuzzFinding($"step line {step.Line} outside 1…{lines}");
                // A block's jump lands on a step of the script or just past its end.
                if (step is JumpStep { Target: var t } && (t < -1 || t > script.Steps.Count))
                    throw new FuzzFinding($"line {step.Line} jumps to step {t} of {script.Steps.Count}");
            }
        }
        catch (ScriptParseException e)
        {
            if (e.Line < 1 || e.Line > lines)
                throw new FuzzFinding($"error line {e.Line} outside 1…{lines}: {e.Message}");
        }
    }
}

using System.Text;

namespace PluginBridge.Engine.Core;

/// <summary>The function reference as Markdown: docs/functions.md is generated from the registry with this.</summary>
public static class FunctionsMarkdown
{
    public static string Of(Registry registry)
    {
        var sb = new StringBuilder();
        sb.Append("# PluginBridge function reference\n\n");
        sb.Append("Generated from the registry (`./build.sh docs`). ")
            .Append("Names are case-insensitive; aliases are MBS's old names.\n\n");
        foreach (var group in registry.Functions.GroupBy(f => f.Name.Contains('.') ? f.Name.Split('.')[0] : "Plugin"))
        {
            sb.Append("## ").Append(group.Key).Append("\n\n| function | call | what it does |\n|---|---|---|\n");
            foreach (var f in group)
            {
                sb.Append("| `").Append(f.Name).Append('`');
                if (f.Aliases.Count > 0)
                    sb.Append(" (alias ").Append(string.Join(", ", f.Aliases.Select(a => $"`{a}`"))).Append(')');
                sb.Append(" | `").Append(Cell(f.Signature)).Append("` | ").Append(Cell(f.Doc)).Append(" |\n");
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    static string Cell(string text) => text.Replace("|", "\\|");
}

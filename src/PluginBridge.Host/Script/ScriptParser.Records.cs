using PluginBridge.Host.Calc;

namespace PluginBridge.Host.Script;

/// <summary>The printed forms of the record and layout steps (FileMaker 19 and later; older forms where known).
/// </summary>
public static partial class ScriptParser
{
    /// <summary>The step, or null when the name is not a record or layout step.</summary>
    static Step? BuildRecordStep(string file, RawStep raw)
    {
        var (line, text, o) = (raw.Line, raw.Text, raw.Options);
        RawOption? Labeled(params string[] names) => o.FirstOrDefault(x => names.Contains(Label(x.Text)));
        var unlabeled = o.Where(x => Label(x.Text) is null).ToList();
        switch (Normalize(raw.Name))
        {
            case "go to layout":
            {
                if (Labeled("layout number") is not null)
                    throw Error(file, raw, "Go to Layout by number is not supported: this host has no layout order. "
                        + "Name the layout, or use Layout Name: calculation.");
                if (Labeled("layout name") is { } byName)
                    return new GoToLayoutStep(line, text, null, null, ParseCalc(file, raw, byName));
                var target = unlabeled.FirstOrDefault()?.Text.Trim() ?? "";
                if (target.Equals("original layout", StringComparison.OrdinalIgnoreCase) || target.Length == 0)
                    return new GoToLayoutStep(line, text, null, null, null);
                var (name, table) = QuotedName(target)
                    ?? throw Error(file, raw, $"Go to Layout needs a layout name in quotes, not {target}.");
                return new GoToLayoutStep(line, text, name, table, null);
            }
            case "new record/request": return new NewRecordStep(line, text);
            case "delete record/request": return new DeleteRecordStep(line, text, WithDialog(o));
            case "go to record/request/page":
            {
                var exit = Labeled("exit after last") is { } e
                    ? Strip(e.Text).Equals("On", StringComparison.OrdinalIgnoreCase)
                    : unlabeled.Any(x => x.Text.Trim().Equals("Exit after last", StringComparison.OrdinalIgnoreCase));
                var calc = Labeled("by calculation");
                foreach (var option in unlabeled)
                {
                    var word = option.Text.Trim();
                    if (word.Equals("No dialog", StringComparison.OrdinalIgnoreCase)
                        || word.Equals("Exit after last", StringComparison.OrdinalIgnoreCase)) continue;
                    // By name only: Enum.TryParse would also take "2" (a calculation) as a member.
                    var k = Array.FindIndex(recordWords,
                        w => w.ToString().Equals(word, StringComparison.OrdinalIgnoreCase));
                    if (k >= 0) return new GoToRecordStep(line, text, recordWords[k], null, exit);
                    calc ??= option;
                }
                if (calc is null)
                    throw Error(file, raw, "Go to Record/Request/Page takes [ First ], [ Last ], [ Previous ], "
                        + "[ Next ; Exit after last: On ] or [ With dialog: Off ; calculation ].");
                return new GoToRecordStep(line, text, RecordTarget.ByCalculation, ParseCalc(file, raw, calc), exit);
            }
            case "set web viewer":
            {
                var target = Labeled("object name") ?? unlabeled.FirstOrDefault()
                    ?? throw Error(file, raw, "Set Web Viewer needs [ Object Name: \"name\" ; Action: … ].");
                var url = Labeled("url");
                var action = Labeled("action") is { } a ? Strip(a.Text) : url is null ? "" : "Go to URL";
                action = webViewerActions.FirstOrDefault(x => x.Equals(action, StringComparison.OrdinalIgnoreCase))
                    ?? throw Error(file, raw,
                        $"Set Web Viewer: the action is one of {string.Join(", ", webViewerActions)}.");
                if (action == "Go to URL" && url is null)
                    throw Error(file, raw, "Set Web Viewer: Go to URL needs URL: calculation.");
                return new SetWebViewerStep(line, text, ParseCalc(file, raw, target), action,
                    action == "Go to URL" ? ParseCalc(file, raw, url!) : null);
            }
            default: return null;
        }
    }

    static readonly RecordTarget[] recordWords =
        [RecordTarget.First, RecordTarget.Last, RecordTarget.Previous, RecordTarget.Next];

    internal static readonly string[] webViewerActions = ["Reset", "Reload", "Go Forward", "Go Back", "Go to URL"];

    /// <summary>Off for "With dialog: Off" and the older "No dialog"; FileMaker's default is On.</summary>
    static bool WithDialog(IReadOnlyList<RawOption> options) =>
        !options.Any(x => x.Text.Trim().Equals("No dialog", StringComparison.OrdinalIgnoreCase)
            || (Label(x.Text) == "with dialog" && Strip(x.Text).Equals("Off", StringComparison.OrdinalIgnoreCase)));

    /// <summary>“Name” or "Name", maybe followed by the table occurrence in parentheses: “Contacts” (Contacts).
    /// </summary>
    internal static (string Name, string? Table)? QuotedName(string text)
    {
        if (text.Length < 2) return null;
        var close = text[0] switch { '“' => '”', '"' => '"', _ => '\0' };
        var end = close == '\0' ? -1 : text.IndexOf(close, 1);
        if (end < 0) return null;
        var rest = text[(end + 1)..].Trim();
        var table = rest.StartsWith('(') && rest.EndsWith(')') ? rest[1..^1].Trim() : null;
        return (text[1..end], string.IsNullOrEmpty(table) ? null : table);
    }
}

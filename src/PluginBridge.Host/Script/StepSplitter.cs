namespace PluginBridge.Host.Script;

/// <summary>One step as printed: its first line number, its full text (maybe over several lines), and its
/// options.</summary>
public sealed record RawStep(int Line, string Text, string Name, IReadOnlyList<RawOption> Options, bool IsComment)
{
    /// <summary>A disabled step ("// Step [ … ]", enable="False"): kept only when converting, never run.</summary>
    public bool Disabled { get; init; }
}

/// <summary>One option between the step's brackets; Offset is where it starts in the step text.</summary>
public sealed record RawOption(string Text, int Offset);

/// <summary>
/// Cuts script text, in the form FileMaker prints scripts, into steps. A step continues over several lines until
/// its brackets balance; quotes ("…" and “…”) and calculation comments (// and /* */) are respected; "# ..." lines
/// are comments and "// Step [ ... ]" lines are disabled steps (skipped, as FileMaker skips them; kept, marked
/// Disabled, with keepDisabled, for converting).
/// </summary>
public static class StepSplitter
{
    public static List<RawStep> Split(string file, string text, bool keepDisabled = false)
    {
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        var steps = new List<RawStep>();
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim().TrimStart('\uFEFF');
            if (trimmed.Length == 0) continue;
            if (trimmed.StartsWith('#')) { steps.Add(new RawStep(i + 1, trimmed, "#", [], true)); continue; }
            var disabled = trimmed.StartsWith("//", StringComparison.Ordinal);
            var first = i;
            var stepText = disabled ? trimmed[2..].TrimStart() : trimmed;
            while (!IsComplete(stepText, out _))
            {
                if (++i >= lines.Length)
                    throw new ScriptParseException(file, first + 1,
                        $"The step \"{Head(stepText)}\" never closes: a ']' or ')' or a quote is missing.");
                stepText += "\n" + lines[i];
            }
            if (disabled && keepDisabled)
                steps.Add((stepText.StartsWith('#') ? new RawStep(first + 1, stepText.Trim(), "#", [], true)
                    : Cut(file, first + 1, stepText)) with { Disabled = true });
            if (disabled) continue;
            steps.Add(Cut(file, first + 1, stepText));
        }
        return steps;
    }

    static string Head(string s) => s.Length > 40 ? s[..40] + "…" : s;

    /// <summary>Scans the step text; complete when every bracket, parenthesis, quote and block comment is
    /// closed.</summary>
    static bool IsComplete(string s, out int closeOfFirstBracket)
    {
        closeOfFirstBracket = -1;
        var brackets = 0;
        var parens = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c is '"' or '“')
            {
                var close = c == '"' ? '"' : '”';
                for (i++; i < s.Length && s[i] != close; i++)
                    if (s[i] == '\\' && i + 1 < s.Length) i++;
                if (i >= s.Length) return false;
                continue;
            }
            if (c == '/' && i + 1 < s.Length && s[i + 1] == '/' && brackets > 0)
            {
                var eol = s.IndexOf('\n', i);
                if (eol < 0) eol = s.Length;
                // FileMaker prints the step's closing " ]" right after a trailing comment: keep that bracket.
                var rest = s[i..eol].TrimEnd();
                i = rest.EndsWith(']') && brackets == 1 && parens == 0 ? i + rest.Length - 2 : eol - 1;
                continue;
            }
            if (c == '/' && i + 1 < s.Length && s[i + 1] == '*')
            {
                var end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0) return false;
                i = end + 1;
                continue;
            }
            switch (c)
            {
                case '[': brackets++; break;
                case ']':
                    brackets--;
                    if (brackets == 0 && parens == 0 && closeOfFirstBracket < 0) closeOfFirstBracket = i;
                    break;
                case '(': parens++; break;
                case ')': parens--; break;
            }
        }
        return brackets <= 0 && parens <= 0;
    }

    static RawStep Cut(string file, int line, string text)
    {
        var open = FirstBracket(text);
        if (open < 0) return new RawStep(line, text, text.Trim(), [], false);
        IsComplete(text, out var close);
        if (close < 0)
            throw new ScriptParseException(file, line, $"The step \"{Head(text)}\" has unbalanced brackets.");
        var trailing = text[(close + 1)..].Trim();
        if (trailing.Length > 0 && !trailing.StartsWith("//", StringComparison.Ordinal))
            throw new ScriptParseException(file, line + Newlines(text, close),
                $"Unexpected text after the step's closing ']': \"{Head(trailing)}\".");
        var name = text[..open].Trim();
        return new RawStep(line, text, name, SplitOptions(text, open + 1, close), false);
    }

    static int FirstBracket(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '"' or '“' or '(') return -1;
            if (text[i] == '[') return i;
        }
        return -1;
    }

    /// <summary>Options are separated by ';' outside quotes, parentheses, brackets and comments.</summary>
    static List<RawOption> SplitOptions(string s, int from, int to)
    {
        var options = new List<RawOption>();
        var depth = 0;
        var start = from;
        for (var i = from; i < to; i++)
        {
            var c = s[i];
            if (c is '"' or '“')
            {
                var close = c == '"' ? '"' : '”';
                for (i++; i < to && s[i] != close; i++)
                    if (s[i] == '\\' && i + 1 < to) i++;
                continue;
            }
            if (c == '/' && i + 1 < to && s[i + 1] == '/')
            {
                var eol = s.IndexOf('\n', i);
                i = (eol < 0 || eol > to ? to : eol) - 1;
                continue;
            }
            if (c == '/' && i + 1 < to && s[i + 1] == '*')
            {
                var end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? to : end + 1;
                continue;
            }
            if (c is '(' or '[') depth++;
            else if (c is ')' or ']') depth--;
            else if (c == ';' && depth == 0)
            {
                options.Add(Option(s, start, i));
                start = i + 1;
            }
        }
        options.Add(Option(s, start, to));
        if (options.Count == 1 && options[0].Text.Length == 0) options.Clear();
        return options;
    }

    static RawOption Option(string s, int from, int to)
    {
        var text = s[from..to];
        var lead = text.Length - text.TrimStart().Length;
        return new RawOption(text.Trim(), from + lead);
    }

    /// <summary>A step in printed form from its name and option texts (as the XML reader builds it), with
    /// offsets.</summary>
    public static RawStep Printed(int line, string name, IReadOnlyList<string> options, bool disabled)
    {
        if (options.Count == 0) return new RawStep(line, name, name, [], false) { Disabled = disabled };
        var text = new System.Text.StringBuilder(name).Append(" [ ");
        var raw = new List<RawOption>();
        foreach (var option in options)
        {
            if (raw.Count > 0) text.Append(" ; ");
            raw.Add(new RawOption(option, text.Length));
            text.Append(option);
        }
        return new RawStep(line, text.Append(" ]").ToString(), name, raw, false) { Disabled = disabled };
    }

    public static int Newlines(string s, int upTo) => s.AsSpan(0, Math.Clamp(upTo, 0, s.Length)).Count('\n');
}

using System.Globalization;
using System.Text;

namespace PluginBridge.Engine.Lists;

/// <summary>
/// FileMaker value lists as MBS's List and QuickList functions read and write them: values split at ¶ (CR), LF or
/// CRLF, a last separator not starting an empty value; results joined with ¶ and, unless NoReturnEnding, ending with
/// one ("to easily concat lists", as MBS documents).
/// </summary>
static class ListText
{
    /// <summary>The values of a list. Empty text has none; "a¶b¶" has two.</summary>
    public static List<string> Split(string text)
    {
        var items = new List<string>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is not ('\r' or '\n')) continue;
            items.Add(text[start..i]);
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            start = i + 1;
        }
        if (start < text.Length) items.Add(text[start..]);
        return items;
    }

    /// <summary>Split at one separator character; newline (the default) also takes CR, LF and CRLF.</summary>
    public static List<string> Split(string text, char separator)
    {
        if (separator is '\r' or '\n') return Split(text);
        var items = new List<string>(text.Split(separator));
        if (items.Count > 0 && items[^1].Length == 0) items.RemoveAt(items.Count - 1);
        return items;
    }

    /// <summary>MBS's Separator parameter: an ASCII code ("9" for tab) or a text whose first character is used;
    /// missing or empty is newline.</summary>
    public static char Separator(Args a, int index)
    {
        if (!a.Has(index)) return '\r';
        var s = a.Text(index);
        if (s.Trim() is { Length: > 0 } t
            && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            && code is > 0 and < 0x10000)
            return (char)code;
        return s[0];
    }

    /// <summary>Values joined with ¶, with a ¶ at the end unless <paramref name="noReturnEnding"/>.</summary>
    public static string Join(IEnumerable<string> items, bool noReturnEnding = false, string delimiter = "\r")
    {
        var sb = new StringBuilder();
        foreach (var item in items) sb.Append(item).Append(delimiter);
        if (noReturnEnding && sb.Length >= delimiter.Length) sb.Length -= delimiter.Length;
        return sb.ToString();
    }

    /// <summary>Column <paramref name="column"/> (0-based) of a line split at <paramref name="separator"/>; null
    /// when the line has fewer columns.</summary>
    public static string? Column(string line, string separator, int column)
    {
        if (separator.Length == 0) return column == 0 ? line : null;
        var parts = line.Split(separator);
        return column >= 0 && column < parts.Length ? parts[column] : null;
    }

    /// <summary>A line without its column <paramref name="column"/> (0-based).</summary>
    public static string DeleteColumn(string line, string separator, int column)
    {
        if (separator.Length == 0) return column == 0 ? "" : line;
        var parts = line.Split(separator).ToList();
        if (column >= 0 && column < parts.Count) parts.RemoveAt(column);
        return string.Join(separator, parts);
    }

    /// <summary>Columns <paramref name="from"/> to <paramref name="to"/> (0-based) of a line, joined with the
    /// delimiter again (MBS's DeCombine).</summary>
    public static string PickColumns(string line, string delimiter, int from, int to)
    {
        var parts = delimiter.Length == 0 ? [line] : line.Split(delimiter);
        return string.Join(delimiter, parts.Skip(Math.Max(0, from)).Take(Math.Max(0, to - Math.Max(0, from) + 1)));
    }

    /// <summary>Prefix &amp; x &amp; Midfix &amp; y &amp; Postfix for every pair, or (diagonal) for the pairs
    /// of equal index; nothing when either list is empty.</summary>
    public static IEnumerable<string> Cross(List<string> first, List<string> second, string prefix, string midfix,
        string postfix, bool diagonal)
    {
        string Make(string x, string y) => prefix + x + midfix + y + postfix;
        return diagonal ? first.Zip(second, Make) : first.SelectMany(x => second.Select(y => Make(x, y)));
    }

    public static StringComparer Comparer(bool ignoreCase) =>
        ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>MBS's compare operators (=, !=, &lt;, &gt;, &lt;=, &gt;=, ≤, ≥, ≠, Prefix, Postfix) on text, or on
    /// numbers when <paramref name="numeric"/>. Text comparison is ordinal, as MBS's byte compare.</summary>
    public static Func<string, bool> Matcher(string op, string value, bool numeric, string function)
    {
        var o = op.Trim().ToLowerInvariant();
        if (o is "prefix") return s => s.StartsWith(value, StringComparison.Ordinal);
        if (o is "postfix") return s => s.EndsWith(value, StringComparison.Ordinal);
        Func<int, bool> test = o switch
        {
            "=" or "==" => c => c == 0,
            "!=" or "≠" or "<>" => c => c != 0,
            "<" => c => c < 0,
            ">" => c => c > 0,
            "<=" or "≤" => c => c <= 0,
            ">=" or "≥" => c => c >= 0,
            _ => throw new MbsException($"{function}: unknown operator {MbsException.Echo(op, 20)}. " +
                "Use =, !=, <, >, <=, >=, ≤, ≥, ≠, Prefix or Postfix."),
        };
        if (!numeric) return s => test(string.CompareOrdinal(s, value));
        var right = Number(value);
        return s => test(Number(s).CompareTo(right));
    }

    /// <summary>The number at the start of a value, 0 when there is none (as MBS's numeric mode reads text).</summary>
    public static double Number(string s) =>
        NumberText.TryParse(s.Trim(), out var d) ? d : 0;

    /// <summary>Sort order (indexes) by MBS's flags: 1 ignore case, 2 descending, 4 dates DD.MM.YYYY, 8 dates
    /// MM.DD.YYYY, 16 numbers. Stable, so equal values keep their order.</summary>
    public static List<int> SortOrder(List<string> items, long flags)
    {
        var idx = Enumerable.Range(0, items.Count);
        IOrderedEnumerable<int> sorted;
        if ((flags & (4 | 8)) != 0)
        {
            var dayFirst = (flags & 4) != 0;
            sorted = idx.OrderBy(i => Date(items[i], dayFirst));
        }
        else if ((flags & 16) != 0) sorted = idx.OrderBy(i => Number(items[i]));
        else sorted = idx.OrderBy(i => items[i], Comparer((flags & 1) != 0));
        var order = sorted.ToList();
        if ((flags & 2) != 0) order.Reverse();
        return order;
    }

    static DateTime Date(string s, bool dayFirst)
    {
        var parts = s.Trim().Split('.', '/', '-', ' ');
        if (parts.Length < 3) return DateTime.MinValue;
        var ok = int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var p0)
            & int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var p1)
            & int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var year);
        var (day, month) = dayFirst ? (p0, p1) : (p1, p0);
        if (!ok || month is < 1 or > 12 || day < 1 || year is < 1 or > 9999 || day > DateTime.DaysInMonth(year, month))
            return DateTime.MinValue;
        return new DateTime(year, month, day);
    }

    /// <summary>MBS's …SortWithEvaluate: the expression sees leftValue and rightValue and is 1 when leftValue sorts
    /// first; the host evaluates it once per comparison (a stable merge sort).</summary>
    public static string[] SortWithEvaluate(string function, List<string> items, string expression)
    {
        bool Less(string left, string right) => Expressions.IsTrue(Expressions.Evaluate(function,
            $"Let ( [ leftValue = {Expressions.Quote(left)} ; rightValue = {Expressions.Quote(right)} ] ; " +
                $"{expression} )"));
        return Json.JsonEvaluateFunctions.MergeSort([.. items], Less);
    }
}

using System.Text;

namespace PluginBridge.Host.Calc;

/// <summary>FileMaker's text functions (positions are 1-based; Position and PatternCount ignore case).</summary>
static class TextFunctions
{
    public static void Register()
    {
        Functions.Eager("Length", 1, 1,
            v => FmValue.Number(v[0].Kind == FmKind.Container ? v[0].Bytes?.Length ?? 0 : v[0].AsText().Length));
        Functions.Eager("Trim", 1, 1, v => FmValue.Text(v[0].AsText().Trim(' ')));
        Functions.Eager("Left", 2, 2, v => FmValue.Text(Left(v[0].AsText(), Count(v[1]))));
        Functions.Eager("Right", 2, 2, v => FmValue.Text(Right(v[0].AsText(), Count(v[1]))));
        Functions.Eager("Middle", 3, 3,
            v => FmValue.Text(Middle(v[0].AsText(), (int)v[1].AsNumberOrZero(), Count(v[2]))));
        Functions.Eager("Position", 4, 4, v => FmValue.Number(
            Position(v[0].AsText(), v[1].AsText(), (int)v[2].AsNumberOrZero(), (int)v[3].AsNumberOrZero())));
        Functions.Eager("PatternCount", 2, 2, v => FmValue.Number(PatternCount(v[0].AsText(), v[1].AsText())));
        Functions.Lazy("Substitute", 2, -1, Substitute);
        Functions.Eager("Upper", 1, 1, v => FmValue.Text(v[0].AsText().ToUpperInvariant()));
        Functions.Eager("Lower", 1, 1, v => FmValue.Text(v[0].AsText().ToLowerInvariant()));
        Functions.Eager("Proper", 1, 1, v => FmValue.Text(Proper(v[0].AsText())));
        Functions.Eager("Filter", 2, 2,
            v => FmValue.Text(new string(v[0].AsText().Where(c => v[1].AsText().Contains(c)).ToArray())));
        Functions.Eager("Exact", 2, 2,
            v => FmValue.Bool(string.Equals(v[0].AsText(), v[1].AsText(), StringComparison.Ordinal)));
        Functions.Eager("GetAsText", 1, 1, v => FmValue.Text(v[0].AsText()));
        Functions.Eager("List", 1, -1,
            v => FmValue.Text(string.Join('\r', v.Select(x => x.AsText()).Where(t => t.Length > 0))));
        Functions.Eager("ValueCount", 1, 1, v => FmValue.Number(FmText.Values(v[0].AsText()).Count));
        Functions.Eager("GetValue", 2, 2,
            v => FmValue.Text(FmText.Values(v[0].AsText()).ElementAtOrDefault((int)v[1].AsNumberOrZero() - 1) ?? ""));
        Functions.Eager("LeftValues", 2, 2, v => Values(FmText.Values(v[0].AsText()).Take(Count(v[1]))));
        Functions.Eager("RightValues", 2, 2, v => Values(FmText.Values(v[0].AsText()).TakeLast(Count(v[1]))));
        Functions.Eager("MiddleValues", 3, 3, v =>
            Values(FmText.Values(v[0].AsText()).Skip(Math.Max(0, (int)v[1].AsNumberOrZero() - 1)).Take(Count(v[2]))));
        Functions.Eager("Quote", 1, 1, v => FmValue.Text(Quote(v[0].AsText())));
        Functions.Eager("Char", 1, 1, v => FmValue.Text(Char(v[0].AsNumberOrZero())));
        Functions.Eager("Code", 1, 1, v => Code(v[0].AsText()));
        Functions.Eager("Base64Encode", 1, 1, v => FmValue.Text(Base64Encode(v[0].AsBytes(), lineBreaks: true)));
        Functions.Eager("Base64EncodeRFC", 2, 2,
            v => FmValue.Text(Base64Encode(v[1].AsBytes(), lineBreaks: v[0].AsNumberOrZero() is 1421 or 2045)));
        Functions.Eager("Base64Decode", 1, 2, Base64Decode);
        Functions.Eager("Replace", 4, 4, v => FmValue.Text(Replace(v[0].AsText(), (int)v[1].AsNumberOrZero(),
            Count(v[2]), v[3].AsText())));
        // Values of the first list that the second has (ignoring case), in the first list's order, each ending in ¶.
        Functions.Eager("FilterValues", 2, 2, v => Values(FmText.Values(v[0].AsText())
            .Where(x => FmText.Values(v[1].AsText()).Contains(x, StringComparer.OrdinalIgnoreCase))));
    }

    /// <summary>Claris: the first letter of each word upper case, all other letters lower ("ELEANOR ROOSEVELT" →
    /// "Eleanor Roosevelt").</summary>
    static string Proper(string s)
    {
        var chars = s.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            chars[i] = i == 0 || !char.IsLetter(chars[i - 1]) ? char.ToUpperInvariant(chars[i])
                : char.ToLowerInvariant(chars[i]);
        return new string(chars);
    }

    /// <summary>Replace ( "Hello" ; 2 ; 3 ; "ipp" ) = "Hippo": count characters from start make way for the new
    /// text.</summary>
    static string Replace(string s, int start, int count, string with)
    {
        var from = Math.Clamp(start - 1, 0, s.Length);
        return s[..from] + with + s[Math.Min(s.Length, from + count)..];
    }

    static int Count(FmValue v) => (int)Math.Max(0, decimal.Truncate(v.AsNumberOrZero()));

    static string Left(string s, int n) => s[..Math.Min(n, s.Length)];
    static string Right(string s, int n) => s[Math.Max(0, s.Length - n)..];

    static string Middle(string s, int start, int n)
    {
        var from = Math.Max(1, start) - 1;
        if (from >= s.Length) return "";
        return s.Substring(from, Math.Min(n, s.Length - from));
    }

    /// <summary>1-based position of the occurrence-th match from start (negative occurrence searches backwards); 0 if
    /// none.</summary>
    static int Position(string text, string search, int start, int occurrence)
    {
        if (search.Length == 0 || occurrence == 0 || text.Length == 0) return 0;
        var index = Math.Clamp(start, 1, text.Length) - 1;
        if (occurrence > 0)
        {
            for (var found = 0; index <= text.Length - search.Length; index++)
                if (string.Compare(text, index, search, 0, search.Length, StringComparison.OrdinalIgnoreCase) == 0
                    && ++found == occurrence)
                    return index + 1;
            return 0;
        }
        for (int found = 0, i = Math.Min(index, text.Length - search.Length); i >= 0; i--)
            if (string.Compare(text, i, search, 0, search.Length, StringComparison.OrdinalIgnoreCase) == 0 && ++found
                == -occurrence)
                return i + 1;
        return 0;
    }

    static int PatternCount(string text, string search)
    {
        if (search.Length == 0) return 0;
        var count = 0;
        for (var i = text.IndexOf(search, StringComparison.OrdinalIgnoreCase); i >= 0; i =
            text.IndexOf(search, i + search.Length, StringComparison.OrdinalIgnoreCase))
            count++;
        return count;
    }

    /// <summary>Substitute ( text ; search ; replace ) or Substitute ( text ; [ s1 ; r1 ] ; [ s2 ; r2 ] ... ),
    /// case-sensitive.</summary>
    static FmValue Substitute(CallEnv env, IReadOnlyList<Node> a)
    {
        var text = env.Eval(a[0]).AsText();
        var pairs = new List<(string, string)>();
        if (a.Count == 3 && a[1] is not BracketList) pairs.Add((env.Eval(a[1]).AsText(), env.Eval(a[2]).AsText()));
        else
            foreach (var node in a.Skip(1))
            {
                if (node is not BracketList { Items.Count: 2 } pair)
                    throw new CalcException("Substitute takes text ; search ; replace, or text followed by [ search " +
                        "; replace ] pairs.", node.Position);
                pairs.Add((env.Eval(pair.Items[0]).AsText(), env.Eval(pair.Items[1]).AsText()));
            }
        foreach (var (search, replace) in pairs)
            if (search.Length > 0) text = text.Replace(search, replace, StringComparison.Ordinal);
        return FmValue.Text(text);
    }

    static FmValue Values(IEnumerable<string> values)
    {
        var sb = new StringBuilder();
        foreach (var v in values) sb.Append(v).Append('\r');
        return FmValue.Text(sb.ToString());
    }

    /// <summary>Text as a calculation literal: quotes around, with \ " and ¶ escaped.</summary>
    static string Quote(string s) =>
        "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\r", "\\¶") + "\"";

    /// <summary>Char: Unicode code points in 5-digit groups, the lowest group first (Char ( 6600065 ) =
    /// "AB").</summary>
    static string Char(decimal number)
    {
        var n = (long)decimal.Truncate(Math.Abs(number));
        var sb = new StringBuilder();
        while (n > 0)
        {
            var cp = (int)(n % 100000);
            n /= 100000;
            if (cp > 0 && cp <= 0x10FFFF) sb.Append(char.ConvertFromUtf32(cp));
        }
        return sb.ToString();
    }

    /// <summary>Code: the inverse of Char; the first character lands in the lowest 5 digits.</summary>
    static FmValue Code(string s)
    {
        if (s.Length == 0) return FmValue.Empty;
        decimal result = 0, factor = 1;
        for (var i = 0; i < s.Length; i++)
        {
            var cp = char.ConvertToUtf32(s, i);
            if (char.IsHighSurrogate(s[i])) i++;
            result += cp * factor;
            factor *= 100000;
        }
        return FmValue.Number(result);
    }

    /// <summary>Base64Encode inserts CR LF every 76 characters, as FileMaker does; Base64EncodeRFC 4648 does
    /// not.</summary>
    static string Base64Encode(byte[] bytes, bool lineBreaks)
    {
        var b64 = Convert.ToBase64String(bytes);
        if (!lineBreaks) return b64;
        var sb = new StringBuilder();
        for (var i = 0; i < b64.Length; i += 76)
        {
            if (i > 0) sb.Append("\r\n");
            sb.Append(b64, i, Math.Min(76, b64.Length - i));
        }
        return sb.ToString();
    }

    /// <summary>Base64Decode ( text { ; fileName } ): text as UTF-8, or a container named fileName.</summary>
    static FmValue Base64Decode(FmValue[] v)
    {
        var clean = new string(v[0].AsText().Where(c => !char.IsWhiteSpace(c)).ToArray()).Replace('-', '+')
            .Replace('_', '/');
        clean = clean.PadRight(clean.Length + (4 - clean.Length % 4) % 4, '=');
        byte[] bytes;
        try { bytes = Convert.FromBase64String(clean); }
        catch (FormatException) { return FmValue.Question; }
        return v.Length > 1 && v[1].AsText().Length > 0 ? FmValue.Container(bytes, v[1].AsText())
            : FmValue.Text(Encoding.UTF8.GetString(bytes));
    }
}

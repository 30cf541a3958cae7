using System.Globalization;
using System.Text;

namespace PluginBridge.Engine.Json;

// The syntax tree of a JSONPath query in the dialect MBS uses for JSON.Query and JSON.Replace (jsoncons: Goessner's
// JSONPath with filters, regular expressions, unions of relative paths and functions). JsonPathEval runs it.

/// <summary>A query: an optional leading function (<c>keys($.a)[*]</c>), then steps from the root or from @.</summary>
sealed record JpQuery(bool FromCurrent, JpExpr? Start, IReadOnlyList<JpStep> Steps);

/// <summary>One step; <see cref="Recursive"/> for <c>..</c> (applied to the node and all its descendants).</summary>
sealed record JpStep(bool Recursive, JpSelector Selector);

abstract record JpSelector;
sealed record JpName(string Name) : JpSelector;
sealed record JpWildcard : JpSelector;
sealed record JpIndex(int Index) : JpSelector;
sealed record JpSlice(int? Start, int? End, int Step) : JpSelector;
sealed record JpFilter(JpExpr Test) : JpSelector;
sealed record JpSubQuery(JpQuery Query) : JpSelector;
sealed record JpUnion(IReadOnlyList<JpSelector> Parts) : JpSelector;

abstract record JpExpr;
sealed record JpLiteral(System.Text.Json.Nodes.JsonNode? Value) : JpExpr;
sealed record JpPathExpr(JpQuery Query) : JpExpr;
sealed record JpRegex(System.Text.RegularExpressions.Regex Regex) : JpExpr;
sealed record JpUnary(string Op, JpExpr Operand) : JpExpr;
sealed record JpBinary(string Op, JpExpr Left, JpExpr Right) : JpExpr;
sealed record JpCall(string Name, IReadOnlyList<JpExpr> Args) : JpExpr;

/// <summary>Parses JSONPath text into <see cref="JpQuery"/>; a syntax error is an [MBS] error naming the
/// place.</summary>
sealed class JsonPathParser
{
    readonly string s;
    int i, depth;

    // Nesting ((…), !, sub-paths in filters) is bounded so a hostile query cannot exhaust the stack.
    const int MaxDepth = 100;

    void Enter() { if (++depth > MaxDepth) throw Error($"nested more than {MaxDepth} levels deep"); }

    JsonPathParser(string text) { s = text; }

    public static JpQuery Parse(string text)
    {
        var p = new JsonPathParser(text.Trim());
        var q = p.Query(topLevel: true);
        p.Space();
        if (p.i < p.s.Length) throw p.Error("unexpected text");
        return q;
    }

    MbsException Error(string what) =>
        new($"JSONPath syntax error at position {i + 1} of \"{s}\": {what}. " +
            "Write e.g. $.store.book[?(@.price > 10)].title.");

    char Peek(int ahead = 0) => i + ahead < s.Length ? s[i + ahead] : '\0';

    void Space() { while (i < s.Length && char.IsWhiteSpace(s[i])) i++; }

    bool Eat(string token)
    {
        Space();
        if (string.CompareOrdinal(s, i, token, 0, token.Length) != 0) return false;
        i += token.Length;
        return true;
    }

    void Expect(string token) { if (!Eat(token)) throw Error($"expected {token}"); }

    JpQuery Query(bool topLevel)
    {
        Enter();
        Space();
        JpExpr? start = null;
        var fromCurrent = false;
        if (Peek() == '$') i++;
        else if (Peek() == '@') { i++; fromCurrent = true; }
        else if (topLevel && char.IsLetter(Peek())) start = Call(Identifier());
        else throw Error("a path starts with $ or @");
        var steps = new List<JpStep>();
        while (true)
        {
            if (Peek() == '.' && Peek(1) == '.')
            {
                i += 2;
                steps.Add(new JpStep(true, Peek() == '[' ? Bracket() : DotSelector()));
            }
            else if (Peek() == '.') { i++; steps.Add(new JpStep(false, DotSelector())); }
            else if (Peek() == '[') steps.Add(new JpStep(false, Bracket()));
            else break;
        }
        depth--;
        return new JpQuery(fromCurrent, start, steps);
    }

    JpSelector DotSelector()
    {
        if (Peek() == '*') { i++; return new JpWildcard(); }
        if (Peek() is '\'' or '"') return new JpName(Quoted());
        var name = Identifier();
        if (name.Length == 0) throw Error("expected a name after the dot");
        return new JpName(name);
    }

    string Identifier()
    {
        var start = i;
        while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] is '_' or '-' || s[i] > 127)) i++;
        return s[start..i];
    }

    JpSelector Bracket()
    {
        Expect("[");
        var parts = new List<JpSelector>();
        do parts.Add(BracketPart()); while (Eat(","));
        Expect("]");
        return parts.Count == 1 ? parts[0] : new JpUnion(parts);
    }

    JpSelector BracketPart()
    {
        Space();
        var c = Peek();
        if (c == '*') { i++; return new JpWildcard(); }
        if (c is '\'' or '"') return new JpName(Quoted());
        if (c == '?') { i++; return new JpFilter(Expr()); }
        if (c is '@' or '$') return new JpSubQuery(Query(topLevel: false));
        if (c is '-' or ':' || char.IsDigit(c)) return IndexOrSlice();
        throw Error("expected an index, a quoted name, *, a filter ?(…) or a path");
    }

    JpSelector IndexOrSlice()
    {
        int? first = OptionalInt();
        Space();
        if (Peek() != ':') return new JpIndex(first ?? throw Error("expected an index"));
        i++;
        var end = OptionalInt();
        var step = 1;
        Space();
        if (Peek() == ':') { i++; step = OptionalInt() ?? 1; }
        if (step == 0) throw Error("a slice step cannot be 0");
        return new JpSlice(first, end, step);
    }

    int? OptionalInt()
    {
        Space();
        var start = i;
        if (Peek() == '-') i++;
        while (char.IsDigit(Peek())) i++;
        if (i == start) return null;
        return int.TryParse(s[start..i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n : throw Error("index out of range");
    }

    string Quoted()
    {
        var quote = s[i++];
        var sb = new StringBuilder();
        while (i < s.Length && s[i] != quote)
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                i++;
                sb.Append(s[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', 'b' => '\b', 'f' => '\f', var o => o });
            }
            else sb.Append(s[i]);
            i++;
        }
        if (i >= s.Length) throw Error("unterminated string");
        i++;
        return sb.ToString();
    }

    // Filter expressions, lowest precedence first: || && ! comparison + - * / unary-minus primary.
    JpExpr Expr()
    {
        Enter();
        var left = And();
        while (Eat("||")) left = new JpBinary("||", left, And());
        depth--;
        return left;
    }

    JpExpr And()
    {
        var left = Not();
        while (Eat("&&")) left = new JpBinary("&&", left, Not());
        return left;
    }

    JpExpr Not()
    {
        Space();
        if (Peek() == '!' && Peek(1) != '=')
        {
            i++;
            Enter();
            var operand = Not();
            depth--;
            return new JpUnary("!", operand);
        }
        return Comparison();
    }

    static readonly string[] ComparisonOps = ["==", "!=", "<=", ">=", "=~", "<", ">"];

    JpExpr Comparison()
    {
        var left = Sum();
        Space();
        foreach (var op in ComparisonOps)
        {
            if (!Eat(op)) continue;
            Space();
            var right = op == "=~" ? Regex() : Sum();
            return new JpBinary(op, left, right);
        }
        return left;
    }

    JpExpr Sum()
    {
        var left = Product();
        while (true)
        {
            Space();
            if (Peek() is '+' or '-') { var op = s[i++].ToString(); left = new JpBinary(op, left, Product()); }
            else return left;
        }
    }

    JpExpr Product()
    {
        var left = Primary();
        while (true)
        {
            Space();
            if (Peek() is '*' or '/' or '%') { var op = s[i++].ToString(); left = new JpBinary(op, left, Primary()); }
            else return left;
        }
    }

    JpExpr Primary()
    {
        Space();
        var c = Peek();
        if (c == '(') { i++; var e = Expr(); Expect(")"); return e; }
        if (c == '-' && !char.IsDigit(Peek(1)))
        {
            i++;
            Enter();
            var operand = Primary();
            depth--;
            return new JpUnary("-", operand);
        }
        if (c is '@' or '$') return new JpPathExpr(Query(topLevel: false));
        if (c is '\'' or '"') return new JpLiteral(JsonValues.String(Quoted()));
        if (c == '-' || char.IsDigit(c)) return Number();
        if (c == '[' || c == '{') return JsonLiteral();
        var word = Identifier();
        return word switch
        {
            "true" => new JpLiteral(JsonValues.Bool(true)),
            "false" => new JpLiteral(JsonValues.Bool(false)),
            "null" => new JpLiteral(null),
            "" => throw Error("expected a value, a path or a function"),
            _ => Call(word),
        };
    }

    JpExpr Call(string name)
    {
        Expect("(");
        var args = new List<JpExpr>();
        if (!Eat(")"))
        {
            do args.Add(Expr()); while (Eat(","));
            Expect(")");
        }
        return new JpCall(name, args);
    }

    JpExpr Number()
    {
        var start = i;
        if (Peek() == '-') i++;
        while (char.IsDigit(Peek()) || Peek() is '.' or 'e' or 'E' || (Peek() is '+' or '-' && s[i - 1] is 'e' or 'E'))
            i++;
        return new JpLiteral(JsonValues.Number(s[start..i]));
    }

    JpExpr JsonLiteral()
    {
        // An array or object literal, e.g. @.tag in ['a','b']: read to the matching bracket.
        var start = i;
        var depth = 0;
        char? quote = null;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (quote is not null) { if (c == '\\') i++; else if (c == quote) quote = null; continue; }
            if (c is '"' or '\'') quote = c;
            else if (c is '[' or '{') depth++;
            else if (c is ']' or '}' && --depth == 0) { i++; break; }
        }
        return new JpLiteral(JsonRefs.Parse(s[start..i].Replace('\'', '"')));
    }

    JpExpr Regex()
    {
        Space();
        if (Peek() != '/') throw Error("=~ needs a regular expression like /Evelyn.*?/");
        var end = i + 1;
        while (end < s.Length && s[end] != '/') end += s[end] == '\\' ? 2 : 1;
        if (end >= s.Length) throw Error("unterminated regular expression");
        var pattern = s[(i + 1)..end];
        i = end + 1;
        var options = System.Text.RegularExpressions.RegexOptions.CultureInvariant;
        while (Peek() is 'i' or 'm' or 's')
            options |= s[i++] switch
            {
                'i' => System.Text.RegularExpressions.RegexOptions.IgnoreCase,
                'm' => System.Text.RegularExpressions.RegexOptions.Multiline,
                _ => System.Text.RegularExpressions.RegexOptions.Singleline,
            };
        try
        {
            return new JpRegex(new System.Text.RegularExpressions.Regex(pattern, options, TimeSpan.FromSeconds(2)));
        }
        catch (ArgumentException e)
        {
            throw Error("invalid regular expression: " + e.Message);
        }
    }
}

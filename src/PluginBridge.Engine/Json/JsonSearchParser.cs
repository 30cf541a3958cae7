using System.Globalization;
using System.Text.Json.Nodes;

namespace PluginBridge.Engine.Json;

/// <summary>A JMESPath expression tree (JSON.Search). Kinds follow the JMESPath specification's grammar.</summary>
abstract record Jm;
sealed record JmField(string Name) : Jm;
sealed record JmCurrent : Jm;
sealed record JmLiteral(JsonNode? Value) : Jm;
sealed record JmSub(Jm Left, Jm Right) : Jm;
sealed record JmIndex(int Value) : Jm;
sealed record JmSlice(int? Start, int? Stop, int? Step) : Jm;
sealed record JmIndexExpr(Jm Left, Jm Right) : Jm;
sealed record JmProjection(Jm Left, Jm Right) : Jm;
sealed record JmValueProjection(Jm Left, Jm Right) : Jm;
sealed record JmFilter(Jm Left, Jm Right, Jm Condition) : Jm;
sealed record JmFlatten(Jm Child) : Jm;
sealed record JmMultiList(List<Jm> Items) : Jm;
sealed record JmMultiHash(List<(string Key, Jm Value)> Pairs) : Jm;
sealed record JmCompare(string Op, Jm Left, Jm Right) : Jm;
sealed record JmOr(Jm Left, Jm Right) : Jm;
sealed record JmAnd(Jm Left, Jm Right) : Jm;
sealed record JmNot(Jm Child) : Jm;
sealed record JmPipe(Jm Left, Jm Right) : Jm;
sealed record JmFunction(string Name, List<Jm> Args) : Jm;
sealed record JmExpRef(Jm Child) : Jm;

/// <summary>
/// JMESPath (jmespath.org specification) tokenizer and Pratt parser, with the binding powers of the reference
/// implementation (jmespath.py): a projection keeps applying to what follows until a token binding below 10 (pipe,
/// or, and, comparators, flatten) ends it.
/// </summary>
sealed class JsonSearchParser
{
    readonly record struct Token(string Type, string Text, JsonNode? Value, int Position);

    static readonly Dictionary<string, int> Power = new()
    {
        ["eof"] = 0, ["unquoted"] = 0, ["quoted"] = 0, ["literal"] = 0, ["rbracket"] = 0, ["rparen"] = 0,
        ["comma"] = 0, ["rbrace"] = 0, ["number"] = 0, ["current"] = 0, ["expref"] = 0, ["colon"] = 0,
        ["pipe"] = 1, ["or"] = 2, ["and"] = 3, ["eq"] = 5, ["gt"] = 5, ["lt"] = 5, ["gte"] = 5, ["lte"] = 5,
        ["ne"] = 5, ["flatten"] = 9, ["star"] = 20, ["filter"] = 21, ["dot"] = 40, ["not"] = 45, ["lbrace"] = 50,
        ["lbracket"] = 55, ["lparen"] = 60,
    };
    const int ProjectionStop = 10;

    readonly List<Token> tokens;
    int index;

    JsonSearchParser(string text) => tokens = Tokenize(text);

    public static Jm Parse(string expression)
    {
        var parser = new JsonSearchParser(expression);
        var tree = parser.Expression(0);
        if (parser.Current.Type != "eof") throw parser.Error($"unexpected {parser.Describe(parser.Current)}");
        return tree;
    }

    Token Current => tokens[index];
    string Lookahead(int n) => tokens[Math.Min(index + n, tokens.Count - 1)].Type;
    void Advance() { if (index < tokens.Count - 1) index++; }

    MbsException Error(string what) =>
        new($"JSON.Search: invalid JMESPath expression at position {Current.Position}: {what}. Check the " +
            $"expression (jmespath.org), e.g. \"locations[?state == 'WA'].name\".");

    string Describe(Token t) => t.Type == "eof" ? "end of expression" : $"\"{t.Text}\"";

    void Match(string type)
    {
        if (Current.Type != type) throw Error($"expected {type}, found {Describe(Current)}");
        Advance();
    }

    Jm Expression(int bindingPower)
    {
        var token = Current;
        Advance();
        var left = Nud(token);
        while (bindingPower < Power[Current.Type])
        {
            var next = Current;
            Advance();
            left = Led(next, left);
        }
        return left;
    }

    Jm Nud(Token t)
    {
        switch (t.Type)
        {
            case "literal": return new JmLiteral(t.Value);
            case "unquoted": return new JmField(t.Text);
            case "quoted":
                if (Current.Type == "lparen") throw Error("a quoted identifier cannot name a function");
                return new JmField(t.Text);
            case "star": return new JmValueProjection(new JmCurrent(), ProjectionRhs(Power["star"]));
            case "filter": return FilterLed(new JmCurrent());
            case "lbrace": return MultiHash();
            case "lparen":
                var inner = Expression(0);
                Match("rparen");
                return inner;
            case "flatten": return new JmProjection(new JmFlatten(new JmCurrent()), ProjectionRhs(Power["flatten"]));
            case "not": return new JmNot(Expression(Power["not"]));
            case "lbracket":
                if (Current.Type is "number" or "colon") return ProjectIfSlice(new JmCurrent(), IndexExpression());
                if (Current.Type == "star" && Lookahead(1) == "rbracket")
                {
                    Advance();
                    Advance();
                    return new JmProjection(new JmCurrent(), ProjectionRhs(Power["star"]));
                }
                return MultiList();
            case "current": return new JmCurrent();
            case "expref": return new JmExpRef(Expression(Power["expref"]));
            default: throw Error($"unexpected {Describe(t)}");
        }
    }

    Jm Led(Token t, Jm left)
    {
        switch (t.Type)
        {
            case "dot":
                if (Current.Type != "star") return new JmSub(left, DotRhs(Power["dot"]));
                Advance();
                return new JmValueProjection(left, ProjectionRhs(Power["dot"]));
            case "pipe": return new JmPipe(left, Expression(Power["pipe"]));
            case "or": return new JmOr(left, Expression(Power["or"]));
            case "and": return new JmAnd(left, Expression(Power["and"]));
            case "lparen":
                if (left is not JmField field) throw Error("only a name can be called as a function");
                var args = new List<Jm>();
                while (Current.Type != "rparen")
                {
                    args.Add(Expression(0));
                    if (Current.Type == "comma") Match("comma");
                }
                Match("rparen");
                return new JmFunction(field.Name, args);
            case "filter": return FilterLed(left);
            case "eq" or "ne" or "gt" or "gte" or "lt" or "lte":
                return new JmCompare(t.Type, left, Expression(Power[t.Type]));
            case "flatten": return new JmProjection(new JmFlatten(left), ProjectionRhs(Power["flatten"]));
            case "lbracket":
                if (Current.Type is "number" or "colon") return ProjectIfSlice(left, IndexExpression());
                Match("star");
                Match("rbracket");
                return new JmProjection(left, ProjectionRhs(Power["star"]));
            default: throw Error($"unexpected {Describe(t)}");
        }
    }

    Jm FilterLed(Jm left)
    {
        var condition = Expression(0);
        Match("rbracket");
        var right = Current.Type == "flatten" ? new JmCurrent() : ProjectionRhs(Power["filter"]);
        return new JmFilter(left, right, condition);
    }

    Jm ProjectionRhs(int bindingPower)
    {
        if (Power[Current.Type] < ProjectionStop) return new JmCurrent();
        switch (Current.Type)
        {
            case "lbracket" or "filter": return Expression(bindingPower);
            case "dot":
                Match("dot");
                return DotRhs(bindingPower);
            default: throw Error($"unexpected {Describe(Current)} after a projection");
        }
    }

    Jm DotRhs(int bindingPower)
    {
        switch (Current.Type)
        {
            case "quoted" or "unquoted" or "star": return Expression(bindingPower);
            case "lbracket":
                Match("lbracket");
                return MultiList();
            case "lbrace":
                Match("lbrace");
                return MultiHash();
            default: throw Error($"expected a name, [ or {{ after the dot, found {Describe(Current)}");
        }
    }

    Jm IndexExpression()
    {
        if (Current.Type == "colon" || Lookahead(1) == "colon") return Slice();
        var value = int.Parse(Current.Text, CultureInfo.InvariantCulture);
        Match("number");
        Match("rbracket");
        return new JmIndex(value);
    }

    Jm Slice()
    {
        var parts = new int?[3];
        var i = 0;
        while (Current.Type != "rbracket")
        {
            if (Current.Type == "colon")
            {
                if (++i == 3) throw Error("too many colons in the slice");
                Advance();
            }
            else if (Current.Type == "number")
            {
                parts[i] = int.Parse(Current.Text, CultureInfo.InvariantCulture);
                Advance();
            }
            else throw Error($"unexpected {Describe(Current)} in the slice");
        }
        Match("rbracket");
        return new JmSlice(parts[0], parts[1], parts[2]);
    }

    Jm ProjectIfSlice(Jm left, Jm right)
    {
        var expression = new JmIndexExpr(left, right);
        return right is JmSlice ? new JmProjection(expression, ProjectionRhs(Power["star"])) : expression;
    }

    Jm MultiList()
    {
        var items = new List<Jm>();
        while (true)
        {
            items.Add(Expression(0));
            if (Current.Type == "rbracket") break;
            Match("comma");
        }
        Match("rbracket");
        return new JmMultiList(items);
    }

    Jm MultiHash()
    {
        var pairs = new List<(string, Jm)>();
        while (true)
        {
            var key = Current;
            if (key.Type is not ("quoted" or "unquoted")) throw Error($"expected a key, found {Describe(key)}");
            Advance();
            Match("colon");
            pairs.Add((key.Text, Expression(0)));
            if (Current.Type == "comma") { Match("comma"); continue; }
            Match("rbrace");
            break;
        }
        return new JmMultiHash(pairs);
    }

    // ---- tokenizer ----

    static List<Token> Tokenize(string s)
    {
        var result = new List<Token>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            var start = i;
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '_')) i++;
                result.Add(new Token("unquoted", s[start..i], null, start));
                continue;
            }
            if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1])))
            {
                i++;
                while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
                result.Add(new Token("number", s[start..i], null, start));
                continue;
            }
            switch (c)
            {
                case '"':
                    var quoted = Delimited(s, ref i, '"');
                    if (!JsonRefs.TryParse("\"" + quoted + "\"", out var name))
                        throw new MbsException($"JSON.Search: the quoted name at position {start} has an invalid " +
                            "escape; use JSON string escapes (\\\" \\\\ \\n \\u00e4).");
                    result.Add(new Token("quoted", name!.GetValue<string>(), null, start));
                    continue;
                case '\'':
                    var raw = Delimited(s, ref i, '\'').Replace("\\'", "'");
                    result.Add(new Token("literal", raw, JsonValue.Create(raw), start));
                    continue;
                case '`':
                    var json = Delimited(s, ref i, '`').Replace("\\`", "`");
                    if (!JsonRefs.TryParse(json, out var value))
                        throw new MbsException($"JSON.Search: the literal at position {start} is not valid JSON: " +
                            $"`{MbsException.Echo(json)}`.");
                    result.Add(new Token("literal", json, value, start));
                    continue;
            }
            var two = i + 1 < s.Length ? s.Substring(i, 2) : "";
            var (type, length) = two switch
            {
                "[?" => ("filter", 2), "[]" => ("flatten", 2), "||" => ("or", 2), "&&" => ("and", 2),
                "==" => ("eq", 2), "!=" => ("ne", 2), "<=" => ("lte", 2), ">=" => ("gte", 2),
                _ => c switch
                {
                    '.' => ("dot", 1), '*' => ("star", 1), '[' => ("lbracket", 1), ']' => ("rbracket", 1),
                    '{' => ("lbrace", 1), '}' => ("rbrace", 1), '(' => ("lparen", 1), ')' => ("rparen", 1),
                    ',' => ("comma", 1), ':' => ("colon", 1), '|' => ("pipe", 1), '&' => ("expref", 1),
                    '!' => ("not", 1), '<' => ("lt", 1), '>' => ("gt", 1), '@' => ("current", 1),
                    _ => throw new MbsException($"JSON.Search: unexpected character '{c}' at position {i} of the " +
                        "JMESPath expression."),
                },
            };
            result.Add(new Token(type, s.Substring(i, length), null, start));
            i += length;
        }
        result.Add(new Token("eof", "", null, s.Length));
        return result;
    }

    /// <summary>The text between a delimiter at <paramref name="i"/> and its closing one (backslash escapes
    /// skipped); <paramref name="i"/> ends after the closing delimiter.</summary>
    static string Delimited(string s, ref int i, char delimiter)
    {
        var start = ++i;
        while (i < s.Length && s[i] != delimiter) i += s[i] == '\\' ? 2 : 1;
        if (i >= s.Length)
            throw new MbsException($"JSON.Search: the {delimiter}…{delimiter} starting at position {start - 1} is " +
                "not closed.");
        return s[start..i++];
    }
}

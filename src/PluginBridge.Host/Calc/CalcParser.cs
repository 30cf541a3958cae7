using System.Runtime.CompilerServices;

namespace PluginBridge.Host.Calc;

/// <summary>
/// Recursive-descent parser for FileMaker calculations. Precedence, lowest first: or, xor, and, not, comparisons,
/// &amp;, + -, * /, ^, unary minus. Function names are checked here, so an unknown function is a parse error.
/// </summary>
public sealed class CalcParser
{
    readonly List<Token> tokens;
    int pos;
    int depth; // open parentheses, brackets, calls and prefix operators: bounded, so no text can overflow the stack

    /// <summary>Deepest nesting accepted; far beyond hand-written calculations.</summary>
    public const int MaxNesting = 1000;

    CalcParser(string text) { tokens = Lexer.Tokenize(text); }

    public static Node Parse(string text)
    {
        var p = new CalcParser(text);
        if (p.Peek.Kind == Tok.End) throw new CalcSyntaxException("The calculation is empty.", 0);
        var node = p.ParseExpression();
        if (p.Peek.Kind != Tok.End) throw new CalcSyntaxException(
            $"Unexpected '{p.Peek.Text}': an operator or ';' is missing.", p.Peek.Position);
        return node;
    }

    Token Peek => tokens[pos];
    Token Next() => tokens[pos++];

    bool IsWord(string word) => Word(Peek, word) is not null;

    /// <summary>The word (as the tree names it) when the token is that keyword, in any case.</summary>
    static string? Word(Token t, string word) =>
        t.Kind == Tok.Name && string.Equals(t.Text, word, StringComparison.OrdinalIgnoreCase) ? word : null;

    /// <summary>The operator when the token is one of these.</summary>
    static string? Operator(Token t, params string[] operators) =>
        t.Kind == Tok.Op && operators.Contains(t.Text) ? t.Text : null;

    Node ParseExpression() => Nested(ParseOr);

    Node Nested(Func<Node> parse)
    {
        // The fixed bound makes the answer the same on every thread; the stack check covers a small thread stack.
        if (++depth > MaxNesting || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new CalcSyntaxException($"The calculation is nested more than {MaxNesting} levels deep.",
                Peek.Position);
        try { return parse(); }
        finally { depth--; }
    }

    /// <summary>One left-associative level of the precedence list: operands of the next level, joined while the next
    /// token is one of this level's operators (<paramref name="op"/> gives its name in the tree, or null).</summary>
    Node LeftAssociative(Func<Node> operand, Func<Token, string?> op)
    {
        var left = operand();
        while (op(Peek) is { } name)
        {
            var t = Next();
            left = new Binary(name, left, operand(), t.Position);
        }
        return left;
    }

    Node ParseOr() => LeftAssociative(ParseXor, t => Word(t, "or"));

    Node ParseXor() => LeftAssociative(ParseAnd, t => Word(t, "xor"));

    Node ParseAnd() => LeftAssociative(ParseNot, t => Word(t, "and"));

    Node ParseNot()
    {
        if (IsWord("not")) { var t = Next(); return new Unary("not", Nested(ParseNot), t.Position); }
        return ParseComparison();
    }

    /// <summary>FileMaker's comparison operators, the ASCII spellings named as FileMaker shows them.</summary>
    static string? Comparison(Token t) => Operator(t, "=", "≠", "<>", "<", ">", "<=", ">=", "≤", "≥") switch
    {
        "<>" => "≠", "<=" => "≤", ">=" => "≥", var o => o,
    };

    Node ParseComparison() => LeftAssociative(ParseConcat, Comparison);

    Node ParseConcat() => LeftAssociative(ParseAdditive, t => Operator(t, "&"));

    Node ParseAdditive() => LeftAssociative(ParseMultiplicative, t => Operator(t, "+", "-"));

    Node ParseMultiplicative() => LeftAssociative(ParsePower, t => Operator(t, "*", "/"));

    Node ParsePower() => LeftAssociative(ParseUnary, t => Operator(t, "^"));

    Node ParseUnary()
    {
        if (Peek.Kind != Tok.Op || Peek.Text is not ("-" or "+")) return ParsePrimary();
        var t = Next();
        return new Unary(t.Text, Nested(ParseUnary), t.Position);
    }

    Node ParsePrimary()
    {
        var t = Next();
        switch (t.Kind)
        {
            case Tok.Number: return new Literal(FmValue.Number(Lexer.ParseNumber(t)), t.Position);
            case Tok.String: return new Literal(FmValue.Text(t.Text), t.Position);
            case Tok.Pilcrow: return new Literal(FmValue.Text("\r"), t.Position);
            case Tok.Variable:
                // $x[n] is a repetition when the bracket follows the name directly, as FileMaker writes it.
                if (Peek.Kind == Tok.LBracket && Peek.Position == t.Position + t.Text.Length)
                {
                    Next();
                    var repetition = ParseExpression();
                    Expect(Tok.RBracket, "']'");
                    return new VarRef(t.Text, t.Position, repetition);
                }
                return new VarRef(t.Text, t.Position);
            case Tok.Field: return new FieldRef(t.Table!, t.Text, t.Position);
            case Tok.LParen:
            {
                var inner = ParseExpression();
                Expect(Tok.RParen, "')'");
                return inner;
            }
            case Tok.LBracket:
            {
                var items = new List<Node> { ParseExpression() };
                while (Peek.Kind == Tok.Semicolon) { Next(); items.Add(ParseExpression()); }
                Expect(Tok.RBracket, "']'");
                return new BracketList(items, t.Position);
            }
            case Tok.Name:
                if (Peek.Kind == Tok.LParen) return ParseCall(t);
                if (Lexer.IsWordOperator(t.Text))
                    throw new CalcSyntaxException($"'{t.Text}' needs a value before it.", t.Position);
                return new NameRef(t.Text, t.Position);
            case Tok.End: throw new CalcSyntaxException("The calculation ends too early: a value is missing.",
                t.Position);
            default: throw new CalcSyntaxException($"Unexpected '{t.Text}'.", t.Position);
        }
    }

    Node ParseCall(Token name)
    {
        Next(); // (
        var args = new List<Node>();
        if (Peek.Kind != Tok.RParen)
        {
            args.Add(ParseExpression());
            while (Peek.Kind == Tok.Semicolon) { Next(); args.Add(ParseExpression()); }
        }
        Expect(Tok.RParen, "')'");
        var fn = Functions.Find(name.Text)
            ?? throw new CalcSyntaxException($"Unknown function: {name.Text}.", name.Position);
        if (args.Count < fn.MinArgs || (fn.MaxArgs >= 0 && args.Count > fn.MaxArgs))
        {
            var count = fn.MinArgs == fn.MaxArgs ? fn.MinArgs.ToString()
                : fn.MaxArgs < 0 ? $"at least {fn.MinArgs}" : $"{fn.MinArgs} to {fn.MaxArgs}";
            throw new CalcSyntaxException($"{fn.Name} takes {count} parameters, not {args.Count}.", name.Position);
        }
        if (fn.Name == "Get" && args[0] is not NameRef)
            throw new CalcSyntaxException("Get needs a name such as Get ( ScriptParameter ).", name.Position);
        return new FunctionCall(fn.Name, args, name.Position);
    }

    void Expect(Tok kind, string what)
    {
        if (Peek.Kind != kind) throw new CalcSyntaxException(
            $"{what} expected, found '{(Peek.Kind == Tok.End ? "end of calculation" : Peek.Text)}'.", Peek.Position);
        Next();
    }
}

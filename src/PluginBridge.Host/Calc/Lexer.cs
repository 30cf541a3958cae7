using System.Globalization;
using System.Text;

namespace PluginBridge.Host.Calc;

public enum Tok { Number, String, Name, Variable, Field, Op, LParen, RParen, LBracket, RBracket, Semicolon, Pilcrow,
    End }

/// <summary>One token. A Field token carries the table in <see cref="Table"/> and the field in <see
/// cref="Text"/>.</summary>
public sealed record Token(Tok Kind, string Text, int Position, string? Table = null);

/// <summary>A calculation that cannot be parsed; Position is the character offset in the calculation text.</summary>
public sealed class CalcSyntaxException(string message, int position) : Exception(message)
{
    public int Position { get; } = position;
}

/// <summary>
/// Splits FileMaker calculation text into tokens. Field references may contain spaces in table and field names
/// (<c>Office 365 oAuth SMTP::CURL Debug</c>), so a run of words followed by "::" is read as one field reference.
/// </summary>
public static class Lexer
{
    static readonly HashSet<string> wordOperators = new(StringComparer.OrdinalIgnoreCase) { "and", "or", "xor", "not" };
    static readonly string[] symbolOperators =
        ["<>", "<=", ">=", "≠", "≤", "≥", "+", "-", "*", "/", "^", "&", "=", "<", ">"];

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            i = SkipSpaceAndComments(text, i);
            if (i >= text.Length) { tokens.Add(new Token(Tok.End, "", i)); return tokens; }
            var c = text[i];
            var start = i;
            if (c == '"' || c == '“') { tokens.Add(new Token(Tok.String, ReadString(text, ref i), start)); continue; }
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
                tokens.Add(new Token(Tok.Number, text[start..i], start));
                continue;
            }
            if (c == '$')
            {
                i++;
                if (i < text.Length && text[i] == '$') i++;
                var nameStart = i;
                while (i < text.Length && IsNameChar(text[i])) i++;
                if (i == nameStart) throw new CalcSyntaxException("A variable name must follow $.", start);
                tokens.Add(new Token(Tok.Variable, text[start..i], start));
                continue;
            }
            if (IsNameStart(c)) { tokens.Add(ReadNameOrField(text, ref i)); continue; }
            switch (c)
            {
                case '(': tokens.Add(new Token(Tok.LParen, "(", i++)); continue;
                case ')': tokens.Add(new Token(Tok.RParen, ")", i++)); continue;
                case '[': tokens.Add(new Token(Tok.LBracket, "[", i++)); continue;
                case ']': tokens.Add(new Token(Tok.RBracket, "]", i++)); continue;
                case ';': tokens.Add(new Token(Tok.Semicolon, ";", i++)); continue;
                case FmText.Pilcrow: tokens.Add(new Token(Tok.Pilcrow, "¶", i++)); continue;
            }
            var op = symbolOperators.FirstOrDefault(o => string.CompareOrdinal(text, i, o, 0, o.Length) == 0);
            if (op is null) throw new CalcSyntaxException($"Unexpected character '{c}'.", i);
            tokens.Add(new Token(Tok.Op, op, i));
            i += op.Length;
        }
    }

    public static bool IsWordOperator(string word) => wordOperators.Contains(word);

    static bool IsNameStart(char c) => char.IsLetter(c) || c == '_';
    static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '.';

    static int SkipSpaceAndComments(string text, int i)
    {
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i])) { i++; continue; }
            if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] is not ('\r' or '\n')) i++;
                continue;
            }
            if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 2;
                continue;
            }
            break;
        }
        return i;
    }

    /// <summary>A string literal: \" \\ and \¶ are escapes; ¶ and line breaks inside it are returns (CR).</summary>
    static string ReadString(string text, ref int i)
    {
        var start = i;
        var close = text[i] == '“' ? '”' : '"';
        i++;
        var sb = new StringBuilder();
        while (i < text.Length)
        {
            var c = text[i];
            if (c == close) { i++; return sb.ToString(); }
            if (c == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '¶' or '”')
            {
                sb.Append(text[i + 1]);
                i += 2;
                continue;
            }
            if (c == '¶') sb.Append('\r');
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') { sb.Append('\r'); i++; }
            else if (c == '\n') sb.Append('\r');
            else sb.Append(c);
            i++;
        }
        throw new CalcSyntaxException("Text literal is not closed: a quote is missing.", start);
    }

    /// <summary>A name, or a field reference "Table Name::Field Name" whose words may be separated by spaces.</summary>
    static Token ReadNameOrField(string text, ref int i)
    {
        var start = i;
        var firstEnd = ReadWord(text, i);
        var j = firstEnd;
        var words = new List<string> { text[start..firstEnd] };
        while (true)
        {
            var k = j;
            while (k < text.Length && text[k] is ' ' or '\t') k++;
            if (k + 1 < text.Length && text[k] == ':' && text[k + 1] == ':')
            {
                if (words.Any(IsWordOperator)) break;
                var table = text[start..j];
                var f = k + 2;
                while (f < text.Length && text[f] is ' ' or '\t') f++;
                var fieldStart = f;
                var fieldEnd = f;
                while (f < text.Length && IsNameChar(text[f]))
                {
                    var w = ReadWord(text, f);
                    if (fieldEnd > fieldStart && IsWordOperator(text[f..w])) break;
                    fieldEnd = w;
                    f = w;
                    while (f < text.Length && text[f] is ' ' or '\t') f++;
                }
                if (fieldEnd == fieldStart) throw new CalcSyntaxException($"Field name missing after {table}::", k);
                i = fieldEnd;
                return new Token(Tok.Field, text[fieldStart..fieldEnd], start, table);
            }
            if (k > j && k < text.Length && IsNameChar(text[k]))
            {
                var w = ReadWord(text, k);
                words.Add(text[k..w]);
                j = w;
                continue;
            }
            break;
        }
        i = firstEnd;
        return new Token(Tok.Name, text[start..firstEnd], start);
    }

    static int ReadWord(string text, int i)
    {
        while (i < text.Length && IsNameChar(text[i])) i++;
        return i;
    }

    /// <summary>Number literal to a decimal.</summary>
    public static decimal ParseNumber(Token t)
    {
        if (decimal.TryParse(t.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)) return d;
        throw new CalcSyntaxException($"'{t.Text}' is not a number.", t.Position);
    }
}

using PluginBridge.Host.Calc;

namespace PluginBridge.Host.Tests;

/// <summary>The calculation functions added for MBS scripts, one case each, with Claris's documented results.</summary>
public class CalcFunctionAdditionsTests
{
    sealed class Host : ICalcHost
    {
        readonly Dictionary<string, FmValue> variables =
            new(StringComparer.OrdinalIgnoreCase) { ["$n"] = FmValue.Number(5) };
        public FmValue GetVariable(string name) => variables.GetValueOrDefault(name, FmValue.Empty);
        public void SetVariable(string name, FmValue value) => variables[name] = value;
        public FmValue GetField(string table, string field) =>
            (table, field) == ("Book Keeping", "Token") ? FmValue.Text("abc") : FmValue.Empty;
        public FmValue Get(string name) => FmTime.ParseTimestamp("11/28/2026 3:14:07 PM")!;
        public FmValue CallPlugin(string function, IReadOnlyList<FmValue> args) => FmValue.Question;
    }

    static string Eval(string calc) => new Evaluator(new Host()).Evaluate(calc).AsText();

    [Theory]
    [InlineData("Sqrt ( 64 )", "8")]
    [InlineData("Sqrt ( -1 )", "?")]
    [InlineData("Round ( Exp ( 1 ) ; 6 )", "2.718282")]
    [InlineData("Round ( Ln ( 10 ) ; 4 )", "2.3026")]
    [InlineData("Log ( 100 )", "2")]
    [InlineData("Lg ( 1024 )", "10")]
    [InlineData("Sum ( 1 ; \"\" ; 2.5 )", "3.5")]
    [InlineData("Count ( 1 ; \"\" ; \"a\" )", "2")]
    [InlineData("Average ( 2 ; 4 ; \"\" )", "3")]
    [InlineData("Year ( Date ( 2 ; 29 ; 2024 ) )", "2024")]
    [InlineData("Month ( \"2/29/2024\" )", "2")]
    [InlineData("Day ( Date ( 2 ; 29 ; 2024 ) )", "29")]
    [InlineData("DayOfWeek ( Date ( 11 ; 28 ; 2026 ) )", "7")]
    [InlineData("DayOfYear ( Date ( 2 ; 29 ; 2024 ) )", "60")]
    [InlineData("DayName ( Get ( CurrentTimestamp ) )", "Saturday")]
    [InlineData("MonthName ( Date ( 11 ; 28 ; 2026 ) )", "November")]
    [InlineData("Hours ( Time ( 25 ; 30 ; 15 ) )", "25")]
    [InlineData("Minutes ( Get ( CurrentTimestamp ) )", "14")]
    [InlineData("Seconds ( \"3:14:07 PM\" )", "7")]
    [InlineData("HexEncode ( \"Hello\" )", "48656c6c6f")]
    [InlineData("HexDecode ( \"48656C6C6F\" )", "Hello")]
    [InlineData("HexEncode ( CryptDigest ( \"abc\" ; \"SHA256\" ) )",
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("Base64Encode ( CryptDigest ( \"abc\" ; \"MD5\" ) )", "kAFQmDzST7DWlj99KOF/cg==")]
    // MBS documents Hash.SHA256.HMAC ( "key" ; this text ) = F7BC83F4… and this as its FileMaker 16 equivalent.
    [InlineData("HexEncode ( CryptAuthCode ( \"The quick brown fox jumps over the lazy dog\" ; \"SHA256\" ; "
        + "\"key\" ) )",
        "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")]
    [InlineData("Evaluate ( \"$n * 2 + 1\" )", "11")]
    [InlineData("Evaluate ( \"1 +\" )", "?")]
    [InlineData("GetField ( \"Book Keeping\" & \"::Token\" )", "abc")]
    [InlineData("While ( [ i = 0 ; s = \"\" ] ; i < 3 ; [ i = i + 1 ; s = s & i ] ; s )", "123")]
    [InlineData("Replace ( \"Hello\" ; 2 ; 3 ; \"ipp\" )", "Hippo")]
    [InlineData("FilterValues ( \"Plaid¶Canvas¶Suede¶Denim\" ; \"denim¶Canvas\" )", "Canvas\rDenim\r")]
    [InlineData("SortValues ( \"b¶C¶a\" )", "a\rb\rC\r")]
    [InlineData("SortValues ( \"10¶9¶x¶100\" ; -2 )", "100\r10\r9\rx\r")]
    [InlineData("UniqueValues ( \"Apple¶apple¶Banana¶Apple\" )", "Apple\rBanana\r")]
    public void AddedFunction(string calc, string expected) => Assert.Equal(expected, Eval(calc));

    [Fact]
    public void WhileStopsAfterFileMakersLimit() =>
        Assert.Equal("?", Eval("While ( i = 0 ; 1 ; i = i + 1 ; i )"));
}

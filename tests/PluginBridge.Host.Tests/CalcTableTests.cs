using PluginBridge.Host.Calc;

namespace PluginBridge.Host.Tests;

/// <summary>
/// Calculations and their results as Claris documents them: empty vs 0, unformatted number text, ¶, case-insensitive
/// comparison, the text and number functions, and timestamp arithmetic in seconds.
/// </summary>
public class CalcTableTests
{
    /// <summary>Variables, fields and Get() for the table; MBS is not loaded here, so it gives "?".</summary>
    sealed class StubHost : ICalcHost
    {
        readonly Dictionary<string, FmValue> variables =
            new(StringComparer.OrdinalIgnoreCase) { ["$n"] = FmValue.Number(5), ["$t"] = FmValue.Text("abc") };
        public FmValue GetVariable(string name) => variables.GetValueOrDefault(name, FmValue.Empty);
        public void SetVariable(string name, FmValue value) => variables[name] = value;
        public FmValue GetField(string table, string field) =>
            table == "Office 365 oAuth SMTP" && field == "CURL Debug" ? FmValue.Text("  debug text  ") : FmValue.Empty;
        public FmValue Get(string name) => name.ToLowerInvariant() switch
        {
            "currenttimestamp" => FmTime.ParseTimestamp("11/28/2026 3:14:07 PM")!,
            "scriptparameter" => FmValue.Text("param"),
            _ => throw new CalcException($"Get ( {name} ) not in the stub"),
        };
        public FmValue CallPlugin(string function, IReadOnlyList<FmValue> args) => FmValue.Question;
    }

    static string Eval(string calc) => new Evaluator(new StubHost()).Evaluate(calc).AsText();

    [Theory]
    // numbers: unformatted text drops the leading zero and trailing zeros; 16 decimals; decimal arithmetic
    [InlineData("1 + 2", "3")]
    [InlineData("0.1 + 0.2", ".3")]
    [InlineData("1/3", ".3333333333333333")]
    [InlineData("2/3", ".6666666666666667")]
    [InlineData("1.50 * 1", "1.5")]
    [InlineData("-0.5 * 1", "-.5")]
    [InlineData("1/0", "?")]
    [InlineData("2 ^ 10", "1024")]
    [InlineData("3 + 4 * 2", "11")]
    [InlineData("(3 + 4) * 2", "14")]
    // empty is not 0
    [InlineData("IsEmpty ( \"\" )", "1")]
    [InlineData("IsEmpty ( 0 )", "0")]
    [InlineData("IsEmpty ( $missing )", "1")]
    [InlineData("\"\" & 0", "0")]
    [InlineData("\"\" + 1", "1")]
    [InlineData("\"\" = 0", "0")]
    [InlineData("GetAsNumber ( \"\" )", "")]
    [InlineData("GetAsNumber ( \"FY98\" )", "98")]
    [InlineData("GetAsNumber ( \"$1,254.50\" )", "1254.5")]
    [InlineData("Length ( 0 )", "1")]
    // ¶ and value lists
    [InlineData("\"a\" & ¶ & \"b\"", "a\rb")]
    [InlineData("\"a¶b\"", "a\rb")]
    [InlineData("\"a\\¶b\"", "a¶b")]
    [InlineData("ValueCount ( \"a¶b¶c\" )", "3")]
    [InlineData("ValueCount ( \"a¶b¶\" )", "2")]
    [InlineData("GetValue ( \"a¶b¶c\" ; 2 )", "b")]
    [InlineData("List ( \"a\" ; \"\" ; \"c\" )", "a\rc")]
    [InlineData("LeftValues ( \"a¶b¶c\" ; 2 )", "a\rb\r")]
    // comparisons: text ignores case; numbers compare as numbers
    [InlineData("\"abc\" = \"ABC\"", "1")]
    [InlineData("Exact ( \"abc\" ; \"ABC\" )", "0")]
    [InlineData("\"a\" < \"B\"", "1")]
    [InlineData("10 < 9", "0")]
    [InlineData("$n = 5", "1")]
    [InlineData("$n = \"5\"", "1")]
    [InlineData("$n ≠ 5", "0")]
    [InlineData("$n <> 4", "1")]
    [InlineData("$n ≥ 5 and $n <= 5", "1")]
    [InlineData("3 & 4 = 34", "1")]
    // logic
    [InlineData("not 0 and 1", "1")]
    [InlineData("1 xor 1", "0")]
    [InlineData("0 or \"\"", "0")]
    [InlineData("If ( \"abc\" ; \"yes\" ; \"no\" )", "no")]
    [InlineData("If ( \"\" ; \"yes\" ; \"no\" )", "no")]
    [InlineData("If ( 2 ; \"yes\" ; \"no\" )", "yes")]
    [InlineData("If ( 0 ; \"yes\" )", "")]
    [InlineData("Case ( 0 ; \"a\" ; 1 ; \"b\" ; \"c\" )", "b")]
    [InlineData("Case ( 0 ; \"a\" ; \"default\" )", "default")]
    [InlineData("Choose ( 1 ; \"zero\" ; \"one\" )", "one")]
    [InlineData("Let ( [ a = 1 ; b = a + 1 ] ; a & b )", "12")]
    [InlineData("Let ( x = 5 ; x * 2 )", "10")]
    [InlineData("Let ( [ $v = 7 ] ; $v + 1 )", "8")]
    [InlineData("True + True", "2")]
    [InlineData("Random ≥ 0 and Random < 1", "1")]
    // text functions
    [InlineData("Length ( \"Hello\" )", "5")]
    [InlineData("Trim ( \"  a b  \" )", "a b")]
    [InlineData("Trim ( Office 365 oAuth SMTP::CURL Debug )", "debug text")]
    [InlineData("Left ( \"Hello\" ; 2 )", "He")]
    [InlineData("Right ( \"Hello\" ; 3 )", "llo")]
    [InlineData("Middle ( \"Hello\" ; 2 ; 3 )", "ell")]
    [InlineData("Position ( \"Mississippi\" ; \"SS\" ; 1 ; 2 )", "6")]
    [InlineData("Position ( \"Mississippi\" ; \"ss\" ; 11 ; -1 )", "6")]
    [InlineData("Position ( \"abc\" ; \"x\" ; 1 ; 1 )", "0")]
    [InlineData("PatternCount ( \"Mississippi\" ; \"SS\" )", "2")]
    [InlineData("Substitute ( \"a-b-c\" ; \"-\" ; \"+\" )", "a+b+c")]
    [InlineData("Substitute ( \"ABC\" ; \"a\" ; \"x\" )", "ABC")]
    [InlineData("Substitute ( \"abc\" ; [ \"a\" ; \"1\" ] ; [ \"b\" ; \"2\" ] )", "12c")]
    [InlineData("Upper ( \"abc\" ) & Lower ( \"DEF\" )", "ABCdef")]
    [InlineData("Proper ( \"ELEANOR ROOSEVELT\" ) & \"|\" & Proper ( \"mary-jane ¶new\" )",
        "Eleanor Roosevelt|Mary-Jane \rNew")]
    [InlineData("Filter ( \"(408) 555-1212\" ; \"0123456789\" )", "4085551212")]
    [InlineData("GetAsText ( 1 = 1 )", "1")]
    [InlineData("Quote ( \"a¶b\" )", "\"a\\¶b\"")]
    [InlineData("Quote ( \"say \\\"hi\\\"\" )", "\"say \\\"hi\\\"\"")]
    [InlineData("Char ( 65 )", "A")]
    [InlineData("Code ( \"A\" )", "65")]
    [InlineData("Code ( \"AB\" )", "6600065")]
    [InlineData("Char ( 6600065 )", "AB")]
    [InlineData("Base64Encode ( \"Hello\" )", "SGVsbG8=")]
    [InlineData("Base64Decode ( \"SGVsbG8=\" )", "Hello")]
    // number functions
    [InlineData("Round ( 123.456 ; 2 )", "123.46")]
    [InlineData("Round ( -123.456 ; 2 )", "-123.46")]
    [InlineData("Round ( 123.456 ; -2 )", "100")]
    [InlineData("Round ( 2.5 ; 0 )", "3")]
    // rounding to 10^29 and beyond: past the engine's numbers (found by the calc fuzzer: it threw)
    [InlineData("Round ( 123.456 ; -30 )", "0")]
    [InlineData("Truncate ( 123.456 ; -1000 )", "0")]
    [InlineData("Round ( 123.456 ; -29 )", "0")]
    [InlineData("Round ( 70000000000000000000000000000 ; -29 )", "?")]
    [InlineData("Round ( 75000000000000000000000000000 ; -28 )", "?")]
    [InlineData("Round ( 74000000000000000000000000000 ; -28 )", "70000000000000000000000000000")]
    [InlineData("Choose ( 88888888888888888888 ; \"a\" ; \"b\" ) & \"|\" & Choose ( 1 ; \"a\" ; \"b\" )", "?|b")]
    [InlineData("Int ( -1.5 )", "-1")]
    [InlineData("Int ( 1.5 )", "1")]
    [InlineData("Abs ( -5 )", "5")]
    [InlineData("Mod ( 15 ; 4 )", "3")]
    [InlineData("GetAsNumber ( \"12\" ) + 1", "13")]
    // timestamps count seconds; a timestamp plus seconds is a timestamp
    [InlineData("Get ( CurrentTimestamp )", "11/28/2026 3:14:07 PM")]
    [InlineData("Get ( CurrentTimestamp ) + 3600", "11/28/2026 4:14:07 PM")]
    [InlineData("GetAsTimestamp ( \"1/1/2026 11:00:00 PM\" ) + 7200", "1/2/2026 1:00:00 AM")]
    [InlineData("Get ( CurrentTimestamp ) - GetAsTimestamp ( \"11/28/2026 2:14:07 PM\" )", "3600")]
    [InlineData("Get ( CurrentTimestamp ) + 3599 > Get ( CurrentTimestamp )", "1")]
    [InlineData("GetAsNumber ( Timestamp ( Date ( 1 ; 2 ; 1 ) ; 0 ) )", "86400")]
    [InlineData("GetAsNumber ( Date ( 1 ; 1 ; 1 ) )", "1")]
    [InlineData("Date ( 2 ; 29 ; 2024 ) + 1", "3/1/2024")]
    // Get, comments, MBS without a plugin
    [InlineData("Get ( ScriptParameter )", "param")]
    [InlineData("1 + /* two */ 2 // comment", "3")]
    [InlineData("MBS ( \"Version\" )", "?")]
    public void Calculation(string calc, string expected) => Assert.Equal(expected, Eval(calc));

    [Theory]
    [InlineData("""JSONGetElement ( "{\"a\":{\"b\":[1,2,3]}}" ; "a.b[1]" )""", "2")]
    [InlineData("""JSONGetElement ( "{\"a\":{\"b\":[1,2,3]}}" ; "['a']['b'][2]" )""", "3")]
    [InlineData("""JSONGetElement ( "{\"a\":\"x\"}" ; "missing" )""", "")]
    [InlineData("""JSONGetElement ( "[10,20]" ; 1 )""", "20")]
    [InlineData("""JSONGetElement ( "{\"n\":1.50}" ; "n" ) + 1""", "2.5")]
    [InlineData("""JSONGetElement ( "{\"o\":{\"z\":1,\"a\":[true,null]}}" ; "o" )""", """{"a":[true,null],"z":1}""")]
    [InlineData("""JSONSetElement ( "{}" ; "a" ; 1 ; JSONNumber )""", """{"a":1}""")]
    [InlineData("""JSONSetElement ( "" ; "a.b" ; "x" ; JSONString )""", """{"a":{"b":"x"}}""")]
    [InlineData("""JSONSetElement ( "{\"b\":1}" ; "a" ; "[1,2]" ; JSONArray )""", """{"a":[1,2],"b":1}""")]
    [InlineData("""JSONSetElement ( "{}" ; [ "a" ; 1 ; JSONNumber ] ; [ "b" ; "t" ; JSONString ] )""",
        """{"a":1,"b":"t"}""")]
    [InlineData("""JSONSetElement ( "{}" ; "list[2]" ; 1 ; JSONBoolean )""", """{"list":[null,null,true]}""")]
    [InlineData("""JSONSetElement ( "[1]" ; "[+]" ; "q\"" ; JSONString )""", """[1,"q\""]""")]
    [InlineData("""JSONSetElement ( "{}" ; "n" ; "" ; JSONNull )""", """{"n":null}""")]
    [InlineData("""JSONDeleteElement ( "{\"a\":1,\"b\":2}" ; "a" )""", """{"b":2}""")]
    [InlineData("""JSONListKeys ( "{\"b\":1,\"a\":2}" ; "" )""", "a\rb")]
    [InlineData("""JSONListKeys ( "[5,6,7]" ; "" )""", "0\r1\r2")]
    [InlineData("""JSONListValues ( "[1,\"x\",{\"k\":2}]" ; "" )""", "1\rx\r{\"k\":2}")]
    [InlineData("""JSONFormatElements ( "{\"b\":[2,\"x\"],\"a\":1}" )""", "{\r\t\"a\" : 1,\r\t\"b\" : [ 2, \"x\" ]\r}")]
    // Claris's example (JSONFormatElements page): keys sorted, a nested object on its own lines.
    [InlineData("""JSONFormatElements ( "{ \"a\" : { \"lnk\" : false, \"id\" : 12 } }" )""",
        "{\r\t\"a\" : \r\t{\r\t\t\"id\" : 12,\r\t\t\"lnk\" : false\r\t}\r}")]
    [InlineData("""JSONFormatElements ( "[{\"k\":[]}]" )""", "[\r\t{\r\t\t\"k\" : []\r\t}\r]")]
    public void Json(string calc, string expected) => Assert.Equal(expected, Eval(calc));

    /// <summary>FileMaker's JSON functions answer invalid input with text starting "? ", not with an empty
    /// value.</summary>
    [Theory]
    [InlineData("""JSONGetElement ( "not json" ; "a" )""")]
    [InlineData("""JSONGetElement ( "" ; "a" )""")]
    [InlineData("""JSONSetElement ( "{" ; "a" ; 1 ; JSONNumber )""")]
    [InlineData("""JSONSetElement ( "{}" ; "a" ; "x" ; JSONNumber )""")]
    [InlineData("""JSONSetElement ( "{}" ; "a" ; "[1" ; JSONArray )""")]
    [InlineData("""JSONListKeys ( "[1,]" ; "" )""")]
    [InlineData("""JSONFormatElements ( "{\"a\":}" )""")]
    public void JsonErrorsStartWithQuestionMark(string calc) => Assert.StartsWith("? ", Eval(calc));

    [Fact]
    public void JsonSyntaxErrorNamesLineAndColumn() =>
        Assert.StartsWith("? * Line 2, Column", Eval("JSONGetElement ( \"{¶ x\" ; \"a\" )"));

    [Theory]
    [InlineData("1 +", "ends too early")]
    [InlineData("Foo ( 1 )", "Unknown function: Foo")]
    [InlineData("Left ( \"a\" )", "Left takes 2 parameters, not 1")]
    [InlineData("\"open", "not closed")]
    [InlineData("(1 + 2", "')' expected")]
    [InlineData("Get ( 1 )", "Get needs a name")]
    public void SyntaxErrorsSayWhatIsWrong(string calc, string message)
    {
        var e = Assert.Throws<CalcSyntaxException>(() => CalcParser.Parse(calc));
        Assert.Contains(message, e.Message);
    }

    // Found by the calc fuzz target: 20,000 nested parentheses overflowed the stack and killed the host.
    [Theory]
    [InlineData("(", ")")]
    [InlineData("Abs ( ", " )")]
    [InlineData("-", "")]
    [InlineData("not ", "")]
    [InlineData("[ ", " ]")]
    public void NestingBeyondTheLimitIsASyntaxErrorNotAStackOverflow(string open, string close)
    {
        string Nest(int n) => string.Concat(Enumerable.Repeat(open, n)) + "1"
            + string.Concat(Enumerable.Repeat(close, n));
        var e = Assert.Throws<CalcSyntaxException>(() => CalcParser.Parse(Nest(20_000)));
        Assert.Contains($"nested more than {CalcParser.MaxNesting} levels", e.Message);
        Assert.NotNull(CalcParser.Parse(Nest(CalcParser.MaxNesting - 2)));
        if (open is "(" or "Abs ( ") Assert.Equal("1", Eval(Nest(CalcParser.MaxNesting - 2)));
    }

    [Fact]
    public void AnOperatorChainLongerThanTheStackIsAnErrorNotACrash()
    {
        var chain = "1" + string.Concat(Enumerable.Repeat(" + 1", 200_000));
        try { Assert.Equal("200001", Eval(chain)); }
        catch (CalcException e) { Assert.Contains("nested too deeply", e.Message); }
    }

    [Fact]
    public void UnknownNameIsAnErrorNotEmpty()
    {
        var e = Assert.Throws<CalcException>(() => Eval("undefinedName + 1"));
        Assert.Contains("undefinedName", e.Message);
    }

    [Fact]
    public void FieldReferencesMayHaveSpacesAndStopAtKeywords()
    {
        var node = CalcParser.Parse("Office 365 oAuth SMTP::CURL Debug and x::y");
        var and = Assert.IsType<Binary>(node);
        Assert.Equal(new FieldRef("Office 365 oAuth SMTP", "CURL Debug", 0), and.Left);
        Assert.Equal("y", Assert.IsType<FieldRef>(and.Right).Field);
    }

    [Fact]
    public void UtcMillisecondsCountFromYearOne()
    {
        // 1/1/1970 is 62135596800 seconds after 1/1/0001 (FileMaker's epoch).
        Assert.Equal(62135596800m, FmTime.SecondsOf(DateTime.UnixEpoch));
    }
}

using PluginBridge.Host.Calc;
using PluginBridge.Host.Script;

namespace PluginBridge.Host.Tests;

/// <summary>Script text in FileMaker's printed form: the article's scripts, wrapped steps, and errors with
/// file:line.</summary>
public class ScriptParserTests
{
    static ParsedScript Parse(string text, string name = "Test") => ScriptParser.Parse(name, name + ".fmscript", text);

    [Fact]
    public void EveryScriptOfTheArticleParses()
    {
        var file = FmFile.LoadFolder(Repo.Path("examples", "office365-smtp"));
        Assert.Equal("office365-smtp", file.Name);
        var names = file.Scripts.Select(s => s.Name).ToList();
        foreach (var expected in new[] { "Start", "WebHookReceived", "Query access token", "Extract Access Token",
            "Send Email" })
            Assert.Contains(expected, names);
        Assert.All(file.Scripts, s => Assert.NotEmpty(s.Steps));
    }

    [Fact]
    public void EveryExampleFolderParses()
    {
        foreach (var folder in Directory.GetDirectories(Repo.Path("examples")))
            if (Directory.EnumerateFiles(folder, "*.fmscript").Any())
                Assert.NotEmpty(FmFile.LoadFolder(folder).Scripts);
    }

    [Fact]
    public void UnknownStepIsAnErrorWithFileAndLine()
    {
        var e = Assert.Throws<ScriptParseException>(
            () => Parse("# a comment\nSet Variable [ $x ; Value: 1 ]\nGo to Field [ T::F ]\n", "Broken"));
        Assert.StartsWith("Broken.fmscript:3: Unknown script step \"Go to Field\"", e.Message);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void CalculationErrorInAWrappedStepNamesTheLineItIsOn()
    {
        var e = Assert.Throws<ScriptParseException>(() => Parse(
            "Set Variable [ $x ; Value: 1 ]\nSet Variable [ $r ; Value: MBS(\"Text.EncodeURLComponent\";\n$x $x) ]\n"));
        Assert.StartsWith("Test.fmscript:3: Set Variable:", e.Message);
    }

    [Theory]
    [InlineData("If [ 1 ]\nSet Variable [ $x ; Value: 1 ]\n", "Test.fmscript:1: If without End If")]
    [InlineData("End If\n", "Test.fmscript:1: End If without a matching If")]
    [InlineData("Loop\nEnd If\n", "Test.fmscript:2: End If without a matching If")]
    [InlineData("Set Variable [ $x ; Value: \"open ]\n", "Test.fmscript:1: The step \"Set Variable")]
    [InlineData("Set Variable [ x ; Value: 1 ]\n", "Test.fmscript:1: Set Variable needs a $variable")]
    [InlineData("Set Variable [ $x ; Value: 1 ] junk\n", "Test.fmscript:1: Unexpected text after")]
    [InlineData("Perform Script [ Specified: From list ; Name ; Parameter: ]\n",
        "Test.fmscript:1: Perform Script needs the script name in quotes")]
    public void StructureErrors(string text, string message)
    {
        var e = Assert.Throws<ScriptParseException>(() => Parse(text));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void StepsContinueUntilBracketsBalance()
    {
        var script = Parse(("Set Variable [ $r ; Value: MBS(\"WebHook.SetScript\"; $$WebHooks;\nGet(FileName); " +
            "\"WebHookReceived\") ]\nEnd If\n").Replace("End If\n", ""));
        var step = Assert.IsType<SetVariableStep>(Assert.Single(script.Steps));
        Assert.Equal("$r", step.Name);
        var call = Assert.IsType<FunctionCall>(step.Value);
        Assert.Equal(4, call.Args.Count);
    }

    [Fact]
    public void FieldTargetsAndReferencesMayContainSpaces()
    {
        var script = Parse("Set Field [ Office 365 oAuth SMTP::CURL Debug ;\nTrim(Office 365 oAuth SMTP::ClientID) ]");
        var step = Assert.IsType<SetFieldStep>(Assert.Single(script.Steps));
        Assert.Equal(("Office 365 oAuth SMTP", "CURL Debug"), (step.Table, step.Field));
        var trim = Assert.IsType<FunctionCall>(step.Value);
        Assert.Equal(new FieldRef("Office 365 oAuth SMTP", "ClientID", 5), trim.Args[0]);
    }

    [Fact]
    public void PerformScriptTakesCurlyQuotesAndAnEmptyParameter()
    {
        var script = Parse("Perform Script [ Specified: From list ; “Extract Access Token” ;\nParameter: ]\nPerform " +
            "Script [ Specified: By name ; \"Ex\" & \"tract\" ; Parameter: 1 + 1 ]\nPerform Script [ “Old Style” ; " +
            "Parameter: $x ]");
        var fromList = Assert.IsType<PerformScriptStep>(script.Steps[0]);
        Assert.Equal("Extract Access Token", fromList.ScriptName);
        Assert.Null(fromList.Parameter);
        var byName = Assert.IsType<PerformScriptStep>(script.Steps[1]);
        Assert.Null(byName.ScriptName);
        Assert.NotNull(byName.ScriptNameCalc);
        Assert.IsType<Binary>(byName.Parameter);
        Assert.Equal("Old Style", Assert.IsType<PerformScriptStep>(script.Steps[2]).ScriptName);
    }

    [Fact]
    public void TrailingCalculationCommentKeepsTheStepsClosingBracket()
    {
        // As the article prints it: the comment runs to the end of the line, and FileMaker appends " ]".
        var script = Parse("Set Variable [ $scope ; Value: \"a\" // \"b c\" ]\nSet Variable [ $x ; Value: 2 ] // no " +
            "password needed!\n");
        Assert.Equal(2, script.Steps.Count);
        var scope = Assert.IsType<SetVariableStep>(script.Steps[0]);
        Assert.Equal("a", Assert.IsType<Literal>(scope.Value).Value.AsText());
    }

    [Fact]
    public void BracketsAndSemicolonsInsideQuotesAndBlockCommentsDoNotEndTheStep()
    {
        var script = Parse(
            "Set Variable [ $x ; Value: \"a ] ; b\" & /* ] ;\n( */ \"c\" ]\nSet Variable [ $y ; Value: \"“x” ]\" ]\n");
        Assert.Equal(2, script.Steps.Count);
        var x = Assert.IsType<SetVariableStep>(script.Steps[0]);
        Assert.Equal("a ] ; bc", new Evaluator(new NoHost()).Evaluate(x.Value).AsText());
        Assert.Equal(3, script.Steps[1].Line);
        Assert.Equal("“x” ]", new Evaluator(new NoHost()).Evaluate(((SetVariableStep)script.Steps[1]).Value).AsText());
    }

    sealed class NoHost : ICalcHost
    {
        public FmValue GetVariable(string name) => FmValue.Empty;
        public void SetVariable(string name, FmValue value) { }
        public FmValue GetField(string table, string field) => FmValue.Empty;
        public FmValue Get(string name) => FmValue.Empty;
        public FmValue CallPlugin(string function, IReadOnlyList<FmValue> args) => FmValue.Question;
    }

    [Fact]
    public void CommentsAndDisabledStepsAreNotRun()
    {
        var script = Parse("#\n# comment [ with ( brackets\n// Set Variable [ $x ;\nValue: 1 ]\nHalt Script\n");
        Assert.Equal(3, script.Steps.Count);
        Assert.IsType<CommentStep>(script.Steps[0]);
        Assert.IsType<HaltScriptStep>(script.Steps[2]);
        Assert.Equal(5, script.Steps[2].Line);
    }

    [Fact]
    public void TheOtherStepsParse()
    {
        var script = Parse("""
            Set Error Capture [ On ]
            Allow User Abort [ Off ]
            Loop [ Flush: Always ]
            Exit Loop If [ $i ≥ 3 ]
            Pause/Resume Script [ Duration (seconds): .01 ]
            End Loop
            Pause/Resume Script [ Indefinitely ]
            Commit Records/Requests [ With dialog: Off ]
            Show Custom Dialog [ "Title" ; "Message" ]
            Show Custom Dialog [ Title: "T" ; Message: "M" ; Default Button: “OK”, Commit: “Yes” ]
            Exit Script [ Text Result: 1 ]
            Exit Script
            """);
        Assert.Equal(12, script.Steps.Count);
        Assert.True(Assert.IsType<SetErrorCaptureStep>(script.Steps[0]).On);
        Assert.NotNull(Assert.IsType<PauseStep>(script.Steps[4]).Duration);
        Assert.Null(Assert.IsType<PauseStep>(script.Steps[6]).Duration);
        Assert.NotNull(Assert.IsType<ShowCustomDialogStep>(script.Steps[9]).Message);
        Assert.NotNull(Assert.IsType<ExitScriptStep>(script.Steps[10]).Result);
        Assert.Null(Assert.IsType<ExitScriptStep>(script.Steps[11]).Result);
    }
}

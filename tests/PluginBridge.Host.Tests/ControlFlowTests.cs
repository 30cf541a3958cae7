using PluginBridge.Host.Script;

namespace PluginBridge.Host.Tests;

/// <summary>Scripts run as FileMaker runs them: branches, loops, Perform Script with parameter and result,
/// Halt.</summary>
public class ControlFlowTests
{
    [Theory]
    [InlineData("1", "one")]
    [InlineData("2", "two")]
    [InlineData("3", "other")]
    public void IfElseIfElseTakesOneBranch(string parameter, string expected)
    {
        using var folder = new ScriptFolder(("Main", """
            Set Variable [ $p ; Value: Get ( ScriptParameter ) ]
            If [ $p = 1 ]
            Set Variable [ $r ; Value: $r & "one" ]
            Else If [ $p = 2 ]
            Set Variable [ $r ; Value: $r & "two" ]
            Else If [ $p = 2 ]
            Set Variable [ $r ; Value: $r & "again" ]
            Else
            Set Variable [ $r ; Value: $r & "other" ]
            End If
            Exit Script [ Text Result: $r ]
            """));
        using var run = new TestRun(folder);
        Assert.Equal(expected, run.Run("Main", parameter));
    }

    [Fact]
    public void LoopRunsUntilExitLoopIf()
    {
        using var folder = new ScriptFolder(("Main", """
            Set Variable [ $i ; Value: 0 ]
            Loop
            Set Variable [ $i ; Value: $i + 1 ]
            If [ Mod ( $i ; 2 ) = 0 ]
            Set Variable [ $even ; Value: List ( $even ; $i ) ]
            End If
            Exit Loop If [ $i ≥ 5 ]
            End Loop
            Exit Script [ Text Result: $i & ":" & Substitute ( $even ; ¶ ; "," ) ]
            """));
        using var run = new TestRun(folder);
        Assert.Equal("5:2,4", run.Run("Main"));
    }

    [Fact]
    public void VariablesHaveRepetitions()
    {
        using var folder = new ScriptFolder(("Main", """
            Set Variable [ $i ; Value: 0 ]
            Loop
            Set Variable [ $i ; Value: $i + 1 ]
            Set Variable [ $item[$i] ; Value: $i * 10 ]
            Exit Loop If [ $i = 3 ]
            End Loop
            Set Variable [ $$g[2] ; Value: "global" ]
            Exit Script [ Text Result: $item & "," & $item[2] & "," & $item[1 + 2] & "," & $item[4] & "|" & $$g[2] & Let ( $l[5] = "let" ; $l[5] ) ]
            """));
        using var run = new TestRun(folder);
        Assert.Equal("10,20,30,|globallet", run.Run("Main"));
    }

    [Fact]
    public void LeavingALoopOntoElseDoesNotEnterTheElseBranch()
    {
        using var folder = new ScriptFolder(("Main", """
            If [ 1 ]
            Loop
            Exit Loop If [ 1 ]
            End Loop
            Else
            Set Variable [ $r ; Value: "wrong branch" ]
            End If
            Exit Script [ Text Result: "done" & $r ]
            """));
        using var run = new TestRun(folder);
        Assert.Equal("done", run.Run("Main"));
    }

    /// <summary>The dice example of Claris's Random page, in the compact form older FileMaker versions print.</summary>
    [Fact]
    public void ClarisDiceExampleRuns()
    {
        using var folder = new ScriptFolder(("Roll", """
            Set Field [ Test::NumSides ; 6 ]
            Set Field [ Dice::NumDice ; 3 ]
            Loop [ Flush: Always ]
            Set Variable [$ROLL; Value:$ROLL + ( Int ( Test::NumSides * Random ) + 1 )]
            Set Variable [$COUNTER; Value:$COUNTER + 1]
            Exit Loop If [$COUNTER = Dice::NumDice]
            End Loop
            Show Custom Dialog [$ROLL]
            """));
        using var run = new TestRun(folder);
        run.Run("Roll");
        var roll = int.Parse(run.Output.ToString().Replace("[dialog]", "").Trim());
        Assert.InRange(roll, 3, 18);
    }

    [Fact]
    public void PerformScriptPassesParameterAndReturnsResult()
    {
        using var folder = new ScriptFolder(
            ("Main", """
                Set Variable [ $local ; Value: "main only" ]
                Set Variable [ $$global ; Value: "shared" ]
                Perform Script [ Specified: From list ; “Double” ; Parameter: 21 ]
                Set Variable [ $a ; Value: Get ( ScriptResult ) ]
                Perform Script [ Specified: By name ; "Dou" & "ble" ; Parameter: $a ]
                Exit Script [ Text Result: Get ( ScriptResult ) & "|" & Get ( ScriptName ) ]
                """),
            ("Double", """
                Set Variable [ $seen ; Value: "[" & $local & "][" & $$global & "]" ]
                Exit Script [ Text Result: If ( $seen = "[][shared]" ; Get ( ScriptParameter ) * 2 ; $seen ) ]
                """));
        using var run = new TestRun(folder);
        Assert.Equal("84|Main", run.Run("Main"));
    }

    [Fact]
    public void MissingScriptSetsError104()
    {
        using var folder = new ScriptFolder(("Main", """
            Set Error Capture [ On ]
            Perform Script [ Specified: From list ; “Nope” ; Parameter: ]
            Set Variable [ $e ; Value: Get ( LastError ) ]
            Exit Script [ Text Result: $e & "," & Get ( LastError ) ]
            """));
        using var run = new TestRun(folder);
        Assert.Equal("104,0", run.Run("Main"));
    }

    [Fact]
    public void HaltScriptStopsEveryRunningScript()
    {
        using var folder = new ScriptFolder(
            ("Main", """
                Set Field [ T::Log ; "main;" ]
                Perform Script [ Specified: From list ; “Sub” ; Parameter: ]
                Set Field [ T::Log ; T::Log & "after;" ]
                """),
            ("Sub", """
                Set Field [ T::Log ; T::Log & "sub;" ]
                Halt Script
                Set Field [ T::Log ; T::Log & "not reached;" ]
                """));
        using var run = new TestRun(folder);
        run.Run("Main");
        Assert.Equal("main;sub;", run.Field("T", "Log"));
    }

    [Fact]
    public void ShowCustomDialogPrintsAndAnswersOne()
    {
        using var folder = new ScriptFolder(("Main", """
            Show Custom Dialog [ "SMTP" ; "Failed to query token." ]
            Show Custom Dialog [ "Got token!" ]
            Exit Script [ Text Result: Get ( LastMessageChoice ) ]
            """));
        using var run = new TestRun(folder);
        Assert.Equal("1", run.Run("Main"));
        Assert.Equal($"[dialog] SMTP: Failed to query token.{Environment.NewLine}[dialog] Got " +
            $"token!{Environment.NewLine}", run.Output.ToString());
    }

    [Fact]
    public void GetFileNameIsTheFoldersName()
    {
        using var folder = new ScriptFolder(("Main", "Exit Script [ Text Result: Get ( FileName ) ]"));
        using var run = new TestRun(folder);
        Assert.Equal(folder.Name, run.Run("Main"));
    }

    [Fact]
    public void CalculationErrorAtRunTimeNamesFileAndLine()
    {
        using var folder = new ScriptFolder(("Main", "# first\nSet Variable [ $x ; Value: notAName + 1 ]\n"));
        using var run = new TestRun(folder);
        var e = Assert.Throws<ScriptRuntimeException>(() => run.Run("Main"));
        Assert.StartsWith("Main.fmscript:2: Set Variable: Unknown name \"notAName\"", e.Message);
    }

    [Fact]
    public void UnknownStartScriptIsAnError()
    {
        using var folder = new ScriptFolder(("Main", "Halt Script"));
        using var run = new TestRun(folder);
        var e = Assert.Throws<ScriptRuntimeException>(() => run.Run("Other"));
        Assert.Contains("Unknown script \"Other\"", e.Message);
    }
}

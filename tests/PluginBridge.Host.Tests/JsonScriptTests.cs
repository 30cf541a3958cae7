using PluginBridge.Host.Native;
using PluginBridge.Tests.Shared;

namespace PluginBridge.Host.Tests;

/// <summary>
/// MBS's JSON examples as FileMaker calculations, run by the host against the real plugin through the C ABI:
/// FileMaker numbers arrive as PB_NUMBER (JSON numbers), reference numbers come back as numbers.
/// </summary>
[Collection("plugin")]
public sealed class JsonScriptTests : IDisposable
{
    readonly PluginLibrary plugin = PluginLibrary.Load(NativePlugin.PathToPlugin());

    public void Dispose() => plugin.Dispose();

    [Fact]
    public void BuildObjectInOneLet()
    {
        using var folder = new ScriptFolder(("Main", "Halt Script"));
        using var run = new TestRun(folder, plugin: plugin);
        // MBS's "Build a JSON object with an array of objects in one Let" example.
        var r = run.Runner.Evaluate("""
            Let ( [
              o1 = MBS ( "JSON.AddStringToObject" ; "{}" ; "FirstName" ; "Joe" ) ;
              o1 = MBS ( "JSON.AddStringToObject" ; o1 ; "LastName" ; "Miller" ) ;
              a1 = MBS ( "JSON.AddItemToArray" ; "[]" ; o1 ) ;
              r = MBS ( "JSON.AddItemToObject" ; "{}" ; "people" ; a1 ) ;
              r = MBS ( "JSON.AddStringToObject" ; r ; "count" ; 2 )
            ] ; MBS ( "JSON.Compact" ; r ) )
            """).AsText();
        Assert.Equal("{\"people\":[{\"FirstName\":\"Joe\",\"LastName\":\"Miller\"}],\"count\":\"2\"}", r);
    }

    [Fact]
    public void ReferencesValuesAndPaths()
    {
        using var folder = new ScriptFolder(("Main", "Halt Script"));
        using var run = new TestRun(folder, plugin: plugin);
        var r = run.Runner.Evaluate("""
            Let ( [
              j = MBS ( "JSON.CreateObjectRef" ) ;
              x = MBS ( "JSON.AddValueToObject" ; j ; "name" ; "Joe" ; "age" ; 50 ) ;
              x = MBS ( "JSON.SetPathItem" ; j ; "tags¶append" ; "a" ) ;
              age = MBS ( "JSON.GetPathItem" ; j ; "age" ; 1 ) ;
              text = MBS ( "JSON.Compact" ; j ) ;
              x = MBS ( "JSON.Release" ; j )
            ] ; text & "|" & ( age + 1 ) & "|" & ( j = x ) )
            """).AsText();
        Assert.Equal("{\"name\":\"Joe\",\"age\":50,\"tags\":[\"a\"]}|51|0", r);
        Assert.Equal("1",
            run.Runner.Evaluate("MBS ( \"JSON.GetBooleanValue\" ; MBS ( \"JSON.CreateBoolean\" ; 1 = 1 ) )").AsText());
    }

    [Fact]
    public void QueryReplaceAndCsvOnAReference()
    {
        using var folder = new ScriptFolder(("Main", "Halt Script"));
        using var run = new TestRun(folder, plugin: plugin);
        // MBS's "Find matching entry in JSON Array of Objects" data; Flags left out as MBS's own example does.
        var r = run.Runner.Evaluate("""
            Let ( [
              j = MBS ( "JSON.Parse" ; "[ {\"test\":\"abc\", \"ID\": 1}, {\"test\":\"Hello\", \"ID\": 2} ]" ) ;
              q = MBS ( "JSON.Query" ; j ; "$[?(@.test == 'Hello')].ID" ) ;
              x = MBS ( "JSON.Replace" ; j ; "$[?(@.ID > 1)].test" ; "\"World\"" ) ;
              csv = MBS ( "JSON.ToCSV" ; j ; 0 ; ¶ ; "," ) ;
              x = MBS ( "JSON.Release" ; j )
            ] ; MBS ( "JSON.Compact" ; q ) & "|" & csv )
            """).AsText();
        Assert.Equal("[2]|test,ID\rabc,1\rWorld,2", r);
    }

    /// <summary>MBS's "Collect all the match paths on the way" and "Sort a list of object by name" examples: the plugin
    /// asks the host (pb_host.evaluate) to evaluate the expressions, which set the running script's $list and call
    /// JSON.CurrentMatchPath back through pb_call.</summary>
    [Fact]
    public void ExpressionsAreEvaluatedByTheHostInTheRunningScript()
    {
        using var folder = new ScriptFolder(("Main", """
            Set Variable [ $list ; Value: "" ]
            Set Variable [ $j ; Value: "[{\"PrimaryKey\":1},{\"x\":2},{\"PrimaryKey\":3}]" ]
            Set Variable [ $e ; Value: "Let([$list = $list & MBS(\"JSON.CurrentMatchPath\") & \¶]; \"\")" ]
            Set Variable [ $r ; Value: MBS ( "JSON.ReplaceEvaluate" ; $j ; "$[?(@.PrimaryKey)]" ; $e ) ]
            Set Variable [ $e ; Value: " MBS(\"JSON.CurrentMatch\") + 1" ]
            Set Variable [ $plus ; Value: MBS ( "JSON.ReplaceEvaluate" ; "[1,2]" ; "$[*]" ; $e ) ]
            Set Variable [ $j ; Value: "[{\"name\": \"Joe\"}, {\"name\": \"Anna\"}, {\"name\": \"Tim\"}]" ]
            Set Variable [ $e ; Value: "JSONGetElement ( leftJSON; \"name\") < JSONGetElement ( rightJSON; \"name\")" ]
            Set Variable [ $sorted ; Value: MBS ( "JSON.SortWithEvaluate" ; $j ; $e ) ]
            Set Variable [ $bad ; Value: Left ( MBS ( "JSON.ReplaceEvaluate" ; "[1]" ; "$[0]" ; "1 +" ) ; 63 ) ]
            Set Variable [ $out ; Value: Substitute ( $list ; ¶ ; "," ) & "|" & MBS ( "JSON.Compact" ; $r ) ]
            Set Variable [ $out ; Value: $out & "|" & MBS ( "JSON.Compact" ; $plus ) ]
            Exit Script [ Text Result: $out & "|" & MBS ( "JSON.Compact" ; $sorted ) & "|" & $bad ]
            """));
        using var run = new TestRun(folder, plugin: plugin);
        Assert.Equal("$[0],$[2],|[{\"PrimaryKey\":1},{\"x\":2},{\"PrimaryKey\":3}]|[2,3]|" +
            "[{\"name\":\"Anna\"},{\"name\":\"Joe\"},{\"name\":\"Tim\"}]|" +
            "[MBS] JSON.ReplaceEvaluate: the expression failed to evaluate: ", run.Run("Main"));
    }

    /// <summary>MBS's "Test variables in JSON" and "Set some variables using JSON" examples: JSON.SetVariables sets
    /// the running script's $variables through the host's calc engine (pb_host.evaluate), JSON.ClearVariables empties
    /// them again.</summary>
    [Fact]
    public void SetVariablesSetsTheScriptsVariablesAndClearVariablesEmptiesThem()
    {
        using var folder = new ScriptFolder(("Main", """
            Set Variable [ $text ; Value: "Hello¶World\¶\\" & Char ( 34 ) & "!" ]
            Set Variable [ $json ; Value: JSONSetElement ( "{}" ; "abc" ; $text ; JSONString ) ]
            Set Variable [ $r ; Value: MBS ( "JSON.SetVariables" ; $json ) ]
            Set Variable [ $out ; Value: $r & "|" & $abc & "|" & Length ( $abc ) ]
            Set Variable [ $j ; Value: "{\"n\": 12.5, \"big\": 1e3, \"t\": true, \"o\": {\"x\": [1]}, \"nul\": null}" ]
            Set Variable [ $v ; Value: MBS ( "JSON.SetVariables" ; $j ; "p_" ) ]
            Set Variable [ $out ; Value: $out & "|" & Substitute ( $v ; ¶ ; "," ) & "|" & ( $p_n * 2 ) ]
            Set Variable [ $out ; Value: $out & "|" & ( $p_big + 1 ) & "|" & $p_t ]
            Set Variable [ $out ; Value: $out & "|" & MBS ( "JSON.Compact" ; $p_o ) ]
            Set Variable [ $out ; Value: $out & "|" & IsEmpty ( $p_nul ) ]
            Set Variable [ $c ; Value: MBS ( "JSON.ClearVariables" ; $v ) ]
            Set Variable [ $out ; Value: $out & "|" & $c & "|" & IsEmpty ( $p_n ) & IsEmpty ( $p_o ) & "|" & $abc ]
            Set Variable [ $bad ; Value: MBS ( "JSON.SetVariables" ; "{\"a b\": 1}" ) ]
            Exit Script [ Text Result: $out & "|" & MBS ( "IsError" ) & "|" & Left ( $bad ; 21 ) ]
            """));
        using var run = new TestRun(folder, plugin: plugin);
        Assert.Equal("$abc|Hello\rWorld¶\\\"!|15|$p_n,$p_big,$p_t,$p_o,$p_nul|25|1001|1|{\"x\":[1]}|1|OK|11|" +
            "Hello\rWorld¶\\\"!|1|[MBS] \"a b\" cannot be", run.Run("Main"));
    }
}

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
        Assert.Equal("1", run.Runner.Evaluate("MBS ( \"JSON.GetBooleanValue\" ; MBS ( \"JSON.CreateBoolean\" ; 1 = 1 ) )").AsText());
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
}

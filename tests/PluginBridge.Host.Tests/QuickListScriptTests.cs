using PluginBridge.Host.Native;
using PluginBridge.Tests.Shared;

namespace PluginBridge.Host.Tests;

/// <summary>MBS's QuickList examples as FileMaker scripts, run by the host against the real plugin through the C
/// ABI: the list lives in the plugin under its number between script steps.</summary>
[Collection("plugin")]
public sealed class QuickListScriptTests : IDisposable
{
    readonly PluginLibrary plugin = PluginLibrary.Load(NativePlugin.PathToPlugin());

    public void Dispose() => plugin.Dispose();

    /// <summary>JSON.GetArrayItemsAsQuickList's "Filter JSON items" example, step for step.</summary>
    [Fact]
    public void FilterJsonItemsExampleRuns()
    {
        using var folder = new ScriptFolder(("Main", """
            Set Variable [ $json ; Value: "[{\"id\": 1},{\"id\": 2},{\"id\": 3}]" ]
            # turn into a list
            Set Variable [ $list ; Value: MBS ( "JSON.GetArrayItemsAsQuickList" ; $json ) ]
            # now loop over entries to filter
            Set Variable [ $n ; Value: MBS ( "QuickList.Count" ; $list ) ]
            If [ $n > 0 ]
              Loop
                Set Variable [ $n ; Value: $n - 1 ]
                Set Variable [ $item ; Value: MBS ( "QuickList.GetValue" ; $list ; $n ) ]
                If [ JSONGetElement ( $item ; "id" ) = 2 ]
                  Set Variable [ $r ; Value: MBS ( "QuickList.Remove" ; $list ; $n ) ]
                End If
                Exit Loop If [ $n ≤ 0 ]
              End Loop
            End If
            Set Variable [ $json ; Value: MBS ( "QuickList.JoinJSON" ; $list ) ]
            Set Variable [ $r ; Value: MBS ( "QuickList.Release" ; $list ) ]
            Exit Script [ Text Result: $json & "|" & $r & "|" & MBS ( "Plugin.ObjectCounts" ; 1 ) ]
            """));
        using var run = new TestRun(folder, plugin: plugin);
        var parts = run.Run("Main").Split('|');
        Assert.Equal("[{\"id\":1},{\"id\":3}]", parts[0]);
        Assert.Equal("OK", parts[1]);
        Assert.DoesNotContain("QuickList", parts[2]);
    }

    /// <summary>QuickList.SortWithEvaluate and List.SortWithEvaluate: the host evaluates the expression (List's is
    /// MBS's example) for every comparison.</summary>
    [Fact]
    public void SortWithEvaluateAsksTheHost()
    {
        using var folder = new ScriptFolder(("Main", """
            Set Variable [ $list ; Value: MBS ( "QuickList.New" ; "10¶9¶100¶1" ) ]
            Set Variable [ $r ; Value: MBS ( "QuickList.SortWithEvaluate" ; $list ; "GetAsNumber ( leftValue ) > GetAsNumber ( rightValue )" ) ]
            Set Variable [ $text ; Value: MBS ( "QuickList.GetList" ; $list ; 1 ; "," ) ]
            Set Variable [ $x ; Value: MBS ( "QuickList.Release" ; $list ) ]
            # List.SortWithEvaluate's example
            Set Variable [ $sorted ; Value: MBS ( "List.SortWithEvaluate" ; "1¶22¶3" ; "GetAsNumber(leftValue) < GetAsNumber(rightValue)" ; 1 ) ]
            Exit Script [ Text Result: $r & "|" & $text & "|" & Substitute ( $sorted ; ¶ ; "," ) ]
            """));
        using var run = new TestRun(folder, plugin: plugin);
        Assert.Equal("OK|100,10,9,1|1,3,22", run.Run("Main"));
    }
}

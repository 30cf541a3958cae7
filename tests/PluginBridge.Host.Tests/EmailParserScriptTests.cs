using PluginBridge.Host.Native;
using PluginBridge.Tests.Shared;

namespace PluginBridge.Host.Tests;

/// <summary>
/// MBS's "Copy all inline graphics into records" and "Parse Subject, PlainText and HTMLText" examples as a script
/// run by the host against the real plugin through the C ABI: the inline image comes back as a container, the
/// reference number as a number, and Plugin.ObjectCounts counts it until EmailParser.Release.
/// </summary>
[Collection("plugin")]
public sealed class EmailParserScriptTests : IDisposable
{
    readonly PluginLibrary plugin = PluginLibrary.Load(NativePlugin.PathToPlugin());

    public void Dispose() => plugin.Dispose();

    [Fact]
    public void InlineGraphicsLoopGivesTheImageAsAContainer()
    {
        using var folder = new ScriptFolder(("Main", """
            Set Variable [ $email ; Value: MBS ( "EmailParser.ParseFile" ; Get ( ScriptParameter ) ) ]
            If [ MBS ( "IsError" ) = 1 ]
              Exit Script [ Text Result: "Failed to parse email: " & $email ]
            End If
            Set Variable [ $out ; Value: MBS ( "EmailParser.Subject" ; $email ) ]
            Set Variable [ $out ; Value: $out & "|" & JSONGetElement ( MBS ( "Plugin.ObjectCounts" ) ; "EmailParser" ) ]
            Set Variable [ $i ; Value: 0 ]
            Set Variable [ $c ; Value: MBS ( "EmailParser.InlineCount" ; $email ) ]
            If [ $c > 0 ]
              Loop
                Set Variable [ $Name ; Value: MBS ( "EmailParser.inline" ; $email ; $i ; "filename" ) ]
                Set Variable [ $content ; Value: MBS ( "EmailParser.Inline" ; $email ; $i ; "container" ) ]
                Set Variable [ $out ; Value: $out & "|" & $Name & "=" & Base64EncodeRFC ( 4648 ; $content ) ]
                Set Variable [ $i ; Value: $i + 1 ]
                Exit Loop If [ $i = $c ]
              End Loop
            End If
            Set Variable [ $out ; Value: $out & "|" & MBS ( "EmailParser.attachment" ; $email ; 0 ; "filename" ) ]
            Set Variable [ $r ; Value: MBS ( "EmailParser.Release" ; $email ) ]
            Set Variable [ $out ; Value: $out & "|" & JSONGetElement ( MBS ( "Plugin.ObjectCounts" ) ; "EmailParser" ) ]
            Exit Script [ Text Result: $out & "|" & $r ]
            """));
        using var run = new TestRun(folder, plugin: plugin);
        var mail = Repo.Path("tests", "PluginBridge.Engine.Tests", "EmailParser", "Mails", "python-multipart.eml");
        Assert.Equal("Grüße mit Bild und Anhang|1|logo.png=iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4" +
            "2mP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC|Bericht März.pdf|0|OK", run.Run("Main", mail));
    }
}

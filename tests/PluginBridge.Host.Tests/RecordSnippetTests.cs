using System.Text;
using System.Xml.Linq;
using PluginBridge.Host.Script;
using PluginBridge.Host.Script.Xml;

namespace PluginBridge.Host.Tests;

/// <summary>The layout, record and web-viewer steps in FileMaker's fmxmlsnippet form: read, run, written back.
/// </summary>
public class RecordSnippetTests
{
    /// <summary>The steps as FileMaker writes them (elements as in Kear's canonical XML reference, steps.tsv
    /// "canon").</summary>
    const string Snippet = """
        <?xml version="1.0" encoding="UTF-8"?>
        <fmxmlsnippet type="FMObjectList">
          <Step enable="True" id="6" name="Go to Layout">
            <LayoutDestination value="SelectedLayout"/>
            <Layout id="12" name="Log"/>
          </Step>
          <Step enable="True" id="7" name="New Record/Request"/>
          <Step enable="True" id="76" name="Set Field">
            <Calculation><![CDATA["a"]]></Calculation>
            <Field table="Log" id="1" name="Text"/>
          </Step>
          <Step enable="True" id="7" name="New Record/Request"/>
          <Step enable="True" id="76" name="Set Field">
            <Calculation><![CDATA["b"]]></Calculation>
            <Field table="Log" id="1" name="Text"/>
          </Step>
          <Step enable="True" id="16" name="Go to Record/Request/Page">
            <NoInteract state="False"/>
            <RowPageLocation value="First"/>
          </Step>
          <Step enable="True" id="71" name="Loop"/>
          <Step enable="True" id="141" name="Set Variable">
            <Value>
              <Calculation><![CDATA[$all & Log::Text]]></Calculation>
            </Value>
            <Repetition>
              <Calculation><![CDATA[1]]></Calculation>
            </Repetition>
            <Name>$all</Name>
          </Step>
          <Step enable="True" id="16" name="Go to Record/Request/Page">
            <NoInteract state="False"/>
            <Exit state="True"/>
            <RowPageLocation value="Next"/>
          </Step>
          <Step enable="True" id="73" name="End Loop"/>
          <Step enable="True" id="16" name="Go to Record/Request/Page">
            <NoInteract state="True"/>
            <RowPageLocation value="ByCalculation"/>
            <Calculation><![CDATA[1]]></Calculation>
          </Step>
          <Step enable="True" id="9" name="Delete Record/Request">
            <NoInteract state="True"/>
          </Step>
          <Step enable="True" id="146" name="Set Web Viewer">
            <Action value="Reload"/>
            <ObjectName>
              <Calculation><![CDATA["web"]]></Calculation>
            </ObjectName>
          </Step>
          <Step enable="True" id="6" name="Go to Layout">
            <LayoutDestination value="LayoutNameByCalc"/>
            <Layout>
              <Calculation><![CDATA["Other"]]></Calculation>
            </Layout>
          </Step>
          <Step enable="True" id="6" name="Go to Layout">
            <LayoutDestination value="OriginalLayout"/>
          </Step>
          <Step enable="True" id="103" name="Exit Script">
            <Calculation><![CDATA[$all & "/" & Get ( FoundCount ) & "/" & Log::Text & "/" &
            Get ( LayoutName )]]></Calculation>
          </Step>
        </fmxmlsnippet>
        """;

    [Fact]
    public void SnippetOfRecordStepsRunsLikeItsPrintedForm()
    {
        using var xmlFolder = new ScriptFolder();
        File.WriteAllText(Path.Combine(xmlFolder.Path, "Records.xml"), Snippet);
        using var textFolder = new ScriptFolder(("Records", """
            Go to Layout [ “Log” (Log) ]
            New Record/Request
            Set Field [ Log::Text ; "a" ]
            New Record/Request
            Set Field [ Log::Text ; "b" ]
            Go to Record/Request/Page [ First ]
            Loop
            Set Variable [ $all ; Value: $all & Log::Text ]
            Go to Record/Request/Page [ Next ; Exit after last: On ]
            End Loop
            Go to Record/Request/Page [ With dialog: Off ; 1 ]
            Delete Record/Request [ With dialog: Off ]
            Set Web Viewer [ Object Name: "web" ; Action: Reload ]
            Go to Layout [ Layout Name: "Other" ]
            Go to Layout [ original layout ]
            Exit Script [ Text Result: $all & "/" & Get ( FoundCount ) & "/" & Log::Text & "/" & Get ( LayoutName ) ]
            """));
        using var fromXml = new TestRun(xmlFolder);
        using var fromText = new TestRun(textFolder);
        // Original layout is the one the start script began on: none, so the layout stays "Other" (no records);
        // Log::Text is still read from Log's current record, "b" after "a" was deleted.
        Assert.Equal("ab/0/b/Other", fromXml.Run("Records"));
        Assert.Equal("ab/0/b/Other", fromText.Run("Records"));
        Assert.Equal("[web viewer web] reload (recorded; no page here)\n",
            fromXml.Log.ToString().Replace("\r\n", "\n"));
        Assert.Equal(fromText.Log.ToString(), fromXml.Log.ToString());
    }

    [Fact]
    public void PrintedRecordStepsSurviveTheTripThroughXml()
    {
        var printed = """
            Go to Layout [ “Contacts” ]
            Go to Layout [ Layout Name: $layout ]
            Go to Layout [ original layout ]
            New Record/Request
            Delete Record/Request [ With dialog: Off ]
            Go to Record/Request/Page [ First ]
            Go to Record/Request/Page [ Previous ; Exit after last: Off ]
            Go to Record/Request/Page [ Next ; Exit after last: On ]
            Go to Record/Request/Page [ With dialog: Off ; $n + 1 ]
            Set Web Viewer [ Object Name: "wv" ; Action: Go to URL ; URL: "https://example.invalid/?q=" & $q ]
            Set Web Viewer [ Object Name: $name ; Action: Go Forward ]
            """;
        var steps = StepSplitter.Split("t", printed, keepDisabled: true);
        using var stream = new MemoryStream();
        SnippetWriter.WriteSnippet(stream, [new SnippetScript("S", steps)], "t");
        var xml = Encoding.UTF8.GetString(stream.ToArray());
        var back = SnippetReader.Read(new MemoryStream(stream.ToArray()), "t.xml")[0];
        var again = StepSplitter.Split("t", SnippetWriter.WritePrinted(back, "t"), keepDisabled: true);
        Assert.Equal(steps.Select(s => s.Text.Replace("“", "\"").Replace("”", "\"")),
            again.Select(s => s.Text.Replace("“", "\"").Replace("”", "\"")));
        var ids = XDocument.Parse(xml).Descendants("Step").Select(s => (string?)s.Attribute("id"));
        Assert.Equal(["6", "6", "6", "7", "9", "16", "16", "16", "16", "146", "146"], ids);
        Assert.Contains("<RowPageLocation value=\"ByCalculation\" />", xml);
        Assert.Contains("<Action value=\"GoToURL\" />", xml);
        // The whole folder parses: every printed form above is one the runner takes.
        ScriptParser.Parse("S", "S.fmscript", printed);
    }
}

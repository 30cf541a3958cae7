using System.Text;
using System.Xml.Linq;
using PluginBridge.Host.Script;
using PluginBridge.Host.Script.Xml;

namespace PluginBridge.Host.Tests;

/// <summary>FileMaker's fmxmlsnippet: read, run like the printed form, written back without loss; bad input
/// reported.</summary>
public class SnippetTests
{
    static string Snippet(string name) => Path.Combine(AppContext.BaseDirectory, "Snippets", name);

    /// <summary>Every example script: printed → XML → printed keeps each step, calculation, comment and disabled
    /// state.</summary>
    [Fact]
    public void RoundTripOfEveryExampleScriptIsLossless()
    {
        var count = 0;
        foreach (var path in Directory.GetFiles(Repo.Path("examples"), "*.fmscript", SearchOption.AllDirectories))
        {
            var original = ScriptConverter.Read(path);
            var back = RoundTrip(original);
            Assert.Equal(Canonical(original[0]), Canonical(back[0]));
            count += original[0].Steps.Count;
        }
        Assert.True(count > 400, $"only {count} steps in the examples");
    }

    [Fact]
    public void RoundTripKeepsEveryShapeAndDisabledSteps()
    {
        using var dir = new ScriptFolder(("All", """
            # a comment
            #
            Set Error Capture [ On ]
            Allow User Abort [ Off ]
            Set Variable [ $x[2] ; Value: 1 + 2 // trailing note ]
            // Set Variable [ $off ; Value: "disabled" ]
            // # a disabled comment
            Set Field [ My Table::My Field ; $x[2] & "¶" ]
            If [ $x[2] = 3 ]
            Loop
            Exit Loop If [ True ]
            End Loop
            Else If [ False ]
            Pause/Resume Script [ Duration (seconds): .01 ]
            Else
            Pause/Resume Script [ Indefinitely ]
            End If
            Perform Script [ Specified: By name ; "Al" & "l" ; Parameter: "p" ]
            Show Custom Dialog [ "T" ; "M" ]
            Commit Records/Requests [ With dialog: Off ]
            Halt Script
            Exit Script [ Text Result: $x[2] ]
            """));
        var original = ScriptConverter.Read(Path.Combine(dir.Path, "All.fmscript"));
        Assert.Equal(22, original[0].Steps.Count);
        Assert.Equal(Canonical(original[0]), Canonical(RoundTrip(original)[0]));
        var xml = XDocument.Parse(Xml(original));
        var steps = xml.Descendants("Step").ToList();
        Assert.Equal("False", (string?)steps[5].Attribute("enable"));
        Assert.Equal("141", (string?)steps[5].Attribute("id"));
        Assert.Equal("2", steps[4].Element("Repetition")!.Value);
        Assert.Equal("My Table", (string?)steps[7].Element("Field")!.Attribute("table"));
        Assert.Equal("\"Al\" & \"l\"", steps[17].Element("Calculated")!.Value);
    }

    /// <summary>FileMaker's own XML of a script runs to the same result as its printed form.</summary>
    [Fact]
    public void SnippetWrittenByFileMakerRunsLikeItsPrintedForm()
    {
        using var xmlFolder = new ScriptFolder();
        File.Copy(Snippet("Session.xml"), Path.Combine(xmlFolder.Path, "Session.xml"));
        using var textFolder = new ScriptFolder(("FMSess: Find The Session Record", """
            #
            # PURPOSE:
            Set Error Capture [ On ]
            Allow User Abort [ Off ]
            Set Variable [ $persistentID ; Value: Get ( ScriptParameter ) ]
            If [ IsEmpty ( $persistentID ) ]
            Show Custom Dialog [ "Developer Error" ; "The script " & Quote( Get(ScriptName ) ) & " needs a parameter." ]
            Exit Script [ Text Result: ]
            End If
            // Go to Layout [ “Session” ]
            Set Field [ Session::zg_currentSessionID ; $persistentID ]
            Exit Script [ Text Result: "$ID=" & Quote(Session::zg_currentSessionID) ]
            """.Replace("// Go to Layout [ “Session” ]\n", "")));
        foreach (var parameter in new[] { "abc-1", "" })
        {
            using var fromXml = new TestRun(xmlFolder);
            using var fromText = new TestRun(textFolder);
            var a = fromXml.Run("FMSess: Find The Session Record", parameter);
            var b = fromText.Run("FMSess: Find The Session Record", parameter);
            Assert.Equal(b, a);
            Assert.Equal(fromText.Output.ToString(), fromXml.Output.ToString());
            Assert.Equal(fromText.Field("Session", "zg_currentSessionID"),
                fromXml.Field("Session", "zg_currentSessionID"));
        }
        using var run = new TestRun(xmlFolder);
        Assert.Equal("$ID=\"abc-1\"", run.Run("FMSess: Find The Session Record", "abc-1"));
    }

    [Fact]
    public void Utf16SnippetReadsLikeUtf8()
    {
        using var folder = new ScriptFolder();
        var text = File.ReadAllText(Snippet("Session.xml")).Replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
        File.WriteAllText(Path.Combine(folder.Path, "Session.xml"), text, new UnicodeEncoding(false, true));
        using var run = new TestRun(folder);
        Assert.Equal("$ID=\"x\"", run.Run("FMSess: Find The Session Record", "x"));
    }

    [Fact]
    public void SeveralScriptsInOneSnippetCallEachOther()
    {
        using var folder = new ScriptFolder();
        File.WriteAllText(Path.Combine(folder.Path, "Two.xml"), """
            <fmxmlsnippet type="FMObjectList">
              <Script includeInMenu="True" runFullAccess="False" id="1" name="Outer">
                <Step enable="True" id="1" name="Perform Script"><Calculation><![CDATA[21]]></Calculation><Script id="2" name="Inner"/></Step>
                <Step enable="True" id="103" name="Exit Script"><Calculation><![CDATA[Get ( ScriptResult ) & "!"]]></Calculation></Step>
              </Script>
              <Script includeInMenu="True" runFullAccess="False" id="2" name="Inner">
                <Step enable="False" id="103" name="Exit Script"><Calculation><![CDATA["disabled"]]></Calculation></Step>
                <Step enable="True" id="103" name="Exit Script"><Calculation><![CDATA[Get ( ScriptParameter ) * 2]]></Calculation></Step>
              </Script>
            </fmxmlsnippet>
            """);
        using var run = new TestRun(folder);
        Assert.Equal("42!", run.Run("Outer"));
    }

    [Fact]
    public void UnknownAndUnsupportedStepsAreReportedWithIdNameAndPosition()
    {
        using var folder = new ScriptFolder();
        var path = Path.Combine(folder.Path, "S.xml");
        File.WriteAllText(path, """
            <fmxmlsnippet type="FMObjectList"><Step enable="True" id="89" name="# (comment)"><Text>x</Text></Step>
            <Step enable="True" id="17" name="Go to Field"><SelectAll state="False"/></Step></fmxmlsnippet>
            """);
        var e = Assert.Throws<ScriptParseException>(folder.Load);
        Assert.Equal("S.xml › S:2: step id=17 name=\"Go to Field\" (step 2) is not one this host runs.", e.Message);
        File.WriteAllText(path,
            """<fmxmlsnippet type="FMObjectList"><Step enable="True" id="9999" name="Future Step"/></fmxmlsnippet>""");
        e = Assert.Throws<ScriptParseException>(folder.Load);
        Assert.Contains("unknown step id=9999 name=\"Future Step\" (step 1)", e.Message);
    }

    [Fact]
    public void MalformedXmlAndLayoutObjectsGiveTheDocumentedErrors()
    {
        using var folder = new ScriptFolder();
        var path = Path.Combine(folder.Path, "Bad.xml");
        File.WriteAllText(path,
            "<fmxmlsnippet type=\"FMObjectList\">\n<Step enable=\"True\" id=\"70\" name=\"End If\">\n</fmxmlsnippet>");
        var e = Assert.Throws<ScriptParseException>(folder.Load);
        Assert.StartsWith("Bad.xml:3: not well-formed XML", e.Message);
        File.Delete(path);
        File.Copy(Snippet("Layout objects.xml"), Path.Combine(folder.Path, "Layout objects.xml"));
        e = Assert.Throws<ScriptParseException>(folder.Load);
        Assert.Contains("holds <Layout>, not scripts or script steps", e.Message);
    }

    static List<SnippetScript> RoundTrip(List<SnippetScript> scripts)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Xml(scripts)));
        var fromXml = SnippetReader.Read(stream, "t.xml");
        // and back to printed text, read again as a .fmscript is
        return fromXml.Select(s => new SnippetScript(s.Name,
            StepSplitter.Split("t", SnippetWriter.WritePrinted(s, "t"), keepDisabled: true))).ToList();
    }

    static string Xml(List<SnippetScript> scripts)
    {
        using var stream = new MemoryStream();
        SnippetWriter.WriteSnippet(stream, scripts, "t");
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>What a step means: kind, disabled, and each option's label and text (quotes of script names
    /// aside).</summary>
    internal static List<string> Canonical(SnippetScript script) => script.Steps.Select(s =>
        s.IsComment ? $"{(s.Disabled ? "//" : "")}#{s.Text.TrimStart()[1..].Trim()}"
        : $"{(s.Disabled ? "//" : "")}{ScriptParser.Normalize(s.Name)}|" + string.Join("|", s.Options
            .Where(o => !(ScriptParser.Label(o.Text) == "parameter" && ScriptParser.Strip(o.Text).Length == 0))
            .Select(o =>
                $"{ScriptParser.Label(o.Text)}={ScriptParser.Strip(o.Text).Trim('“', '”', '"').Replace("\n", " ")}")))
                .ToList();
}

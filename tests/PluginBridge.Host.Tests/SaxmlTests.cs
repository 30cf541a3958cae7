using System.Text;
using PluginBridge.Host.Calc;
using PluginBridge.Host.Data;
using PluginBridge.Host.Script;
using PluginBridge.Host.Script.Xml;
using PluginBridge.Host.WebViewer;

namespace PluginBridge.Host.Tests;

/// <summary>"Save a Copy as XML" (FMSaveAsXML): scripts run from an export, fields typed by its catalog.</summary>
public class SaxmlTests
{
    static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "Saxml", name);

    static string Office365Export => Repo.Path("examples", "office365-smtp", "saxml", "office365-smtp.xml");

    /// <summary>Runs a script of an export with fields in memory; returns its result and the runner.</summary>
    static (string Result, ScriptRunner Runner, FieldStore Fields, StringWriter Output) Run(
        FmFile file, string script, string parameter = "")
    {
        var fields = FieldStore.Open(null);
        var output = new StringWriter();
        var runner = new ScriptRunner(file, fields, null, new WebViewers(null, output),
            new RunOptions(output, output, Trace: false, TimeSpan.FromSeconds(5)));
        return (runner.RunScript(script, FmValue.Text(parameter)).AsText(), runner, fields, output);
    }

    [Fact]
    public void AnExportsScriptsRunWithTheTypesOfItsFieldsAndStepsKnownByIdInAnyLanguage()
    {
        var file = FmFile.LoadSaxml(Data("Files.xml"));

        Assert.Equal("Files", file.Name);  // File="Files.fmp12": what Get ( FileName ) gives
        Assert.Equal(["Print Files", "Register File", "Size Label"], file.ScriptNames);  // no folder, marker, separator
        var (result, runner, fields, output) = Run(file, "Register File", """{"name":"a.pdf","size":"2048"}""");

        // Perform Script from list with a parameter, Commit (no dialog), Pause (indefinitely), Exit Script's result.
        Assert.Equal("a.pdf: large", result);
        Assert.Equal(0, runner.LastError);
        Assert.Equal("", output.ToString());  // the dialog's branch did not run
        var size = fields.Get("FIL__files", "size");  // "2048 bytes" into a Number field is the number 2048
        Assert.Equal((FmKind.Number, "2048"), (size.Kind, size.AsText()));
        var checkedAt = fields.Get("FIL__files", "checked");  // text into a TimeStamp field is a timestamp
        Assert.Equal((FmKind.Timestamp, "5/9/2024 10:30:00 AM"), (checkedAt.Kind, checkedAt.AsText()));
        var filename = fields.Get("FIL__files", "filename");
        Assert.Equal((FmKind.Text, "a.pdf"), (filename.Kind, filename.AsText()));
        Assert.Equal(FmKind.Number, file.Fields!.KindOf("files", "ID"));  // the base table's name works too

        var noName = Run(file, "Register File", "{}");
        Assert.Contains("[dialog] Error: No name given.", noName.Output.ToString());
    }

    [Fact]
    public void AScriptWithAStepTheHostDoesNotRunIsReportedWhenRunAndDoesNotStopTheOthers()
    {
        var file = FmFile.LoadSaxml(Data("Files.xml"));

        Assert.Equal("small", Run(file, "Size Label", "10").Result);
        var e = Assert.Throws<ScriptParseException>(() => Run(file, "Print Files"));
        Assert.Equal("Files.xml › Print Files:2: step id=43 name=\"Print\" (step 2) is not one this host runs.",
            e.Message);
    }

    [Fact]
    public void SetFieldOnAFieldTheExportLacksIsError102()
    {
        var xml = File.ReadAllText(Data("Files.xml")).Replace("name=\"size\">", "name=\"sizes\">");
        using var folder = new ScriptFolder();
        var path = Path.Combine(folder.Path, "Files.xml");
        File.WriteAllText(path, xml);

        var (result, runner, _, output) = Run(FmFile.LoadSaxml(path), "Register File", """{"name":"a","size":"1"}""");

        Assert.Equal("a: small", result);  // error capture is on in the script: it goes on, as FileMaker does
        Assert.DoesNotContain("error 102", output.ToString());
        Assert.Equal(0, runner.LastError);  // Exit Script clears it
        var captureOff = xml.Replace("<Boolean id=\"131072\" value=\"True\">",
            "<Boolean id=\"131072\" value=\"False\">");
        File.WriteAllText(path, captureOff);
        var uncaptured = Run(FmFile.LoadSaxml(path), "Register File", """{"name":"a","size":"1"}""");
        Assert.Contains("FIL__files::sizes is missing in Files (error 102)", uncaptured.Output.ToString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Utf16ExportsWithOrWithoutByteOrderMarkReadLikeUtf8(bool bom)
    {
        using var folder = new ScriptFolder();
        var path = Path.Combine(folder.Path, "Files.xml");
        var text = File.ReadAllText(Data("Files.xml")).Replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
        File.WriteAllBytes(path, [.. (bom ? Encoding.Unicode.GetPreamble() : []), .. Encoding.Unicode.GetBytes(text)]);

        Assert.True(SaxmlReader.IsSaxml(path));
        var run = Run(FmFile.LoadSaxml(path), "Register File", """{"name":"a.pdf","size":"5"}""");
        Assert.Equal("a.pdf: small", run.Result);
    }

    [Fact]
    public void MalformedExportsAndOtherXmlGiveTheDocumentedErrors()
    {
        using var folder = new ScriptFolder();
        var path = Path.Combine(folder.Path, "Files.xml");
        File.WriteAllText(path, File.ReadAllText(Data("Files.xml")).Replace("</StepsForScripts>", ""));
        var e = Assert.Throws<ScriptParseException>(() => FmFile.LoadSaxml(path));
        Assert.StartsWith("Files.xml:", e.Message);
        Assert.Contains("not well-formed XML", e.Message);

        File.WriteAllText(path, "<FMPReport version=\"14.0.1\"/>");
        e = Assert.Throws<ScriptParseException>(() => FmFile.LoadSaxml(path));
        Assert.Equal("Files.xml:1: <FMPReport> is not FileMaker's <FMSaveAsXML> (Save a Copy as XML).", e.Message);

        // In a folder of scripts an export is refused: it is a file of its own.
        File.Copy(Data("Files.xml"), path, overwrite: true);
        e = Assert.Throws<ScriptParseException>(folder.Load);
        Assert.Contains("is a Save a Copy as XML export, a file of its own", e.Message);
        Assert.Equal("Files", FmFile.Load(path).File.Name);  // given as the file, it loads
    }

    /// <summary>The article's export holds the steps of the .fmscript files, and stays in sync with them.</summary>
    [Fact]
    public void TheArticlesExportMatchesItsScriptsAndIsWhatConvertWrites()
    {
        var folder = Repo.Path("examples", "office365-smtp");
        var fromText = ScriptConverter.Read(folder);
        var fromExport = ScriptConverter.Read(Office365Export);
        Assert.Equal(fromText.Select(s => s.Name), fromExport.Select(s => s.Name));
        for (var i = 0; i < fromText.Count; i++)
            Assert.Equal(SnippetTests.Canonical(fromText[i]), SnippetTests.Canonical(fromExport[i]));

        var regenerated = Path.GetTempFileName();
        try
        {
            ScriptConverter.ConvertToSaxml(folder, regenerated, Path.Combine(folder, "saxml", "fields.tsv"));
            Assert.True(File.ReadAllText(Office365Export) == File.ReadAllText(regenerated),
                "examples/office365-smtp/saxml/office365-smtp.xml is stale: run pluginbridge convert "
                + "examples/office365-smtp "
                + "examples/office365-smtp/saxml/office365-smtp.xml --fields examples/office365-smtp/saxml/fields.tsv");
        }
        finally { File.Delete(regenerated); }
    }

    [Fact]
    public void TheArticlesExportRunsItsTestLikeTheFolder()
    {
        var export = FmFile.LoadSaxml(Office365Export);
        var folder = FmFile.LoadFolder(Repo.Path("examples", "office365-smtp"));
        Assert.Equal("office365-smtp", export.Name);
        Assert.Equal(FmKind.Timestamp, export.Fields!.KindOf("Office 365 oAuth SMTP", "access_token_expires"));

        var a = TestSuite.Run(export, null, TextWriter.Null, TextWriter.Null, TimeSpan.FromSeconds(5));
        var b = TestSuite.Run(folder, null, TextWriter.Null, TextWriter.Null, TimeSpan.FromSeconds(5));
        Assert.Equal(b.Select(o => (o.Script, o.Passed, o.Message)), a.Select(o => (o.Script, o.Passed, o.Message)));
        Assert.All(a, o => Assert.True(o.Passed, o.Message));
    }

    /// <summary>Each example folder ships its scripts as a snippet too (convert writes it): no drift.</summary>
    [Fact]
    public void ExampleSnippetsAreInSyncWithTheirScripts()
    {
        var folders = Directory.GetDirectories(Repo.Path("examples"))
            .Where(d => Directory.GetFiles(d, "*.fmscript").Length > 0).ToList();
        Assert.True(folders.Count >= 4, string.Join(", ", folders));
        foreach (var folder in folders)
        {
            var name = Path.GetFileName(folder);
            var shipped = Path.Combine(folder, "fmxmlsnippet", name + ".xml");
            var fresh = Path.Combine(Path.GetTempPath(), $"pb-{Guid.NewGuid():N}.xml");
            try
            {
                ScriptConverter.Convert(folder, fresh);
                Assert.True(File.Exists(shipped) && File.ReadAllText(shipped) == File.ReadAllText(fresh),
                    $"{shipped} is missing or stale: run pluginbridge convert examples/{name} "
                    + $"examples/{name}/fmxmlsnippet/{name}.xml");
            }
            finally { File.Delete(fresh); }
            // What ships is what runs: the snippet's steps are the folder's.
            var text = ScriptConverter.Read(folder);
            var snippet = ScriptConverter.Read(shipped);
            Assert.Equal(text.Select(SnippetTests.Canonical), snippet.Select(SnippetTests.Canonical));
        }
    }

    /// <summary>steps.tsv lists FileMaker's steps once each (the coverage figure is computed from it).</summary>
    [Fact]
    public void TheStepCatalogueHoldsFileMakersStepsOnceEach()
    {
        var all = StepCatalog.All;
        Assert.True(all.Count >= 190, $"{all.Count} steps");
        Assert.Equal(all.Count, all.Select(k => k.Id).Distinct().Count());
        Assert.All(new[] { 1, 68, 76, 89, 103, 141 }, id => Assert.True(StepCatalog.ById(id)!.Runs));
        Assert.Equal("Print", StepCatalog.ById(43)!.Name);
        Assert.False(StepCatalog.ById(43)!.Runs);
    }

    /// <summary>Every step the host runs (in a mapped shape), written as SaXML and read back, is the same.</summary>
    [Fact]
    public void EveryStepTheHostRunsRoundTripsThroughSaveACopyAsXml()
    {
        using var folder = new ScriptFolder(("All", """
            # a comment
            Set Error Capture [ On ]
            Allow User Abort [ Off ]
            Set Variable [ $x[2] ; Value: 1 + 2 // trailing note ]
            // Set Variable [ $off ; Value: "disabled" ]
            Set Field [ T::F ; $x[2] & "¶" ]
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
            Perform Script [ Specified: From list ; “All” ; Parameter: ]
            Show Custom Dialog [ "T" ; "M" ]
            Commit Records/Requests [ With dialog: Off ]
            New Record/Request
            Delete Record/Request [ With dialog: Off ]
            Halt Script
            Exit Script [ Text Result: $x[2] ]
            """));
        var original = ScriptConverter.Read(folder.Path);
        var kinds = original[0].Steps.Where(s => !s.IsComment).Select(s => s.Name).Distinct().Count();
        // every step the host runs in a shape SaXML is mapped for, but the comment
        Assert.Equal(StepCatalog.All.Count(k => k.Runs && SaxmlStepMap.Shapes.Contains(k.Shape)) - 1, kinds);
        var fields = new FieldSchema();
        fields.Add("T", "F", FmKind.Text);
        var export = Path.Combine(folder.Path, "All.saxml");
        using (var stream = File.Create(export)) SaxmlWriter.Write(stream, "All", original, fields);
        var back = SaxmlReader.ReadFile(export).Scripts.Single();
        Assert.Null(back.Error);
        Assert.Equal(SnippetTests.Canonical(original[0]), SnippetTests.Canonical(new SnippetScript("All", back.Steps)));
    }

    /// <summary>A step whose SaXML parameters no real export showed is refused by name, never guessed.</summary>
    [Fact]
    public void AStepWithoutAKnownSaxmlShapeIsRefusedByName()
    {
        using var folder = new ScriptFolder(("Layouts", """
            Go to Layout [ “Contacts” ]
            """));
        var original = ScriptConverter.Read(folder.Path);
        var export = Path.Combine(folder.Path, "Layouts.saxml");
        using var stream = File.Create(export);
        var error = Assert.Throws<ScriptParseException>(
            () => SaxmlWriter.Write(stream, "Layouts", original, new FieldSchema()));
        Assert.Contains("\"Go to Layout\" is not written as Save a Copy as XML yet", error.Message);
    }
}

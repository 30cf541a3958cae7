using System.Diagnostics;
using System.Xml;
using PluginBridge.Host.Calc;
using PluginBridge.Host.Data;
using PluginBridge.Host.Native;
using PluginBridge.Host.WebViewer;

namespace PluginBridge.Host.Script;

/// <summary>The outcome of one test script.</summary>
public sealed record TestOutcome(string Script, bool Passed, string Message, double Seconds);

/// <summary>
/// Test mode: every script whose name starts with "Test" runs as a start script in a fresh field store (in memory).
/// It passes when it ends without Halt Script and without a failed step, Get ( LastError ) is 0 at its end, and its
/// result (Exit Script) is empty or a number other than 0 (as a comparison gives: 1); otherwise (0, or text such
/// as "expected 3, got 4") the result is the failure's message.
/// </summary>
public static class TestSuite
{
    public static bool IsTest(string script) => script.StartsWith("Test", StringComparison.OrdinalIgnoreCase);

    public static List<TestOutcome> Run(FmFile file, IPlugin? plugin, TextWriter output, TextWriter log, TimeSpan wait)
    {
        var outcomes = new List<TestOutcome>();
        foreach (var name in file.ScriptNames.Where(IsTest))
        {
            var clock = Stopwatch.StartNew();
            using var fields = FieldStore.Open(null);
            using var viewers = new WebViewers(null, log);
            var runner =
                new ScriptRunner(file, fields, plugin, viewers, new RunOptions(output, log, Trace: false, wait));
            string? failure;
            try
            {
                var result = runner.RunScript(name, FmValue.Empty);
                runner.IdleUntilDone();
                failure = runner.Halted ? "Halt Script"
                    : runner.LastError != 0 ? $"Get ( LastError ) = {runner.LastError} at the end"
                    : Passes(result.AsText()) ? null
                    : $"result: {result.AsText()}";
            }
            catch (ScriptRuntimeException e) { failure = e.Message; }
            catch (WaitExceededException e) { failure = e.Message; }
            catch (ScriptParseException e) { failure = e.Message; } // a script of an export that cannot be read
            outcomes.Add(new TestOutcome(name, failure is null, failure ?? "", clock.Elapsed.TotalSeconds));
        }
        return outcomes;
    }

    /// <summary>Empty, or a number other than 0 (what a comparison gives); any other text is a failure's
    /// message.</summary>
    static bool Passes(string result) =>
        result.Length == 0 || (decimal.TryParse(result, System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var n) && n != 0);

    /// <summary>JUnit XML, the form CI servers (Jenkins, GitLab, GitHub actions) read.</summary>
    public static void WriteJUnit(string path, string suite, IReadOnlyList<TestOutcome> outcomes) =>
        Data.AtomicFile.Write(path, stream => WriteJUnit(stream, suite, outcomes));

    static void WriteJUnit(Stream stream, string suite, IReadOnlyList<TestOutcome> outcomes)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) };
        using var w = XmlWriter.Create(stream, settings);
        var failures = outcomes.Count(o => !o.Passed).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var tests = outcomes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var time = outcomes.Sum(o => o.Seconds).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        w.WriteStartElement("testsuites");
        w.WriteAttributeString("tests", tests);
        w.WriteAttributeString("failures", failures);
        w.WriteStartElement("testsuite");
        w.WriteAttributeString("name", suite);
        w.WriteAttributeString("tests", tests);
        w.WriteAttributeString("failures", failures);
        w.WriteAttributeString("errors", "0");
        w.WriteAttributeString("time", time);
        foreach (var o in outcomes)
        {
            w.WriteStartElement("testcase");
            w.WriteAttributeString("classname", suite);
            w.WriteAttributeString("name", o.Script);
            w.WriteAttributeString("time",
                o.Seconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
            if (!o.Passed)
            {
                w.WriteStartElement("failure");
                w.WriteAttributeString("message", o.Message);
                w.WriteString(o.Message);
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteEndElement();
    }
}

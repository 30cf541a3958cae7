using System.CommandLine;
using PluginBridge.Host.Script;
using PluginBridge.Host.Script.Xml;

namespace PluginBridge.Host.Cli;

/// <summary>The commands on script files as a whole: test (run the Test scripts) and convert (.fmscript ⇄
/// .xml).</summary>
public static class ScriptFileCommands
{
    public static Command Test(Option<string?> plugin, Option<bool> noPlugin)
    {
        var path = new Argument<string>("PATH") { Description =
            "A folder of scripts (.fmscript / .xml), or one of its files." };
        var junit = new Option<string?>("--junit") { Description =
            "Also write the results as JUnit XML to this file." };
        var wait = new Option<double>("--wait") { Description = "Seconds each test may keep idling for the plugin.",
            DefaultValueFactory = _ => 30 };
        var cmd = new Command("test", "Run every script whose name starts with \"Test\", each with fresh fields; " +
            "exit 1 if one fails.") { path, junit, wait };
        cmd.SetAction(r => HostCli.Guard(() =>
        {
            var (file, _) = FmFile.Load(r.GetValue(path)!);
            if (!file.ScriptNames.Any(TestSuite.IsTest))
                throw new UsageException($"{file.Name} has no script whose name starts with \"Test\".");
            using var library = HostCli.LoadPlugin(r.GetValue(plugin), r.GetValue(noPlugin));
            var outcomes =
                TestSuite.Run(file, library, Console.Out, Console.Error, TimeSpan.FromSeconds(r.GetValue(wait)));
            foreach (var o in outcomes)
                Console.WriteLine(o.Passed ? $"PASS {o.Script}" : $"FAIL {o.Script}: {o.Message}");
            Console.WriteLine($"{outcomes.Count(o => o.Passed)} passed, {outcomes.Count(o => !o.Passed)} failed");
            if (r.GetValue(junit) is { } report) TestSuite.WriteJUnit(report, file.Name, outcomes);
            return outcomes.All(o => o.Passed) ? ExitCodes.Ok : ExitCodes.ScriptError;
        }));
        return cmd;
    }

    public static Command Convert()
    {
        var input = new Argument<string>("IN") { Description =
            "A .fmscript, an fmxmlsnippet .xml, or a folder of .fmscript files." };
        var output = new Argument<string>("OUT") { Description =
            "OUT.xml (a snippet to paste into the Script Workspace), OUT.fmscript, or a folder." };
        var fields = new Option<string?>("--fields")
        {
            Description = "Write OUT.xml as a Save a Copy as XML export (FMSaveAsXML) with this table catalog: "
                + "\"Table<TAB>Field<TAB>Type\" lines.",
        };
        var cmd = new Command("convert",
            "Convert scripts between printed text (.fmscript) and FileMaker's XML (.xml), by extension.")
        {
            input, output, fields,
        };
        cmd.SetAction(r => HostCli.Guard(() =>
        {
            if (r.GetValue(fields) is { } list)
                ScriptConverter.ConvertToSaxml(r.GetValue(input)!, r.GetValue(output)!, list);
            else ScriptConverter.Convert(r.GetValue(input)!, r.GetValue(output)!);
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}

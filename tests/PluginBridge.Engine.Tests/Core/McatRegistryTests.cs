using PluginBridge.Engine.Core;
using Xunit;
using Xunit.Abstractions;

namespace PluginBridge.Engine.Tests.Core;

/// <summary>
/// Our registry against MBS's documented signatures (data/mbs-signatures.tsv, from the MBS function catalogue):
/// a registered function that MBS documents must take MBS's parameter list, optional parameters included, unless
/// data/registry-differences.tsv lists it with the reason. Functions MBS documents that we do not register are
/// reported, not failed (other families grow in parallel). The JSON family is covered completely: a JSON function
/// registered without a catalogue signature must be listed too.
/// </summary>
public class McatRegistryTests(ITestOutputHelper output)
{
    static readonly string DataDir = FindDataDir();

    static string FindDataDir()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "data", "mbs-signatures.tsv")))
                return Path.Combine(dir.FullName, "data");
        throw new FileNotFoundException("data/mbs-signatures.tsv not found above the test directory.");
    }

    static IEnumerable<string[]> Rows(string file) =>
        File.ReadLines(Path.Combine(DataDir, file)).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'));

    static string Normalize(string parameters) =>
        string.Join(' ', parameters.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    static Dictionary<string, string> Signatures() =>
        Rows("mbs-signatures.tsv").ToDictionary(r => r[0], r => Normalize(r[1]), StringComparer.OrdinalIgnoreCase);

    static Dictionary<string, string> Differences() =>
        Rows("registry-differences.tsv").ToDictionary(r => r[0], r => r[1], StringComparer.OrdinalIgnoreCase);

    [Fact]
    public void RegisteredFunctionsTakeMbsParameterLists()
    {
        var mbs = Signatures();
        var allowed = Differences();
        var wrong = new List<string>();
        var unchecked_ = new List<string>();
        var renamed = new List<string>();
        foreach (var f in Plugin.Registry.Functions)
        {
            if (allowed.ContainsKey(f.Name)) continue;
            if (!mbs.TryGetValue(f.Name, out var documented))
            {
                if (f.Name.StartsWith("JSON.", StringComparison.Ordinal))
                    wrong.Add($"{f.Name}: not in the catalogue data and not listed as a difference");
                else unchecked_.Add(f.Name);
                continue;
            }
            var (min, max) = Registry.CountParameters(documented);
            if ((f.MinArgs, f.MaxArgs) != (min, max))
                wrong.Add($"{f.Name}: ours \"{f.Parameters}\", MBS \"{documented}\"");
            else if (Normalize(f.Parameters) != documented)
                renamed.Add($"{f.Name}: ours \"{f.Parameters}\", MBS \"{documented}\"");
        }
        output.WriteLine(
            $"Same parameter counts, other parameter names ({renamed.Count}): {string.Join("; ", renamed)}");
        output.WriteLine($"Unchecked (no catalogue signature in data/mbs-signatures.tsv yet): {unchecked_.Count}: " +
            $"{string.Join(", ", unchecked_)}");
        Assert.True(wrong.Count == 0,
            "Parameter lists differing from MBS without a listed reason:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void ListedDifferencesAreRegisteredAndSayWhy()
    {
        foreach (var (name, reason) in Differences())
        {
            Assert.NotNull(Plugin.Registry.Find(name));
            Assert.True(reason.Trim().Length > 10, $"{name}: give the reason for the difference");
        }
    }

    [Fact]
    public void DocumentedJsonFunctionsAreRegisteredOrLeftOutWithAReason()
    {
        var readme = File.ReadAllText(Path.Combine(DataDir, "..", "src", "PluginBridge.Engine", "Json", "README.md"));
        var missing = Signatures().Keys.Where(n => n.StartsWith("JSON.", StringComparison.Ordinal))
            .Where(n => Plugin.Registry.Find(n) is null && !readme.Contains($"`{n}`", StringComparison.Ordinal))
                .ToList();
        Assert.True(missing.Count == 0,
            "JSON functions neither registered nor listed as left out: " + string.Join(", ", missing));
    }

    /// <summary>Examples whose FileMaker XML splits the one MBS call over a Show Custom Dialog's Title and Message
    /// (<c>MBS( "CURL.GetConnectTime"</c> / <c>$curl )</c>): the rows count no parameter, the text form of the same
    /// example passes $curl.</summary>
    static readonly HashSet<string> SplitOverDialog =
    [
        "CURL.GetAppConnectTime", "CURL.GetConnectTime", "CURL.GetEffectiveMethod", "CURL.GetNameLookupTime",
        "CURL.GetOptionHTTPHeader", "CURL.GetPreTransferTime", "CURL.GetStartTransferTime",
    ];

    /// <summary>The row's count, or 1 for the split call on its own page's example.</summary>
    static int Counted(string example, string name, int count) =>
        count == 0 && SplitOverDialog.Contains(name) && example.StartsWith(name + ": ", StringComparison.Ordinal)
            ? 1 : count;

    /// <summary>The figure the lead reports: MBS calls in the catalogue's example scripts that we register with a
    /// parameter count MBS's list allows. Fails when a registered function refuses a documented example's
    /// count.</summary>
    [Fact]
    public void ExampleScriptCallsAreRegisteredWithMbsParameterLists()
    {
        var calls = Rows("mbs-example-calls.tsv").Select(r => (Example: r[0], Name: r[1], Count: int.Parse(r[2])))
            .ToList();
        var registered = 0;
        var refused = new List<string>();
        var missing = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (example, name, rowCount) in calls)
        {
            var f = Plugin.Registry.Find(name);
            if (f is null) { missing[name] = missing.GetValueOrDefault(name) + 1; continue; }
            var count = Counted(example, name, rowCount);
            if (count < f.MinArgs || (f.MaxArgs >= 0 && count > f.MaxArgs))
                refused.Add($"{example}: {name} with {count} parameters");
            else registered++;
        }
        output.WriteLine($"Catalogue example calls registered with MBS's parameter lists: {registered} of " +
            $"{calls.Count} ({100.0 * registered / calls.Count:0.0} %)");
        foreach (var family in calls.GroupBy(c => c.Name.Contains('.') ? c.Name[..c.Name.IndexOf('.')] : "(start-up)")
            .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ok = family.Count(c => Plugin.Registry.Find(c.Name) is { } f
                && Counted(c.Example, c.Name, c.Count) is var n && n >= f.MinArgs
                && (f.MaxArgs < 0 || n <= f.MaxArgs));
            output.WriteLine($"  {family.Key}: {ok} of {family.Count()}");
        }
        output.WriteLine("Not registered: " + string.Join(", ", missing.Select(m => $"{m.Key} ×{m.Value}")));
        Assert.True(refused.Count == 0,
            "Documented example calls our registry refuses:\n" + string.Join("\n", refused));
    }
}

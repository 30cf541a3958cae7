namespace PluginBridge.Host.Script;

/// <summary>One script step of FileMaker's catalogue: id and name as FileMaker writes them, and its XML
/// shape.</summary>
public sealed record StepKind(int Id, string Name, string Shape, string Source)
{
    /// <summary>A step FileMaker has that this host does not run.</summary>
    public bool Runs => Shape != "-";
}

/// <summary>The step catalogue, read from the embedded steps.tsv (its header names the sources).</summary>
public static class StepCatalog
{
    static readonly List<StepKind> all = Load();

    public static IReadOnlyList<StepKind> All => all;

    /// <summary>By id; were a step listed twice (blocks of steps.tsv merged), the row the host runs wins.</summary>
    public static StepKind? ById(int id) => all.Where(k => k.Id == id).OrderBy(k => k.Runs ? 0 : 1).FirstOrDefault();

    /// <summary>By printed name ("Set Variable", "#"); FileMaker before 19 called the comment step "comment".</summary>
    public static StepKind? ByName(string name)
    {
        var n = ScriptParser.Normalize(name);
        if (n is "#" or "comment") return ById(89);
        return all.FirstOrDefault(k => ScriptParser.Normalize(k.Name) == n);
    }

    static List<StepKind> Load()
    {
        using var stream = typeof(StepCatalog).Assembly.GetManifestResourceStream("PluginBridge.Host.Script.steps.tsv")
            ?? throw new InvalidOperationException("steps.tsv is not embedded in the host.");
        using var reader = new StreamReader(stream);
        var kinds = new List<StepKind>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var cols = line.Split('\t');
            kinds.Add(new StepKind(int.Parse(cols[0], System.Globalization.CultureInfo.InvariantCulture), cols[1],
                cols[2], cols[3]));
        }
        return kinds;
    }
}

namespace PluginBridge.Engine.Core;

/// <summary>One registered function: the single source of truth for name, argument counts, signature and doc.</summary>
public sealed class FunctionInfo
{
    public required string Name { get; init; }
    /// <summary>Parameter list as MBS documents it, e.g. "WebHook; Port { ; QueueLength }".</summary>
    public required string Parameters { get; init; }
    public required string Doc { get; init; }
    public required int MinArgs { get; init; }
    /// <summary>-1 for variadic functions ("Values...").</summary>
    public required int MaxArgs { get; init; }
    public required Func<Args, Value> Invoke { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The call as MBS prints it: MBS("Name"; a; b { ; c }).</summary>
    public string Signature => Parameters.Length == 0 ? $"MBS(\"{Name}\")" :
        Parameters.TrimStart().StartsWith('{') ? $"MBS(\"{Name}\" {Parameters})" : $"MBS(\"{Name}\"; {Parameters})";
}

/// <summary>
/// Name → function, case-insensitive, with MBS's old names as aliases; and what each family owns besides its
/// functions: its handle tables (object counts, shutdown) and its background work (idle activity).
/// Argument counts are derived from the documented parameter text so that they cannot drift from the docs.
/// </summary>
public sealed class Registry
{
    readonly Dictionary<string, FunctionInfo> byName = new(StringComparer.OrdinalIgnoreCase);
    readonly List<FunctionInfo> all = [];
    readonly List<IHandleTable> tables = [];
    readonly List<Func<int>> activities = [];
    readonly Dictionary<string, string> docs;

    /// <param name="docs">Name → description; by default the families' functions.tsv tables.</param>
    public Registry(Dictionary<string, string>? docs = null) => this.docs = docs ?? FunctionDocs.Load();

    public IReadOnlyList<FunctionInfo> Functions => all;

    /// <summary>Handle tables of every family, in the order the families declared them.</summary>
    public IReadOnlyList<IHandleTable> Tables => tables;

    /// <summary>Declares a family's handle table: counted by Plugin.ObjectCounts, emptied by pb_shutdown.</summary>
    public void AddTable(IHandleTable table)
    {
        if (tables.Any(t => t.Kind == table.Kind))
            throw new InvalidOperationException($"Table added twice: {table.Kind}");
        tables.Add(table);
    }

    /// <summary>Declares a family's background work (listening hooks, running transfers): a count that keeps the
    /// host calling idle while above 0.</summary>
    public void AddActivity(Func<int> liveCount) => activities.Add(liveCount);

    /// <summary>Background work still alive, over every family; a source that fails counts 0.</summary>
    public int LiveActivity() => activities.Sum(s => { try { return s(); } catch { return 0; } });

    /// <summary>Releases every handle of every family; a table that fails does not stop the others.</summary>
    public void ReleaseAll()
    {
        foreach (var t in tables)
        {
            try { t.ReleaseAll(); } catch { /* shutdown must go on for the other tables */ }
        }
    }

    /// <param name="name">MBS name, e.g. "WebHook.Listen".</param>
    /// <param name="parameters">MBS parameter text: required names separated by ";", optional ones in braces,
    /// "Values..." for variadic.</param>
    /// <remarks>The description comes from the family's functions.tsv (one line for docs/functions.md).</remarks>
    public void Add(string name, string parameters, Func<Args, Value> fn, params string[] aliases)
    {
        if (!docs.TryGetValue(name, out var doc))
            throw new InvalidOperationException($"{name} has no line in its family's functions.tsv");
        var (min, max) = CountParameters(parameters);
        var info = new FunctionInfo
        {
            Name = name, Parameters = parameters, Doc = doc, MinArgs = min, MaxArgs = max, Invoke = fn,
            Aliases = aliases,
        };
        foreach (var key in aliases.Prepend(name))
            if (!byName.TryAdd(key, info)) throw new InvalidOperationException($"Function registered twice: {key}");
        all.Add(info);
    }

    /// <summary>Doc lines whose function is not registered (a rename or removal left them behind).</summary>
    public IEnumerable<string> UnusedDocs() =>
        docs.Keys.Where(k => !byName.ContainsKey(k)).Order(StringComparer.Ordinal);

    public FunctionInfo? Find(string name) => byName.GetValueOrDefault(name.Trim());

    /// <summary>The same lookup for a name that is not a string yet (pb_call's name, decoded on the stack).</summary>
    public FunctionInfo? Find(ReadOnlySpan<char> name) =>
        byName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name.Trim(), out var fn) ? fn : null;

    /// <summary>"a; b { ; c; d }" → (2, 4); "curl; Values..." → (1, -1).</summary>
    internal static (int Min, int Max) CountParameters(string parameters)
    {
        static int Count(string s) =>
            s.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;
        var brace = parameters.IndexOf('{');
        var required = brace < 0 ? parameters : parameters[..brace];
        var optional = brace < 0 ? "" : parameters[(brace + 1)..].Replace("}", "");
        var min = Count(required);
        var max = parameters.Contains("...", StringComparison.Ordinal) ? -1 : min + Count(optional);
        if (required.Contains("...", StringComparison.Ordinal)) min--; // "Values..." may be empty
        return (min, max);
    }
}

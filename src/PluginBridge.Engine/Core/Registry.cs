namespace PluginBridge.Engine.Core;

/// <summary>One registered function: the single source of truth for name, argument counts, signature and doc.</summary>
public sealed class FunctionInfo
{
    public required string Name { get; init; }
    /// <summary>Parameter list as MBS documents it, e.g. "WebHook; Port { ; QueueLength }".</summary>
    public required string Parameters { get; init; }
    /// <summary>What it does: the function's line in its family's functions.tsv.</summary>
    public string Doc => DocOf?.Invoke(Name) ?? "";
    internal Func<string, string>? DocOf { get; init; }
    public required int MinArgs { get; init; }
    /// <summary>-1 for variadic functions ("Values...").</summary>
    public required int MaxArgs { get; init; }
    public required Func<Args, Value> Invoke { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The same function on UTF-8 bytes, for callers that have them (pb_call); null when it has none.
    /// It must give exactly the ordinary path's result, or decline.</summary>
    public Utf8Function? OnBytes { get; internal set; }

    Args? noArgs;

    /// <summary>The parameters of a call without any: the same for every such call (Args never change), so made
    /// once rather than per call.</summary>
    internal Args NoArgs => noArgs ??= new Args(Name, [], Parameters);

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
    readonly Dictionary<string, FunctionInfo> byName;
    // Made once: pb_call looks every name up through it.
    readonly Dictionary<string, FunctionInfo>.AlternateLookup<ReadOnlySpan<char>> bySpan;
    volatile Utf8NameTable? byUtf8; // made at the first lookup from bytes, dropped when a function is added
    readonly List<FunctionInfo> all = new(512);
    readonly List<IHandleTable> tables = [];
    readonly List<Func<int>> activities = [];
    volatile Dictionary<string, string>? docs;
    readonly Func<string, string> docOf;
    readonly object docsGate = new();

    /// <param name="docs">Name → description; by default the families' functions.tsv tables, read at their first
    /// use (a function list, the docs): the first pb_call, which builds the registry, needs only the names.</param>
    public Registry(Dictionary<string, string>? docs = null)
    {
        this.docs = docs;
        docOf = DocOf;
        // Sized for every family's functions and aliases: no rehashing while the families register (start-up).
        byName = new(512, StringComparer.OrdinalIgnoreCase);
        bySpan = byName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

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
    /// <remarks>The description comes from the family's functions.tsv (one line for docs/functions.md). A function
    /// without a line is refused: here when the lines are read already, else when they are read (every test run
    /// reads them).</remarks>
    public void Add(string name, string parameters, Func<Args, Value> fn, params string[] aliases)
    {
        if (docs is { } known && !known.ContainsKey(name)) throw Undocumented(name);
        var (min, max) = CountParameters(parameters);
        var info = new FunctionInfo
        {
            Name = name, Parameters = parameters, DocOf = docOf, MinArgs = min, MaxArgs = max, Invoke = fn,
            Aliases = aliases,
        };
        AddName(name, info);
        foreach (var alias in aliases) AddName(alias, info);
        all.Add(info);
        byUtf8 = null;
    }

    void AddName(string key, FunctionInfo info)
    {
        if (!byName.TryAdd(key, info)) throw new InvalidOperationException($"Function registered twice: {key}");
    }

    static InvalidOperationException Undocumented(string name) =>
        new($"{name} has no line in its family's functions.tsv");

    /// <summary>The doc lines, read from the families' tables at the first need; every function added so far must
    /// have one.</summary>
    Dictionary<string, string> Docs
    {
        get
        {
            if (docs is { } known) return known;
            lock (docsGate)
            {
                if (docs is { } again) return again;
                var read = FunctionDocs.Load();
                foreach (var f in all)
                    if (!read.ContainsKey(f.Name)) throw Undocumented(f.Name);
                return docs = read;
            }
        }
    }

    string DocOf(string name) => Docs.TryGetValue(name, out var doc) ? doc : throw Undocumented(name);

    /// <summary>Doc lines whose function is not registered (a rename or removal left them behind).</summary>
    public IEnumerable<string> UnusedDocs() =>
        Docs.Keys.Where(k => !byName.ContainsKey(k)).Order(StringComparer.Ordinal);

    /// <summary>Adds the UTF-8 path of a function already added (see <see cref="FunctionInfo.OnBytes"/>).</summary>
    public void AddBytesPath(string name, Utf8Function fn) => byName[name].OnBytes = fn;

    public FunctionInfo? Find(string name) => byName.GetValueOrDefault(name.Trim());

    /// <summary>The same lookup for a name that is not a string yet (pb_call's name, decoded on the stack).</summary>
    public FunctionInfo? Find(ReadOnlySpan<char> name) =>
        bySpan.TryGetValue(name.Trim(), out var fn) ? fn : null;

    /// <summary>The same lookup from UTF-8 bytes (pb_call's name as the caller has it), for ASCII names; null when
    /// not found here: names with other bytes then take <see cref="Find(ReadOnlySpan{char})"/>.</summary>
    public FunctionInfo? Find(ReadOnlySpan<byte> utf8Name) => (byUtf8 ??= new Utf8NameTable(byName)).Find(utf8Name);

    /// <summary>"a; b { ; c; d }" → (2, 4); "curl; Values..." → (1, -1). Counted in place: every function is
    /// counted at start-up.</summary>
    internal static (int Min, int Max) CountParameters(string parameters)
    {
        var brace = parameters.IndexOf('{');
        var required = brace < 0 ? parameters.AsSpan() : parameters.AsSpan(0, brace);
        var min = Count(required, optional: false);
        var max = parameters.Contains("...", StringComparison.Ordinal) ? -1
            : min + (brace < 0 ? 0 : Count(parameters.AsSpan(brace + 1), optional: true));
        if (required.Contains("...", StringComparison.Ordinal)) min--; // "Values..." may be empty
        return (min, max);
    }

    /// <summary>The ";"-separated entries that are not blank; in the optional part the closing braces do not
    /// count as text.</summary>
    static int Count(ReadOnlySpan<char> text, bool optional)
    {
        var count = 0;
        var inEntry = false;
        foreach (var c in text)
        {
            if (c == ';')
            {
                if (inEntry) count++;
                inEntry = false;
            }
            else if (!char.IsWhiteSpace(c) && !(optional && c == '}')) inEntry = true;
        }
        return inEntry ? count + 1 : count;
    }
}

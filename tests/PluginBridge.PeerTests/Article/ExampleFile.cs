namespace PluginBridge.PeerTests.Article;

/// <summary>
/// One example folder (= one FileMaker file), or a "Save a Copy as XML" export file, with its own field database in
/// a temporary folder, run in the host against the local peers: the browser is headless Chromium
/// (tests/e2e/browser-login.sh), and TLS is verified against the system CAs plus the test CA.
/// </summary>
public sealed class ExampleFile : IDisposable
{
    readonly Peers peers;
    readonly string folder;
    readonly string directory = Directory.CreateTempSubdirectory("pb-article-").FullName;

    readonly string door;

    public ExampleFile(Peers peers, string example, string table, string door = Doors.Library)
    {
        this.peers = peers;
        this.door = door;
        // $PB_EXAMPLES: run the same tests against another copy of the examples (e.g. a real account's edits).
        var examples = Environment.GetEnvironmentVariable("PB_EXAMPLES") is { Length: > 0 } dir ? dir
            : Path.Combine(HostProcess.RepoRoot, "examples");
        folder = Path.Combine(examples, example);
        Table = table;
    }

    /// <summary>The table of the example's fields, e.g. "Office 365 oAuth SMTP".</summary>
    public string Table { get; }

    public string Database => Path.Combine(directory, "fields.sqlite");

    /// <summary>Runs a script; fields given are set first (--set "Table::Field=value").</summary>
    public Task<HostResult> RunAsync(string script, IDictionary<string, string>? fields = null,
        IDictionary<string, string?>? environment = null, int waitSeconds = 60)
    {
        var args = new List<string> { "run", folder, "--script", script, "--db", Database, "--wait",
            waitSeconds.ToString(),
            "--browser", Path.Combine(HostProcess.RepoRoot, "tests", "e2e", "browser-login.sh") };
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
            args.AddRange(["--set", $"{Table}::{name}={value}"]);
        var env = new Dictionary<string, string?> { ["SSL_CERT_FILE"] = peers.CaBundle,
            ["PB_LOGIN_USER"] = peers.User };
        foreach (var (name, value) in Doors.Environment(door)) env[name] = value;
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>()) env[name] = value;
        return HostProcess.RunAsync(args, env);
    }

    /// <summary>The result of a calculation over the stored fields (pluginbridge eval).</summary>
    public async Task<string> EvalAsync(string expression)
    {
        var result = await HostProcess.RunAsync(["eval", expression, "--db", Database], Doors.Environment(door));
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Output.TrimEnd('\n', '\r');
    }

    public Task<string> FieldAsync(string field) => EvalAsync($"{Table}::{field}");

    public void Dispose() => Directory.Delete(directory, recursive: true);
}

/// <summary>
/// The two doors into the engine the host can use: pluginbridge.h (artifacts/plugin/libPluginBridge.so) and FileMaker's
/// plug-in ABI (artifacts/fmx/PluginBridge.fmx, through FMExternCallProc and the host's FMWrapper).
/// </summary>
public static class Doors
{
    public const string Library = "pluginbridge.h", FileMaker = "fmx";

    /// <summary>The host picks the door by the plug-in's file name: $PB_PLUGIN ending in .fmx means FileMaker's
    /// ABI.</summary>
    public static Dictionary<string, string?> Environment(string door) => door == FileMaker
        ? new() { ["PB_PLUGIN"] = Path.Combine(HostProcess.RepoRoot, "artifacts", "fmx", "PluginBridge.fmx") }
        : new();
}

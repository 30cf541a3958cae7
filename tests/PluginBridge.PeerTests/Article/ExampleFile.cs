namespace PluginBridge.PeerTests.Article;

/// <summary>
/// One example folder (= one FileMaker file) with its own field database in a temporary folder, run in the host
/// against the local peers: the browser is headless Chromium (tests/e2e/browser-login.sh), and TLS is verified
/// against the system CAs plus the test CA.
/// </summary>
public sealed class ExampleFile : IDisposable
{
    readonly Peers peers;
    readonly string folder;
    readonly string directory = Directory.CreateTempSubdirectory("pb-article-").FullName;

    public ExampleFile(Peers peers, string example, string table)
    {
        this.peers = peers;
        // $PB_EXAMPLES: run the same tests against another copy of the examples (e.g. a real account's edits).
        var examples = Environment.GetEnvironmentVariable("PB_EXAMPLES") is { Length: > 0 } dir ? dir : Path.Combine(HostProcess.RepoRoot, "examples");
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
        var args = new List<string> { "run", folder, "--script", script, "--db", Database, "--wait", waitSeconds.ToString(),
            "--browser", Path.Combine(HostProcess.RepoRoot, "tests", "e2e", "browser-login.sh") };
        foreach (var (name, value) in fields ?? new Dictionary<string, string>()) args.AddRange(["--set", $"{Table}::{name}={value}"]);
        var env = new Dictionary<string, string?> { ["SSL_CERT_FILE"] = peers.CaBundle, ["PB_LOGIN_USER"] = peers.User };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>()) env[name] = value;
        return HostProcess.RunAsync(args, env);
    }

    /// <summary>The result of a calculation over the stored fields (pluginbridge eval).</summary>
    public async Task<string> EvalAsync(string expression)
    {
        var result = await HostProcess.RunAsync(["eval", expression, "--db", Database]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Output.TrimEnd('\n', '\r');
    }

    public Task<string> FieldAsync(string field) => EvalAsync($"{Table}::{field}");

    public void Dispose() => Directory.Delete(directory, recursive: true);
}

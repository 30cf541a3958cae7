using System.Diagnostics;

namespace PluginBridge.PeerTests.Article;

/// <summary>
/// The published host, artifacts/host/pluginbridge (or $PB_HOST), run as a user runs it (`./build.sh` builds it).
/// Each run is bounded: the host's own --wait, and a kill after <see cref="Limit"/>.
/// </summary>
public static class HostProcess
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Executable
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("PB_HOST") is { Length: > 0 } host
                ? Path.GetFullPath(host, RepoRoot)
                : Path.Combine(RepoRoot, "artifacts", "host",
                    OperatingSystem.IsWindows() ? "pluginbridge.exe" : "pluginbridge");
            return File.Exists(path) ? path
                : throw new FileNotFoundException($"{path} not found: build it with ./build.sh (or ./build.sh host)");
        }
    }

    /// <summary>Runs the host; environment entries are added to (or, with a null value, removed from) the inherited
    /// ones.</summary>
    public static async Task<HostResult> RunAsync(IEnumerable<string> args,
        IDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoRoot,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name); else start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pluginbridge {string.Join(' ', args)} still running after " +
                $"{Limit.TotalSeconds} s:\n{await output}\n{await error}");
        }
        return new HostResult(process.ExitCode, await output, await error);
    }

    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PluginBridge.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("PluginBridge.sln not found above the test binaries");
    }
}

public sealed record HostResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

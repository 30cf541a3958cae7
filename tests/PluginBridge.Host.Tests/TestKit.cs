using PluginBridge.Host.Calc;
using PluginBridge.Host.Data;
using PluginBridge.Host.Native;
using PluginBridge.Host.Script;
using PluginBridge.Host.WebViewer;

namespace PluginBridge.Host.Tests;

/// <summary>A temporary folder of script files: one FileMaker-like file for a test. Deleted on dispose.</summary>
sealed class ScriptFolder : IDisposable
{
    public string Path { get; }
    public string Name => new DirectoryInfo(Path).Name;

    public ScriptFolder(params (string Name, string Text)[] scripts)
    {
        Path = Directory.CreateTempSubdirectory("pbhost-").FullName;
        foreach (var (name, text) in scripts) File.WriteAllText(System.IO.Path.Combine(Path, name + ".fmscript"), text);
    }

    public FmFile Load() => FmFile.LoadFolder(Path);

    public void Dispose() { try { Directory.Delete(Path, recursive: true); } catch (IOException) { } }
}

/// <summary>A runner over a folder with captured output; fields in memory unless a store is given.</summary>
sealed class TestRun : IDisposable
{
    readonly FieldStore fields;
    readonly bool ownsFields;
    public StringWriter Output { get; } = new();
    public StringWriter Log { get; } = new();
    public WebViewers Viewers { get; }
    public ScriptRunner Runner { get; }

    public TestRun(ScriptFolder folder, FieldStore? store = null, IPlugin? plugin = null, string? browser = null,
        double waitSeconds = 10)
    {
        ownsFields = store is null;
        fields = store ?? FieldStore.Open(null);
        Viewers = new WebViewers(browser, Log);
        Runner = new ScriptRunner(folder.Load(), fields, plugin, Viewers,
            new RunOptions(Output, Log, Trace: false, TimeSpan.FromSeconds(waitSeconds)));
    }

    public string Run(string script, string parameter = "") =>
        Runner.RunScript(script, FmValue.Text(parameter)).AsText();

    public string Field(string table, string field) => fields.Get(table, field).AsText();

    public void Dispose()
    {
        Viewers.Dispose();
        if (ownsFields) fields.Dispose();
    }
}

/// <summary>The repository root, found by walking up from the test binary to the folder with
/// PluginBridge.sln.</summary>
static class Repo
{
    public static string Root { get; } = Find();

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "PluginBridge.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("PluginBridge.sln not found above the test binary.");
    }

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);
}

/// <summary>Tests that load the real plugin share it (pb_init replaces the host table), so they run one at a
/// time.</summary>
[CollectionDefinition("plugin", DisableParallelization = true)]
public sealed class PluginCollection;

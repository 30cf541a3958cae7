using PluginBridge.Host.Calc;
using PluginBridge.Host.Fmx;
using PluginBridge.Host.Native;

namespace PluginBridge.Host.Tests.Fmx;

/// <summary>
/// The FileMaker plug-ins the host tests load through the stand-in FMWrapper (all built by ./build.sh): the
/// third-party C plug-in (artifacts/tests/ThirdPartyC.fmx) and PluginBridge.fmx. Each is loaded and enabled once per
/// process, as FileMaker does at start-up; a test hands it its own host with Init.
/// </summary>
static class FmxArtifacts
{
    public static string Wrapper => Repo.Path("artifacts", "fmwrapper", FmxLocator.WrapperFileName);
    public static string ThirdPartyPath => Repo.Path("artifacts", "tests", "ThirdPartyC.fmx");
    public static string BridgePath => Repo.Path("artifacts", "fmx", "PluginBridge.fmx");

    static readonly Lazy<FmxPlugin> thirdParty = new(() => Enable(ThirdPartyPath));
    static readonly Lazy<FmxPlugin> bridge = new(() => Enable(BridgePath));

    public static FmxPlugin ThirdParty => thirdParty.Value;
    public static FmxPlugin Bridge => bridge.Value;

    static FmxPlugin Enable(string path)
    {
        var plugin = FmxPlugin.Load(path, Wrapper);
        plugin.Init(new RecordingHost());
        return plugin;
    }
}

/// <summary>A host that records the script starts a plug-in makes, and evaluates nothing.</summary>
sealed class RecordingHost : IPluginHost
{
    public List<(string File, string Script, string Parameter, ScriptControl Control)> Starts { get; } = [];

    public int StartScript(string fileName, string scriptName, string parameter, ScriptControl control)
    {
        Starts.Add((fileName, scriptName, parameter, control));
        return 0;
    }

    public int WebViewer(string viewer, string action, string value) => 1;

    public FmValue Evaluate(string calculation) => throw new CalcException("this host evaluates nothing");
}

/// <summary>FMWrapper's host callbacks are process-wide (one FileMaker application): these tests run one at a
/// time.</summary>
[CollectionDefinition("fmx", DisableParallelization = true)]
public sealed class FmxCollection;

using PluginBridge.Engine.Core;

namespace PluginBridge.Native.Fmx;

/// <summary>
/// Init, Idle and Shutdown. Every message is valid in every state: FileMaker may send Shutdown after a refused Init,
/// Idle before Init or Init twice, and none of that may crash the host. Messages are serialised by one lock; function
/// calls only read <see cref="CanCall"/>.
/// </summary>
static class FmxLifecycle
{
    enum State { Off, Running, Refused }

    static readonly object gate = new();
    static volatile State state = State.Off;
    static FmxHost? host;

    /// <summary>True while the function is registered and the FM_* functions are bound.</summary>
    public static bool CanCall => state == State.Running;

    public static void Init(FmxBlock block)
    {
        lock (gate)
        {
            HostFacts.ApplicationType = block.Parm1; // FMX_Application: IsServer answers from it
            if (state == State.Running)
            {
                host?.Use(block.StartScript);
                block.Result = (ulong)FmxMessage.CurrentApi;
                return;
            }
            state = State.Refused;
            var version = block.ExtnVersion;
            if (version < FmxMessage.MinimumApi)
            {
                FmxLog.Write($"FileMaker plug-in API {version} is older than {FmxMessage.MinimumApi} (FileMaker 19.0), "
                    + "the oldest this plug-in supports; it stays disabled.");
                block.Result = unchecked((ulong)FmxMessage.BadExtnVersion);
                return;
            }
            var missing = FmWrapper.Bind();
            if (missing.Count > 0)
            {
                FmxLog.Write($"FMWrapper function(s) not found in {FmWrapper.Searched}: {string.Join(", ", missing)}. "
                    + "The plug-in stays disabled.");
                block.Result = unchecked((ulong)FmxMessage.DoNotEnable);
                return;
            }
            host = new FmxHost(block.StartScript);
            Plugin.Init(host);
            var name = FmxRegistration.FunctionName;
            short e;
            try { e = FmxRegistration.Register(name); }
            catch (Exception ex) { FmxLog.Write(ex.Message); e = -1; }
            if (e != 0)
            {
                FmxLog.Write($"registering the function {name} failed (error {e}). The plug-in stays disabled.");
                Plugin.Shutdown();
                block.Result = unchecked((ulong)FmxMessage.DoNotEnable);
                return;
            }
            state = State.Running;
            block.Result = (ulong)FmxMessage.CurrentApi;
            FmxLog.Write($"PluginBridge {Plugin.Version} enabled: function {name} registered "
                + $"(FileMaker plug-in API {version}).");
        }
    }

    /// <summary>Delivers queued script starts, unless FileMaker marks this idle call unsafe for them.</summary>
    /// <remarks>Also leaves in <c>result</c>, which FileMaker does not read for Idle, what pb_idle would return
    /// (listeners, transfers and starts still waiting), so that our own host knows when to stop idling.</remarks>
    public static void Idle(FmxBlock block)
    {
        if (state != State.Running) return;
        if (block.UnsafeCalls || block.Parm1 >= FmxMessage.IdleUnsafe)
        {
            block.Result = (ulong)Plugin.LiveActivity();
            return;
        }
        lock (gate)
        {
            if (state != State.Running || host is null) return;
            host.Use(block.StartScript);
            block.Result = (ulong)Plugin.Idle();
        }
    }

    /// <summary>Unregisters the function, releases every handle and stops listeners. Safe in any state, and
    /// twice.</summary>
    public static void Shutdown()
    {
        lock (gate)
        {
            var was = state;
            state = State.Off;
            if (was != State.Running) return;
            try
            {
                var e = FmxRegistration.Unregister();
                if (e != 0) FmxLog.Write($"unregistering the function failed (error {e}).");
            }
            catch (Exception ex) { FmxLog.Write("unregistering the function failed: " + ex.Message); }
            Plugin.Shutdown();
            host = null;
        }
    }
}

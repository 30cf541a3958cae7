using System.Runtime.InteropServices;
using PluginBridge.Host.Native;

namespace PluginBridge.Host.Fmx;

/// <summary>How the host presents itself to a FileMaker plug-in at Init.</summary>
/// <param name="ApiVersion">extnVersion: 77 is FileMaker 22.1.</param>
/// <param name="AppType">FMX_Application: 1 Pro, 7 server scripting (SASE), 99 command-line tool.</param>
public sealed record FmxOptions(short ApiVersion = 77, byte AppType = 1, string AppVersion = "Pro 22.1.0",
                                ulong SessionId = 1, ulong FileId = 1);

/// <summary>
/// A FileMaker plug-in (.fmx) loaded as FileMaker loads one: FMWrapper in the global scope, the plug-in dlopen()ed,
/// FMExternCallProc driven with FMX_ExternCallStruct in FileMaker's order (GetString options, name; Init; Idle;
/// Shutdown, never after a refused Init), and its registered functions called with a DataVect of Data.
/// </summary>
public sealed unsafe partial class FmxPlugin : IPlugin
{
    const long MinExtnVersion = 4, MaxExtnVersion = 255; // what an accepting Init may return
    const byte NameId = 128, OptionsId = 131, HelpId = 132;
    const ulong EnglishLanguageId = 0x0409;

    readonly FmWrapper fm;
    readonly nint library;
    readonly nint entry;
    readonly FmxBlock block = new();
    readonly FmxValues values;
    readonly nint locale, env;
    IPluginHost? host;
    bool enabled, disposed;

    public string Path { get; }
    public FmxOptions Settings { get; }
    /// <summary>GetString 128.</summary>
    public string Name { get; }
    /// <summary>GetString 131, e.g. "PBrg1nnYYnn": the ID, then 1, then the flags.</summary>
    public string Options { get; }
    public string Id => Options[..4];
    public string HelpUrl { get; }
    public string Version => Name;
    /// <summary>The value Init returned (the plug-in's API version, or -1 / -2 when it refused).</summary>
    public long InitResult { get; private set; }
    /// <summary>Get ( LastExternalErrorDetail ) after a function returned kPluginErrResult1..8.</summary>
    public string LastErrorDetail { get; private set; } = "";
    /// <summary>FM_* objects alive in the wrapper (a leak check for tests).</summary>
    public long LiveObjects => fm.LiveObjects();

    bool Wants(int optionIndex) => Options.Length > optionIndex && Options[optionIndex] == 'Y';
    bool WantsPreferences => Wants(5);
    bool WantsInitShutdown => Wants(7);
    bool WantsIdle => Wants(8);
    bool WantsSessionMessages => Wants(9);

    FmxPlugin(string path, FmWrapper wrapper, nint library, FmxOptions settings)
    {
        Path = path; fm = wrapper; this.library = library; Settings = settings;
        entry = NativeLibrary.TryGetExport(library, "FMExternCallProc", out var e) ? e
            : throw new PluginLoadException($"{path}: plug-in entry point not found (FMExternCallProc).");
        var x = FmxCpt.New();
        locale = fm.LocaleNew(1, &x); // kType_System
        env = fm.EnvNew(&x);
        FmWrapper.Check(x, "FM_ExprEnv_Constructor1");
        fm.EnvSetIds(env, settings.SessionId, settings.FileId);
        values = new FmxValues(fm, locale);
        Options = GetString(OptionsId);
        if (!ValidOptions(Options)) throw new PluginLoadException($"{path}: invalid plug-in options \"{Options}\".");
        Name = GetString(NameId);
        if (Name.Length == 0) throw new PluginLoadException($"{path}: missing plug-in name.");
        HelpUrl = GetString(HelpId);
    }

    /// <summary>Loads the plug-in; FMWrapper from wrapperPath (default:
    /// <see cref="FmxLocator.WrapperPath"/>).</summary>
    public static FmxPlugin Load(string path, string? wrapperPath = null, FmxOptions? settings = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full) && full.EndsWith(".fmplugin", StringComparison.OrdinalIgnoreCase)) // macOS bundle
            full = System.IO.Path.Combine(full, "Contents", "MacOS", System.IO.Path.GetFileNameWithoutExtension(full));
        if (!File.Exists(full))
            throw new PluginLoadException($"Plug-in not found: {full}. Build it with ./build.sh, or pass --fmx PATH.");
        var wrapper = FmWrapper.Load(wrapperPath ?? FmxLocator.WrapperPath());
        return new FmxPlugin(full, wrapper, NativeLoader.Load(full, global: false), settings ?? new FmxOptions());
    }

    /// <summary>11 characters: a 4-character low-ASCII alphanumeric ID (not starting with F or Web), then
    /// "1".</summary>
    static bool ValidOptions(string o) =>
        o.Length >= 11 && o[..4].All(char.IsAsciiLetterOrDigit) && o[0] != 'F'
        && !o.StartsWith("Web", StringComparison.Ordinal) && o[4] == '1';

    /// <summary>Sends one message; returns the block's result.</summary>
    long Send(FmxMessage message, byte parm1 = 0, ulong parm2 = 0, ulong parm3 = 0, ulong result = 0)
    {
        block.Prepare(Settings.ApiVersion, entry, library, fm.StartScriptProc(), fm.CurrentEnvProc(), message);
        block.Write(FmxBlock.Current.Parm1, parm1);
        block.Write(FmxBlock.Current.Parm2, parm2);
        block.Write(FmxBlock.Current.Parm3, parm3);
        block.Write(FmxBlock.Current.Result, result);
        ((delegate* unmanaged<byte*, void>)entry)(block.Pointer);
        return block.Read<long>(FmxBlock.Current.Result);
    }

    string GetString(byte which)
    {
        const int capacity = 1024;
        var buffer = (char*)NativeMemory.AllocZeroed(capacity, sizeof(char));
        try
        {
            Send(FmxMessage.GetString, which, EnglishLanguageId, capacity, (ulong)buffer);
            var length = new ReadOnlySpan<char>(buffer, capacity).IndexOf('\0');
            return new string(buffer, 0, length >= 0 ? length : capacity);
        }
        finally { NativeMemory.Free(buffer); }
    }

    /// <summary>Init with the application type and the UTF-16 version string; throws when the plug-in
    /// refuses.</summary>
    /// <remarks>On an enabled plug-in, Init only hands its callbacks to the new host: the host may need the plug-in's
    /// functions before its scripts are parsed, as FileMaker loads plug-ins before it opens files.</remarks>
    public void Init(IPluginHost pluginHost)
    {
        host = pluginHost;
        FmxCallbacks.Attach(fm, pluginHost, values);
        if (enabled) return;
        fm.SetCurrentIds(Settings.SessionId, Settings.FileId);
        if (!WantsInitShutdown) { enabled = true; return; }
        var version = Settings.AppVersion + "\0";
        fixed (char* v = version) InitResult = Send(FmxMessage.Init, Settings.AppType, (ulong)v);
        if (InitResult is < MinExtnVersion or > MaxExtnVersion)
        {
            FmxCallbacks.Detach(fm, pluginHost);
            throw new PluginLoadException($"{Name} did not enable (Init returned {InitResult}: -1 = API version " +
                                          $"{Settings.ApiVersion} not supported, -2 = do not enable).");
        }
        enabled = true;
        RegisterCalcFunctions();
    }

    /// <summary>Idle at FileMaker's level; the plug-in may store what keeps it busy in result (FileMaker ignores
    /// it).</summary>
    public int Idle(IdleLevel level = IdleLevel.UserIdle)
    {
        if (!enabled || !WantsIdle) return 0;
        var busy = Send(FmxMessage.Idle, (byte)level, Settings.SessionId);
        return busy <= 0 ? 0 : busy > int.MaxValue ? int.MaxValue : (int)busy;
    }

    /// <summary>Configure button in FileMaker's plug-in preferences (option character 6).</summary>
    public bool Preferences()
    {
        if (!enabled || !WantsPreferences) return false;
        Send(FmxMessage.DoAppPreferences);
        return true;
    }

    /// <summary>The file closes, the session ends (option character 10), then Shutdown. Nothing after a refused
    /// Init.</summary>
    public void Shutdown()
    {
        if (!enabled) return;
        enabled = false;
        if (WantsSessionMessages)
        {
            Send(FmxMessage.FileShutdown, 0, Settings.SessionId, Settings.FileId);
            Send(FmxMessage.SessionShutdown, 0, Settings.SessionId);
        }
        if (WantsInitShutdown) Send(FmxMessage.Shutdown);
        if (host is not null) FmxCallbacks.Detach(fm, host);
    }

    public void Dispose()
    {
        // The module stays mapped, as FileMaker keeps it: a NativeAOT plug-in cannot be unloaded from a process.
        if (disposed) return;
        disposed = true;
        Shutdown();
        var x = FmxCpt.New();
        fm.EnvDelete(env, &x);
        fm.LocaleDelete(locale, &x);
        block.Dispose();
    }
}

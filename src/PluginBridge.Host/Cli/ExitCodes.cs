namespace PluginBridge.Host.Cli;

/// <summary>The host's exit codes, listed in --help.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int ScriptError = 1;      // a step failed at run time
    public const int BadInput = 2;         // parse error with file:line, unknown script, bad option
    public const int PluginNotFound = 3;
    public const int WaitExceeded = 4;

    public const string Help = "Exit codes: 0 ok, 1 script error, 2 parse error / unknown script / bad input, 3 " +
        "plugin not found, 4 --wait exceeded.";
}

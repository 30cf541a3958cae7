using PluginBridge.Engine.Core;

namespace PluginBridge.Native.Fmx;

/// <summary>The GetString message: FileMaker asks for a string by id and gives a buffer it owns (result) and its
/// capacity in UTF-16 units (parm3). We write at most capacity − 1 units and a terminating NUL.</summary>
static unsafe class FmxStrings
{
    /// <summary>Plug-in ID, "1", no preferences dialog (n), no legacy calls (n), Init/Shutdown (Y), Idle (Y),
    /// no session/file shutdown messages (n: we keep nothing per session or file), "n".</summary>
    public const string Options = FmxRegistration.PluginId + "1nnYYnn";
    public const string Name = "PluginBridge";
    /// <summary>Our functions follow MBS's, so MBS's reference documents them; FileMaker appends the function
    /// id.</summary>
    public const string HelpUrl = "https://www.mbsplugins.eu/";

    public static string? For(byte id) => id switch
    {
        FmxMessage.NameStr => Name,
        FmxMessage.AppConfigStr => $"PluginBridge {Plugin.Version}: MBS-compatible functions (CURL, SendMail, "
            + $"WebHook, JSON, ...) through the function {FmxRegistration.FunctionName}.",
        FmxMessage.OptionsStr => Options,
        FmxMessage.HelpUrlStr => HelpUrl,
        _ => null,
    };

    public static void Answer(FmxBlock block)
    {
        var buffer = (char*)block.Result;
        var capacity = block.Parm3;
        if (buffer == null || capacity == 0) return;
        var text = For(block.Parm1) ?? "";
        var n = (int)Math.Min((ulong)text.Length, capacity - 1);
        text.AsSpan(0, n).CopyTo(new Span<char>(buffer, n));
        buffer[n] = '\0';
    }
}

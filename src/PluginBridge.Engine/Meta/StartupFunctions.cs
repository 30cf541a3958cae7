using System.Globalization;
using PluginBridge.Engine.Core;

namespace PluginBridge.Engine.Meta;

/// <summary>
/// What scripts call at start-up to check for MBS: Version, VersionAutoUpdate, Register, IsRegistered, Platform,
/// the operating-system checks IsWindows, IsMacOSX, IsLinux, IsIOS,
/// and the result conventions (Plugin.SetSuccessReturn, ClearErrors/HadErrors/ErrorLog).
/// We present MBS 16.2, the version whose documentation (the MBS function catalogue) we follow, so checks like
/// MBS("Version") ≥ "11.5" pass. Our own version is Plugin.Version (pb_version).
/// </summary>
static class StartupFunctions
{
    public const int Major = 16, Minor = 2, Patch = 0, Build = 1;
    public static readonly string MbsVersion = $"{Major}.{Minor}.{Patch}.{Build:00}";

    public static void Register(Registry r)
    {
        r.Add("VersionAutoUpdate", "",
            "The presented MBS version as 8 digits for comparisons: 16020001 for 16.2.0.01.",
            _ =>
            Value.FromText((Major * 1000000 + Minor * 10000 + Patch * 100 + Build)
                .ToString("00000000", CultureInfo.InvariantCulture)));
        r.Add("Register", "Licensee; Component; LicenseType; ExpireMonth; Serial",
            "Accepts any licence and returns OK: PluginBridge needs none.",
            _ => Value.Ok);
        r.Add("IsRegistered", "{ ; Component }", "1: PluginBridge needs no licence.", _ => Value.FromNumber(1));
        r.Add("Platform", "",
            "FileMaker Pro: the host runs scripts as a FileMaker Pro client would.",
            _ => Value.FromText("FileMaker Pro"));
        // Scripts branch on the operating system (MBS's CURL.SetOptionCAInfo example picks the certificate file so).
        r.Add("IsWindows", "", "1 on Windows, else 0.", _ => Value.FromBool(OperatingSystem.IsWindows()));
        r.Add("IsMacOSX", "", "1 on macOS, else 0.", _ => Value.FromBool(OperatingSystem.IsMacOS()));
        r.Add("IsLinux", "", "1 on Linux, else 0.", _ => Value.FromBool(OperatingSystem.IsLinux()));
        r.Add("IsIOS", "", "1 on iOS (FileMaker Go, iOS SDK), else 0.", _ => Value.FromBool(OperatingSystem.IsIOS()));
        r.Add("Plugin.SetSuccessReturn", "Value",
            "Sets the text setters return on success (default OK; empty restores OK). Returns the new success text.",
            SetSuccessReturn);
        r.Add("Plugin.GetSuccessReturn", "",
            "The text setters return on success.",
            _ => Value.FromText(Value.SuccessText));
        r.Add("ClearErrors", "",
            "Starts counting and logging error results on this thread, from zero. OK.",
            _ => { ErrorLogBook.Clear(); return Value.Ok; });
        r.Add("HadErrors", "",
            "The number of error results on this thread since ClearErrors.",
            _ => Value.FromNumber(ErrorLogBook.Count));
        r.Add("ErrorLog", "",
            "JSON array of the errors since ClearErrors (function, result, parameter, fileName, scriptName, " +
            "currentTimeStamp); stops logging.",
            _ => Value.FromText(ErrorLogBook.ReadAndStop()));
    }

    static Value SetSuccessReturn(Args a)
    {
        Value.SuccessText = a.Text(0).Length == 0 ? "OK" : a.Text(0);
        return Value.Ok;
    }
}

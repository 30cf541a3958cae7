using System.Globalization;

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
            _ => Value.FromText((Major * 1000000 + Minor * 10000 + Patch * 100 + Build)
                .ToString("00000000", CultureInfo.InvariantCulture)));
        r.Add("Register", "Licensee; Component; LicenseType; ExpireMonth; Serial",
            a => { PluginFacts.Registered(a.Text(0)); return Value.Ok; });
        r.Add("IsRegistered", "{ ; Component }", _ => Value.FromNumber(1));
        r.Add("Platform", "", _ => Value.FromText("FileMaker Pro"));
        // Scripts branch on the operating system (MBS's CURL.SetOptionCAInfo example picks the certificate file so).
        r.Add("IsWindows", "", _ => Value.FromBool(OperatingSystem.IsWindows()));
        r.Add("IsMacOSX", "", _ => Value.FromBool(OperatingSystem.IsMacOS()));
        r.Add("IsLinux", "", _ => Value.FromBool(OperatingSystem.IsLinux()));
        r.Add("IsIOS", "", _ => Value.FromBool(OperatingSystem.IsIOS()));
        r.Add("Plugin.SetSuccessReturn", "Value", SetSuccessReturn);
        r.Add("Plugin.GetSuccessReturn", "", _ => Value.FromText(Value.SuccessText));
        r.Add("ClearErrors", "", _ => { ErrorLogBook.Clear(); return Value.Ok; });
        r.Add("HadErrors", "", _ => Value.FromNumber(ErrorLogBook.Count));
        r.Add("ErrorLog", "", _ => Value.FromText(ErrorLogBook.ReadAndStop()));
    }

    static Value SetSuccessReturn(Args a)
    {
        Value.SuccessText = a.Text(0).Length == 0 ? "OK" : a.Text(0);
        return Value.Ok;
    }
}

using PluginBridge.Host.Calc;

namespace PluginBridge.Host.Script;

/// <summary>Get ( name ): the host's state as FileMaker's Get function reports it.</summary>
static class GetFunction
{
    public const string ApplicationVersion = "Pro 21.0 PluginBridge Host";

    static readonly string[] supported =
        ["ScriptParameter", "ScriptResult", "ScriptName", "FileName", "FilePath", "LastError", "LastMessageChoice",
         "CurrentTimestamp", "CurrentHostTimestamp", "CurrentDate", "CurrentTime", "CurrentTimeUTCMilliseconds",
         "SystemPlatform", "SystemVersion", "ApplicationVersion", "UUID", "TemporaryPath",
         "LayoutName", "LayoutTableName", "FoundCount", "RecordNumber", "RecordID", "TotalRecordCount"];

    public static FmValue Get(string name, ScriptRunner runner, Frame frame)
    {
        var now = DateTime.Now;
        return name.ToLowerInvariant() switch
        {
            "scriptparameter" => frame.Parameter,
            "scriptresult" => runner.LastScriptResult,
            "scriptname" => FmValue.Text(frame.Script?.Name ?? ""),
            "filename" => FmValue.Text(runner.File.Name),
            "filepath" => FmValue.Text("file:" + runner.File.Folder.Replace('\\', '/') + "/"),
            "lasterror" => FmValue.Number(runner.LastError),
            "lastmessagechoice" => FmValue.Number(runner.LastMessageChoice),
            "currenttimestamp" or "currenthosttimestamp" => FmValue.Timestamp(decimal.Truncate(FmTime.SecondsOf(now))),
            "currentdate" => FmValue.Date(decimal.Truncate(FmTime.SecondsOf(now.Date) / 86400) + 1),
            "currenttime" => FmValue.Time((decimal)Math.Floor(now.TimeOfDay.TotalSeconds)),
            // Milliseconds since 1/1/0001 0:00 UTC, as FileMaker counts them.
            "currenttimeutcmilliseconds" => FmValue.Number(decimal.Truncate(FmTime.SecondsOf(DateTime.UtcNow) * 1000)),
            // FileMaker's codes: 1 macOS, -2 Windows, 5 Linux.
            "systemplatform" => FmValue.Number(OperatingSystem.IsMacOS() ? 1 : OperatingSystem.IsWindows() ? -2 : 5),
            "systemversion" => FmValue.Text(Environment.OSVersion.VersionString),
            "applicationversion" => FmValue.Text(ApplicationVersion),
            "uuid" => FmValue.Text(Guid.NewGuid().ToString().ToUpperInvariant()),
            "temporarypath" => FmValue.Text(Path.GetTempPath()),
            "layoutname" => FmValue.Text(runner.LayoutName),
            "layouttablename" => FmValue.Text(runner.LayoutTable),
            _ when runner.LayoutTable.Length == 0 && name.ToLowerInvariant() is
                "foundcount" or "recordnumber" or "totalrecordcount" => FmValue.Number(0),
            "foundcount" => FmValue.Number(runner.Fields.FoundCount(runner.LayoutTable)),
            "recordnumber" => FmValue.Number(runner.Fields.RecordNumber(runner.LayoutTable)),
            "totalrecordcount" => FmValue.Number(runner.Fields.TotalRecordCount(runner.LayoutTable)),
            "recordid" => runner.LayoutTable.Length > 0 && runner.Fields.CurrentRecord(runner.LayoutTable) is { } id
                ? FmValue.Number(id) : FmValue.Empty,
            _ => throw new CalcException(
                $"Get ( {name} ) is not supported by this host. Supported: {string.Join(", ", supported)}."),
        };
    }
}

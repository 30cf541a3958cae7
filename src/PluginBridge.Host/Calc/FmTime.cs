using System.Globalization;

namespace PluginBridge.Host.Calc;

/// <summary>
/// FileMaker's dates and times as numbers: a date counts days with 1/1/0001 = 1, a timestamp counts seconds from
/// 1/1/0001 0:00. Text forms follow a US-English file (M/d/yyyy, h:mm:ss AM/PM), which is what FileMaker uses for a
/// file created with English system formats.
/// </summary>
public static class FmTime
{
    const string DateFormat = "M/d/yyyy";
    const string TimeFormat = "h:mm:ss tt";
    static readonly CultureInfo us = CultureInfo.InvariantCulture;

    public static decimal SecondsOf(DateTime t) => (decimal)(t - DateTime.MinValue).Ticks / TimeSpan.TicksPerSecond;

    public static DateTime ToDateTime(decimal seconds) =>
        DateTime.MinValue.AddTicks((long)(Math.Clamp(seconds, 0, 315537897599m) * TimeSpan.TicksPerSecond));

    public static FmValue Now() => FmValue.Timestamp(decimal.Truncate(SecondsOf(DateTime.Now)));

    public static string FormatDate(decimal days) =>
        DateTime.MinValue.AddDays((double)(days - 1)).ToString(DateFormat, us);

    public static string FormatTime(decimal seconds)
    {
        var whole = decimal.Truncate(seconds);
        var t = DateTime.MinValue.AddSeconds((double)(whole % 86400 + 86400) % 86400);
        var text = t.ToString(TimeFormat, us);
        var fraction = seconds - whole;
        return fraction == 0 ? text : text.Replace(" ", FmNumber.Format(fraction) + " ");
    }

    public static string FormatTimestamp(decimal seconds)
    {
        var t = ToDateTime(seconds);
        var text = t.ToString(DateFormat + " " + TimeFormat, us);
        var fraction = seconds - decimal.Truncate(seconds);
        return fraction == 0 ? text
            : text.Replace(" " + t.ToString("tt", us), FmNumber.Format(fraction) + " " + t.ToString("tt", us));
    }

    static readonly string[] timestampForms =
        ["M/d/yyyy h:mm:ss tt", "M/d/yyyy h:mm tt", "M/d/yyyy H:mm:ss", "M/d/yyyy H:mm", "yyyy-MM-dd HH:mm:ss",
            "yyyy-MM-ddTHH:mm:ss", "M/d/yyyy"];

    /// <summary>GetAsTimestamp of text; null if it is not a timestamp.</summary>
    public static FmValue? ParseTimestamp(string text)
    {
        if (DateTime.TryParseExact(text.Trim(), timestampForms, us, DateTimeStyles.AllowWhiteSpaces, out var t))
            return FmValue.Timestamp(SecondsOf(t));
        return null;
    }

    public static FmValue? ParseDate(string text)
    {
        if (DateTime.TryParseExact(text.Trim(), ["M/d/yyyy", "yyyy-MM-dd"], us, DateTimeStyles.AllowWhiteSpaces,
            out var t))
            return FmValue.Date(decimal.Truncate(SecondsOf(t) / 86400) + 1);
        return null;
    }

    public static FmValue? ParseTime(string text)
    {
        if (DateTime.TryParseExact(text.Trim(), ["h:mm:ss tt", "h:mm tt", "H:mm:ss", "H:mm"], us,
            DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.NoCurrentDateDefault, out var t))
            return FmValue.Time((decimal)t.TimeOfDay.TotalSeconds);
        return null;
    }
}

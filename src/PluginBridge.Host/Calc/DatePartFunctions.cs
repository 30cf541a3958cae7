using System.Globalization;

namespace PluginBridge.Host.Calc;

/// <summary>
/// The parts of dates, times and timestamps: Year, Month, Day, DayOfWeek (1 = Sunday), DayOfYear, DayName,
/// MonthName (English, as in a file with English formats), Hours, Minutes, Seconds. Text is read as GetAsDate /
/// GetAsTime read it; a value that is no date or time gives empty.
/// </summary>
static class DatePartFunctions
{
    public static void Register()
    {
        Functions.Eager("Year", 1, 1, v => Date(v[0], d => d.Year));
        Functions.Eager("Month", 1, 1, v => Date(v[0], d => d.Month));
        Functions.Eager("Day", 1, 1, v => Date(v[0], d => d.Day));
        Functions.Eager("DayOfWeek", 1, 1, v => Date(v[0], d => (int)d.DayOfWeek + 1));
        Functions.Eager("DayOfYear", 1, 1, v => Date(v[0], d => d.DayOfYear));
        Functions.Eager("DayName", 1, 1, v => DateText(v[0], d => d.DayOfWeek.ToString()));
        Functions.Eager("MonthName", 1, 1,
            v => DateText(v[0], d => CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(d.Month)));
        Functions.Eager("Hours", 1, 1, v => Time(v[0], s => decimal.Truncate(s / 3600)));
        Functions.Eager("Minutes", 1, 1, v => Time(v[0], s => decimal.Truncate(s / 60) % 60));
        Functions.Eager("Seconds", 1, 1, v => Time(v[0], s => s % 60));
    }

    static DateTime? AsDate(FmValue v) => v.Kind switch
    {
        FmKind.Date => DateTime.MinValue.AddDays((double)(v.RawNumber - 1)),
        FmKind.Timestamp => FmTime.ToDateTime(v.RawNumber).Date,
        FmKind.Number => v.RawNumber is >= 1 and <= 3652059 ? AsDate(FmValue.Date(v.RawNumber)) : null,
        _ => (FmTime.ParseDate(v.AsText()) ?? FmTime.ParseTimestamp(v.AsText())) is { } parsed ? AsDate(parsed) : null,
    };

    static FmValue Date(FmValue v, Func<DateTime, int> part) =>
        AsDate(v) is { } d ? FmValue.Number(part(d)) : FmValue.Empty;

    static FmValue DateText(FmValue v, Func<DateTime, string> part) =>
        AsDate(v) is { } d ? FmValue.Text(part(d)) : FmValue.Empty;

    /// <summary>Seconds of the time (of a timestamp: of its time of day); hours may pass 24 in a time.</summary>
    static FmValue Time(FmValue v, Func<decimal, decimal> part)
    {
        decimal? seconds = v.Kind switch
        {
            FmKind.Time or FmKind.Number => v.RawNumber,
            FmKind.Timestamp => v.RawNumber % 86400,
            _ => (FmTime.ParseTime(v.AsText()) ?? FmTime.ParseTimestamp(v.AsText())) is { } p
                ? p.Kind == FmKind.Timestamp ? p.RawNumber % 86400 : p.RawNumber : null,
        };
        return seconds is { } s ? FmValue.Number(part(s)) : FmValue.Empty;
    }
}

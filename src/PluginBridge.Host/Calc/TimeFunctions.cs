namespace PluginBridge.Host.Calc;

/// <summary>Conversions to and from dates, times and timestamps.</summary>
static class TimeFunctions
{
    public static void Register()
    {
        Functions.Eager("GetAsTimestamp", 1, 1, v => v[0].Kind switch
        {
            FmKind.Timestamp => v[0],
            FmKind.Date => FmValue.Timestamp((v[0].RawNumber - 1) * 86400),
            FmKind.Number or FmKind.Time => FmValue.Timestamp(v[0].RawNumber),
            _ => FmTime.ParseTimestamp(v[0].AsText()) ?? FmValue.Question,
        });
        Functions.Eager("GetAsDate", 1, 1, v => v[0].Kind switch
        {
            FmKind.Date => v[0],
            FmKind.Timestamp => FmValue.Date(decimal.Truncate(v[0].RawNumber / 86400) + 1),
            FmKind.Number => FmValue.Date(v[0].RawNumber),
            _ => FmTime.ParseDate(v[0].AsText()) ?? FmValue.Question,
        });
        Functions.Eager("GetAsTime", 1, 1, v => v[0].Kind switch
        {
            FmKind.Time => v[0],
            FmKind.Timestamp => FmValue.Time(v[0].RawNumber % 86400),
            FmKind.Number => FmValue.Time(v[0].RawNumber),
            _ => FmTime.ParseTime(v[0].AsText()) ?? FmValue.Question,
        });
        Functions.Eager("Timestamp", 2, 2,
            v => FmValue.Timestamp((v[0].AsNumberOrZero() - 1) * 86400 + v[1].AsNumberOrZero()));
        Functions.Eager("Date", 3, 3, v =>
        {
            var (m, d, y) = ((int)v[0].AsNumberOrZero(), (int)v[1].AsNumberOrZero(), (int)v[2].AsNumberOrZero());
            if (y is < 1 or > 9999) return FmValue.Question;
            var t = new DateTime(y, 1, 1).AddMonths(m - 1).AddDays(d - 1);
            return FmValue.Date(decimal.Truncate(FmTime.SecondsOf(t) / 86400) + 1);
        });
        Functions.Eager("Time", 3, 3,
            v => FmValue.Time(v[0].AsNumberOrZero() * 3600 + v[1].AsNumberOrZero() * 60 + v[2].AsNumberOrZero()));
    }
}

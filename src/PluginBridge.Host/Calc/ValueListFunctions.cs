namespace PluginBridge.Host.Calc;

/// <summary>
/// SortValues and UniqueValues (FileMaker 16): return-delimited values, each ending in ¶ in the result. The data
/// type is 1 text (the default), 2 number, 3 date, 4 time, 5 timestamp; negative sorts descending. Text compares
/// ignoring case (then by code point, so the order is stable); the locale parameter is accepted and not used (this
/// host has one, English). Values that are not of the data type come last, as text in ascending order (our
/// choice: Claris does not say).
/// </summary>
static class ValueListFunctions
{
    public static void Register()
    {
        Functions.Eager("SortValues", 1, 3, v =>
        {
            var type = v.Length > 1 && v[1].AsNumber() is { } t ? (int)t : 1;
            var keyed = FmText.Values(v[0].AsText()).Select(x => (Value: x, Key: Key(x, Math.Abs(type)))).ToList();
            var typed = keyed.Where(x => x.Key is not null).OrderBy(x => x.Key).ThenBy(x => x.Value, Text)
                .ThenBy(x => x.Value, StringComparer.Ordinal).Select(x => x.Value).ToList();
            if (type < 0) typed.Reverse();
            var others = keyed.Where(x => x.Key is null).Select(x => x.Value).Order(Text);
            return Join(typed.Concat(others));
        });
        Functions.Eager("UniqueValues", 1, 3, v =>
        {
            var type = v.Length > 1 && v[1].AsNumber() is { } t ? Math.Abs((int)t) : 1;
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            // Numbers, dates and times are the same value when equal as numbers ("1" and "1.0").
            string Identity(string x) => type != 1 && Key(x, type) is { } k
                ? k.ToString(System.Globalization.CultureInfo.InvariantCulture) : x;
            return Join(FmText.Values(v[0].AsText()).Where(x => seen.Add(Identity(x))));
        });
    }

    /// <summary>The value as a number of the data type (dates as days, times in seconds); null when it is not one;
    /// 0 for every text.</summary>
    static decimal? Key(string value, int type) => type switch
    {
        2 => FmValue.Text(value).AsNumber(),
        3 => FmTime.ParseDate(value)?.RawNumber,
        4 => FmTime.ParseTime(value)?.RawNumber,
        5 => FmTime.ParseTimestamp(value)?.RawNumber,
        _ => 0,
    };

    static readonly StringComparer Text = StringComparer.OrdinalIgnoreCase;

    static FmValue Join(IEnumerable<string> values) => FmValue.Text(string.Concat(values.Select(x => x + "\r")));
}

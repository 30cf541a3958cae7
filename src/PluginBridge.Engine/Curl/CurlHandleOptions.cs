namespace PluginBridge.Engine.Curl;

/// <summary>MBS's cache of the options a script set (CURL.Options): every CURL.SetOption… call, by option name
/// (the function name without "CURL.SetOption"), in the order first set; CURL.AddOptionHTTPHeader appends to
/// HTTPHeader. Starts with the defaults CURL.New sets, as MBS lists them.</summary>
sealed partial class CurlHandle
{
    /// <summary>A list option (Values...) is a string array, a container is kept as Base64 (MBS: "Blob values are
    /// Base64 encoded"), a number as a number, the rest as text.</summary>
    public sealed record OptionValue(string Name, string? Text, long? Number, IReadOnlyList<string>? List);

    readonly List<OptionValue> optionLog = [.. NewHandleOptions];

    static readonly OptionValue[] NewHandleOptions =
        [new("Verbose", null, 1, null), new("FollowLocation", null, 1, null), new("MaxRedirs", null, 3, null)];

    /// <summary>Records a setter call (called after the option was applied, so only valid values get here).</summary>
    public void RecordOption(Args a)
    {
        const string set = "CURL.SetOption", add = "CURL.AddOption";
        var adding = a.Function.StartsWith(add, StringComparison.Ordinal);
        if (!adding && !a.Function.StartsWith(set, StringComparison.Ordinal)) return;
        var name = a.Function[set.Length..];
        OptionValue value;
        if (adding || a.ParameterName(1) == "Values")
        {
            var items = a.From(1).Select(v => v.AsText()).ToList();
            lock (gate)
            {
                var earlier = adding ? optionLog.Find(o => o.Name == name)?.List ?? [] : [];
                value = new OptionValue(name, null, null, [.. earlier, .. items]);
            }
        }
        else if (a.Count > 1 && a[1].Type == Core.ValueType.Container)
            value = new OptionValue(name, Convert.ToBase64String(a[1].Bytes ?? []), null, null);
        else if (long.TryParse(a.Text(1).Trim(), System.Globalization.NumberStyles.AllowLeadingSign,
            System.Globalization.CultureInfo.InvariantCulture, out var n))
            value = new OptionValue(name, null, n, null);
        else value = new OptionValue(name, a.Text(1), null, null);
        lock (gate)
        {
            var at = optionLog.FindIndex(o => o.Name == name);
            if (at >= 0) optionLog[at] = value;
            else optionLog.Add(value);
        }
    }

    public IReadOnlyList<OptionValue> OptionLog { get { lock (gate) return [.. optionLog]; } }

    void ResetOptionLog()
    {
        optionLog.Clear();
        optionLog.AddRange(NewHandleOptions);
    }
}

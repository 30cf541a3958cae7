using System.Globalization;

namespace PluginBridge.Engine.Meta;

/// <summary>
/// MBS's ClearErrors / HadErrors / ErrorLog: per thread, ClearErrors starts logging and resets the count; every
/// error result is then counted and logged; reading ErrorLog stops logging until the next ClearErrors.
/// </summary>
static class ErrorLogBook
{
    sealed class Entry(string function, string result, string[] parameters, DateTime time)
    {
        public string Function { get; } = function;
        public string Result { get; } = result;
        public string[] Parameters { get; } = parameters;
        public DateTime Time { get; } = time;
    }

    [ThreadStatic] static List<Entry>? entries;
    [ThreadStatic] static bool logging;
    [ThreadStatic] static int count;

    /// <summary>Called by <see cref="Plugin.Call"/> for every error result.</summary>
    public static void Record(string function, IReadOnlyList<Value> values, string result)
    {
        if (!logging) return;
        count++;
        (entries ??= []).Add(new Entry(function, result, [function, .. values.Select(v => v.AsText())], DateTime.Now));
    }

    public static void Clear()
    {
        logging = true;
        count = 0;
        entries?.Clear();
    }

    public static int Count => count;

    // Keys as MBS documents them; the host tells us no file or script name, so those stay empty.
    public static string ReadAndStop()
    {
        logging = false;
        var json = new MbsJson().BeginArray();
        foreach (var e in entries ?? [])
        {
            json.BeginObject().Property("function", e.Function).Property("result", e.Result)
                .Key("parameter").BeginArray();
            foreach (var p in e.Parameters) json.String(p);
            json.EndArray().Property("fileName", "").Property("scriptName", "")
                .Property("currentTimeStamp", e.Time.ToString("M/d/yyyy h:mm:ss tt", CultureInfo.InvariantCulture))
                .EndObject();
        }
        entries?.Clear();
        return json.EndArray().ToString();
    }
}

namespace PluginBridge.Engine.Json;

/// <summary>The JSON family (MBS JSON.*): JSON text and reference numbers interchangeably. See README.md.</summary>
static class JsonFunctions
{
    public static void Register(Registry r)
    {
        r.AddTable(JsonRefs.Table);
        JsonBuildFunctions.Register(r);
        JsonReadFunctions.Register(r);
        JsonQuickList.Register(r);
        JsonEditFunctions.Register(r);
        JsonColorize.Register(r);
        JsonPatchFunctions.Register(r);
        JsonQueryFunctions.Register(r);
        JsonSearch.Register(r);
        JsonCsv.Register(r);
        JsonToon.Register(r);
        JsonToXml.Register(r);
        JsonToHtml.Register(r);
        JsonReadableText.Register(r);
        JsonEvaluateFunctions.Register(r);
        JsonVariables.Register(r);
    }

    /// <summary>The one lock of the JSON family; functions that evaluate expressions take it only around their own
    /// work, never while the host evaluates (the expression may call JSON functions on another thread's
    /// behalf).</summary>
    internal static readonly object Gate = new();

    /// <summary>Registers a JSON function that runs under one lock: a reference number may be used from several
    /// threads (server scripts, background transfers), and JsonNode trees are not thread-safe.</summary>
    public static void Add(Registry r, string name, string parameters, Func<Args, Value> fn) =>
        r.Add(name, parameters, a => { lock (Gate) return fn(a); });
}

using PluginBridge.Engine.Core;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// Expressions a transfer leaves for the host (MBS 14.0 / 6.1): evaluated through pb_host's evaluate callback at the
/// next pb_idle, on the host's thread, after the succeeded/failed/finished scripts of the same transfer are queued;
/// $$ID$$ in them becomes the CURL handle. Succeeded and failed apply to CURL.Perform and background transfers,
/// finished to background transfers, as the scripts of the same names.
/// </summary>
static partial class CurlFunctions
{
    static void RegisterEvaluates(Registry r)
    {
        r.Add("CURL.SetFinishedEvaluate", "curl; Expression",
            a => SetEvaluate(a, "CURL.SetFinishedEvaluate", (h, e) => h.FinishedEvaluate = e));
        r.Add("CURL.SetSucceededEvaluate", "curl; Expression",
            a => SetEvaluate(a, "CURL.SetSucceededEvaluate", (h, e) => h.SucceededEvaluate = e));
        r.Add("CURL.SetFailedEvaluate", "curl; Expression",
            a => SetEvaluate(a, "CURL.SetFailedEvaluate", (h, e) => h.FailedEvaluate = e));
    }

    static Value SetEvaluate(Args a, string function, Action<CurlHandle, ScriptTarget?> change)
    {
        var h = Handles.Get(a, 0);
        var target = ScriptTarget.Evaluation(function, a.Text(1));
        h.Set(_ => change(h, target));
        return Value.Ok;
    }
}

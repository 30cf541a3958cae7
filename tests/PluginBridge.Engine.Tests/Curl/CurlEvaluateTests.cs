using System.Collections.Concurrent;
using PluginBridge.Engine.Core;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>
/// CURL.SetFinishedEvaluate, SetSucceededEvaluate and SetFailedEvaluate against a local HTTP server: the expression
/// ($$ID$$ replaced by the handle) reaches the host's evaluate callback only inside idle, on the idle thread, after
/// the transfer's scripts, and may call the plugin back (here CURL.GetResultAsText).
/// </summary>
[Collection("host")]
public class CurlEvaluateTests
{
    sealed class Host : IHost
    {
        public readonly ConcurrentQueue<string> Log = new();
        public int IdleThread;
        public int StartScript(string f, string s, string p,
            ScriptControl c) { Log.Enqueue($"script {s} {p}"); return 0; }
        public int WebViewer(string v, string a, string u) => 0;
        public HostEvaluation? Evaluate(string expression)
        {
            Assert.Equal(IdleThread, Environment.CurrentManagedThreadId);
            // A tiny calc: "result <handle>" reads the transfer's result back through the plugin.
            var text = expression.StartsWith("result ", StringComparison.Ordinal)
                ? Plugin.Call("CURL.GetResultAsText", expression[7..]).Text : "";
            Log.Enqueue($"evaluate {expression} → {text}");
            return new HostEvaluation(text, false);
        }
    }

    static LoopbackServer Answering(int status) =>
        new(async (s, c) => { await Http.ReadAsync(s, c); await Http.RespondAsync(s, status, "Status", "done"); });

    [Fact]
    public void ABackgroundTransferLeavesItsExpressionsForIdle()
    {
        using var server = Answering(200);
        var host = new Host { IdleThread = Environment.CurrentManagedThreadId };
        Plugin.Init(host);
        try
        {
            var curl = New();
            Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/");
            Assert.Equal("OK", Ok("CURL.SetFinishedEvaluate", curl, "result $$ID$$"));
            Assert.Equal("OK", Ok("CURL.SetSucceededEvaluate", curl, "succeeded $$ID$$"));
            Assert.Equal("OK", Ok("CURL.SetFailedEvaluate", curl, "failed $$ID$$"));
            Ok("CURL.SetFinishedScript", curl, "Mail", "Finished");
            Assert.Equal("0", Ok("CURL.PerformInBackground", curl));
            for (var i = 0; i < 400 && Ok("CURL.IsRunning", curl) == "1"; i++) Thread.Sleep(25);
            Assert.Empty(host.Log); // nothing before idle
            for (var i = 0; i < 400 && host.Log.Count < 3; i++) { Plugin.Idle(); Thread.Sleep(25); }
            Assert.Equal([$"evaluate succeeded {curl} → ", $"script Finished {curl}", $"evaluate result {curl} → done"],
                host.Log.ToArray());
        }
        finally { Plugin.Shutdown(); }
    }

    [Fact]
    public void AFailedPerformLeavesTheFailedExpressionAndEmptyClearsIt()
    {
        using var server = Answering(404);
        var host = new Host { IdleThread = Environment.CurrentManagedThreadId };
        Plugin.Init(host);
        try
        {
            var curl = New();
            Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/");
            Ok("CURL.SetSucceededEvaluate", curl, "succeeded");
            Ok("CURL.SetFailedEvaluate", curl, "failed $$ID$$ $$ID$$");
            Assert.Equal("OK", Ok("CURL.Perform", curl));
            Assert.Empty(host.Log);
            Plugin.Idle();
            Assert.Equal([$"evaluate failed {curl} {curl} → "], host.Log.ToArray());
            Ok("CURL.SetFailedEvaluate", curl, "");
            Ok("CURL.Perform", curl);
            Plugin.Idle();
            Assert.Single(host.Log);
        }
        finally { Plugin.Shutdown(); }
    }
}

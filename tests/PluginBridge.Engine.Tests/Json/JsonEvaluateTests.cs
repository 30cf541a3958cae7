using System.Text.RegularExpressions;
using PluginBridge.Engine.Core;
using Xunit;

namespace PluginBridge.Engine.Tests.Json;

/// <summary>
/// JSON.ReplaceEvaluate, JSON.CurrentMatch(Path) and JSON.SortWithEvaluate against a host whose evaluate callback is
/// the test's own function: it calls back into the engine as a FileMaker expression would (re-entrant, same thread).
/// The real calc engine behind pb_host.evaluate is tested through the native library in the host tests.
/// </summary>
[Collection("host")]
public class JsonEvaluateTests
{
    sealed class EvaluatingHost(Func<string, HostEvaluation?> evaluate) : IHost
    {
        public List<string> Expressions { get; } = [];
        public int StartScript(string f, string s, string p, ScriptControl c) => 0;
        public int WebViewer(string v, string a, string u) => 0;
        public HostEvaluation? Evaluate(string expression)
        {
            Expressions.Add(expression);
            return evaluate(expression);
        }
    }

    static T With<T>(IHost host, Func<T> run)
    {
        Plugin.Init(host);
        try { return run(); }
        finally { Plugin.Shutdown(); }
    }

    static string Compact(Value v) => Plugin.Call("JSON.Compact", v.Text).Text;

    [Fact]
    public void ReplaceEvaluateAddsOneToEachEntryThroughCurrentMatch()
    {
        // MBS's example: MBS( "JSON.ReplaceEvaluate"; "[1,2]"; "$[*]"; "MBS(\"JSON.CurrentMatch\") + 1" ) → [2,3]
        var paths = new List<string>();
        var host = new EvaluatingHost(e =>
        {
            paths.Add(Plugin.Call("JSON.CurrentMatchPath").Text);
            return new HostEvaluation((long.Parse(Plugin.Call("JSON.CurrentMatch").Text) + 1).ToString(), false);
        });
        var r = With(host,
            () => Plugin.Call("JSON.ReplaceEvaluate", "[1,2]", "$[*]", "MBS(\"JSON.CurrentMatch\") + 1"));
        Assert.False(r.IsError, r.Text);
        Assert.Equal("[2,3]", Compact(r));
        Assert.Equal(["$[0]", "$[1]"], paths);
        Assert.All(host.Expressions, e => Assert.Equal("MBS(\"JSON.CurrentMatch\") + 1", e));
    }

    [Fact]
    public void ReplaceEvaluateSkipsEmptyResultsAndChangesAReferenceInPlace()
    {
        var host = new EvaluatingHost(_ =>
        {
            var match = Plugin.Call("JSON.CurrentMatch").Text;
            var key = Plugin.Call("JSON.GetPathItem", match, "PrimaryKey", "1").Text;
            return new HostEvaluation(key == "2" ? "" : Plugin.Call("JSON.AddStringToObject", match, "seen", key).Text,
                false);
        });
        var (r, after) = With(host, () =>
        {
            var json = Plugin.Call("JSON.Parse", "[{\"PrimaryKey\":1},{\"PrimaryKey\":2},{\"other\":3}]").Text;
            var result = Plugin.Call("JSON.ReplaceEvaluate", json, "$[?(@.PrimaryKey)]", "expression");
            return (result, Plugin.Call("JSON.Compact", json).Text);
        });
        Assert.False(r.IsError, r.Text);
        Assert.Equal("[{\"PrimaryKey\":1,\"seen\":\"1\"},{\"PrimaryKey\":2},{\"other\":3}]", after);
        Assert.Equal(2, host.Expressions.Count);
    }

    [Fact]
    public void ReplaceEvaluateReportsTheHostsErrorAndResultsThatAreNotJson()
    {
        var failing = With(new EvaluatingHost(_ => new HostEvaluation("Syntax error at 3", true)),
            () => Plugin.Call("JSON.ReplaceEvaluate", "[1]", "$[0]", "1 +"));
        Assert.True(failing.IsError);
        Assert.StartsWith("[MBS] JSON.ReplaceEvaluate: the expression failed to evaluate: Syntax error at 3",
            failing.Text);
        var notJson = With(new EvaluatingHost(_ => new HostEvaluation("Christian", false)),
            () => Plugin.Call("JSON.ReplaceEvaluate", "[1]", "$[0]", "\"Christian\""));
        Assert.True(notJson.IsError);
        Assert.Contains("not JSON", notJson.Text);
    }

    [Fact]
    public void SetVariablesHandsOneLetToTheHostAndClearVariablesEmptiesTheNames()
    {
        var host = new EvaluatingHost(_ => new HostEvaluation("", false));
        var names = With(host, () => Plugin.Call("JSON.SetVariables",
            "{\"a\": \"x¶\\\"y\", \"n\": -1.5e2, \"b\": false, \"o\": [1]}", "p"));
        Assert.Equal("$pa\r$pn\r$pb\r$po", names.Text);
        var cleared = With(host, () => Plugin.Call("JSON.ClearVariables", names.Text));
        Assert.Equal("OK", cleared.Text);
        Assert.Equal(["Let ( [ $pa = \"x\\¶\\\"y\" ; $pn = -150 ; $pb = 0 ; $po = \"[1]\" ] ; \"\" )",
            "Let ( [ $pa = \"\" ; $pn = \"\" ; $pb = \"\" ; $po = \"\" ] ; \"\" )"], host.Expressions);
        var none = With(new EvaluatingHost(_ => null), () => Plugin.Call("JSON.SetVariables", "{\"a\": 1}"));
        Assert.StartsWith("[MBS] JSON.SetVariables needs the host to evaluate FileMaker expressions", none.Text);
        Assert.StartsWith("[MBS] JSON.SetVariables needs a JSON object", Plugin.Call("JSON.SetVariables", "[1]").Text);
    }

    [Fact]
    public void WithoutAnEvaluateCallbackTheFunctionsSaySo()
    {
        var r = With(new EvaluatingHost(_ => null), () => Plugin.Call("JSON.SortWithEvaluate", "[2,1]", "1"));
        Assert.True(r.IsError);
        Assert.StartsWith("[MBS] JSON.SortWithEvaluate needs the host to evaluate FileMaker expressions", r.Text);
        var outside = Plugin.Call("JSON.CurrentMatch");
        Assert.True(outside.IsError);
        Assert.Contains("only inside the expression of JSON.ReplaceEvaluate", outside.Text);
    }

    [Fact]
    public void TheExpressionRunsWithoutTheJsonLockHeld()
    {
        // Another thread's JSON call completes while the expression runs: the lock is not held across the callback.
        var otherThreadDone = false;
        var host = new EvaluatingHost(_ =>
        {
            otherThreadDone = Task.Run(() => Plugin.Call("JSON.Compact", "[1]")).Wait(TimeSpan.FromSeconds(30));
            return new HostEvaluation("0", false);
        });
        var r = With(host, () => Plugin.Call("JSON.ReplaceEvaluate", "[1]", "$[0]", "0"));
        Assert.True(otherThreadDone);
        Assert.Equal("[0]", Compact(r));
    }

    static readonly Regex LetSides = new("leftJSON = \"(.*?)\" ; rightJSON = \"(.*?)\" \\] ; (.*) \\)$",
        RegexOptions.Singleline);

    static HostEvaluation? CompareByName(string expression)
    {
        // The expression arrives wrapped in Let ( [ leftJSON = "…" ; rightJSON = "…" ] ; expression ).
        var m = LetSides.Match(expression);
        Assert.True(m.Success, expression);
        string Unquote(string s) => s.Replace("\\\"", "\"").Replace("\\¶", "¶").Replace("\\\\", "\\");
        string Name(string json) => Plugin.Call("JSON.GetPathItem", Unquote(json), "name", "1").Text;
        return new HostEvaluation(
            string.CompareOrdinal(Name(m.Groups[1].Value), Name(m.Groups[2].Value)) < 0 ? "1" : "0", false);
    }

    [Fact]
    public void SortWithEvaluateSortsObjectsByTheExpressionStably()
    {
        // MBS's "Sort a list of object by name" data, plus a duplicate name to show the order is stable.
        var host = new EvaluatingHost(CompareByName);
        var r = With(host, () => Plugin.Call("JSON.SortWithEvaluate",
            "[{\"name\":\"Joe\"},{\"name\":\"Anna\",\"n\":1},{\"name\":\"Tim ¶\\\"x\\\"\"},{\"name\":\"John\"}," +
            "{\"name\":\"Anna\",\"n\":2}]",
            "JSONGetElement ( leftJSON; \"name\") < JSONGetElement ( rightJSON; \"name\")"));
        Assert.False(r.IsError, r.Text);
        Assert.Equal("[{\"name\":\"Anna\",\"n\":1},{\"name\":\"Anna\",\"n\":2},{\"name\":\"Joe\"}," +
            "{\"name\":\"John\"}," +
            "{\"name\":\"Tim ¶\\\"x\\\"\"}]", Compact(r));
        Assert.All(host.Expressions, e => Assert.EndsWith(
            "] ; JSONGetElement ( leftJSON; \"name\") < JSONGetElement ( rightJSON; \"name\") )", e));
    }
}

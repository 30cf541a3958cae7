using System.Text.Json.Nodes;
using PluginBridge.Engine.Core;
using PluginBridge.Engine.Tests.Core;
using Xunit;

namespace PluginBridge.Engine.Tests.Json;

/// <summary>
/// JSON.Search (JMESPath): MBS's example with its documented result, and some 90 expressions over every part of the
/// language compared with jmespath.py, the specification's reference implementation (JmesPath/cases.json, written
/// by JmesPath/make-cases.py): the same JSON for each result, an error where it raises one.
/// </summary>
[Collection("host")] // holds a JSON reference: apart from the tests that shut the plugin down
public class JsonSearchTests
{
    [Fact]
    public void MbsExampleGivesWashingtonCities()
    {
        var r = Plugin.Call("JSON.Search", "{ \"locations\": [\n{\"name\": \"Seattle\", \"state\": \"WA\"},\n" +
            "{\"name\": \"New York\", \"state\": \"NY\"},\n{\"name\": \"Bellevue\", \"state\": \"WA\"},\n" +
            "{\"name\": \"Olympia\", \"state\": \"WA\"}\n]}",
            "locations[?state == 'WA'].name | sort(@) | {WashingtonCities: join(', ', @)}");
        Assert.False(r.IsError, r.Text);
        Assert.Equal("{\n\t\"WashingtonCities\":\t\"Bellevue, Olympia, Seattle\"\n}", r.Text);
    }

    public static IEnumerable<object[]> Cases()
    {
        var path = Path.Combine(RegistryTests.RepoRoot(), "tests", "PluginBridge.Engine.Tests", "Json", "JmesPath",
            "cases.json");
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        foreach (var c in root["cases"]!.AsArray())
            yield return [c!["expr"]!.GetValue<string>(),
                c.AsObject().ContainsKey("error") ? null! : c["result"]?.ToJsonString() ?? "null"];
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AgreesWithTheReferenceImplementation(string expression, string? expected)
    {
        var path = Path.Combine(RegistryTests.RepoRoot(), "tests", "PluginBridge.Engine.Tests", "Json", "JmesPath",
            "cases.json");
        var data = JsonNode.Parse(File.ReadAllText(path))!["data"]!.ToJsonString();
        var r = Plugin.Call("JSON.Search", data, expression);
        if (expected is null)
        {
            Assert.True(r.IsError, $"{expression} should fail, gave {r.Text}");
            Assert.StartsWith("[MBS] JSON.Search", r.Text);
            return;
        }
        Assert.False(r.IsError, $"{expression}: {r.Text}");
        Assert.True(Plugin.Call("JSON.Equals", r.Text, expected).Text == "1",
            $"{expression}: expected {expected}, got {Plugin.Call("JSON.Compact", r.Text).Text}");
    }

    [Fact]
    public void WorksOnAReferenceAndLeavesItUnchanged()
    {
        var j = Plugin.Call("JSON.Parse", "{\"a\": [{\"b\": 1}, {\"b\": 2}]}").Text;
        Assert.Equal("[1, 2]", Plugin.Call("JSON.Search", j, "a[*].b").Text);
        Assert.Equal("{\"a\":[{\"b\":1},{\"b\":2}]}", Plugin.Call("JSON.Compact", j).Text);
        Plugin.Call("JSON.Release", j);
        Assert.StartsWith("[MBS] JSON.Search: the quoted name", Plugin.Call("JSON.Search", "{}", "\"\\q\"").Text);
    }
}

using PluginBridge.Engine.Core;
using Xunit;
using static PluginBridge.Engine.Tests.Json.JsonExampleTests;

namespace PluginBridge.Engine.Tests.Json;

/// <summary>Reference numbers (Parse, Create…Ref, Clone, GetArrayItems, Release, ReleaseAll, List), the formats
/// and the functions whose results depend on state. Examples from MBS's catalogue where it gives them.</summary>
// Plugin.Shutdown (run by the "host" tests) releases every handle, JSON references too.
[Collection("host")]
public class JsonReferenceTests
{
    static int LiveJson() => Plugin.Registry.Tables.Single(t => t.Kind == "JSON").Count;

    [Fact]
    public void ObjectRefIsBuiltInPlaceAndCountedInObjectCounts()
    {
        var before = LiveJson();
        var r = Call("JSON.CreateObjectRef").Text;
        Assert.Equal(before + 1, LiveJson());
        Assert.Contains("\"JSON\" : " + (before + 1), Call("Plugin.ObjectCounts").Text);
        // MBS's example: adding to a reference returns that reference number.
        Assert.Equal(r, Call("JSON.AddStringToObject", r, "FirstName", "Joe", "LastName", "Miller").Text);
        Assert.Equal(r, Call("JSON.AddNumberToObject", r, "Age", "#50").Text);
        Assert.Equal(r, Call("JSON.AddTrueToObject", r, "married").Text);
        Assert.Equal("{\n\t\"FirstName\": \"Joe\",\n\t\"LastName\": \"Miller\",\n\t\"Age\": 50,\n\t\"married\": " +
            "true\n}", Call("JSON.Format", r).Text);
        Assert.Equal("OK", Call("JSON.Release", r).Text);
        Assert.Equal(before, LiveJson());
        // Released, the number is only a number again (as in MBS, text and references share the parameter)…
        Assert.Equal(r, Call("JSON.Format", r).Text);
        // …and releasing it twice is an error.
        Assert.StartsWith("[MBS] Invalid JSON reference number: " + r, Call("JSON.Release", r).Text);
    }

    [Fact]
    public void ArrayRefParseCloneAndRelease()
    {
        var a = Call("JSON.CreateArrayRef").Text;
        Call("JSON.AddNumberToArray", a, "#1", "#2", "#3");
        Call("JSON.AddStringToArray", a, "Hello", "World");
        Assert.Equal("[1,2,3,\"Hello\",\"World\"]", Call("JSON.Compact", a).Text);
        var p = Call("JSON.Parse", "{\"Hello\": \"World\"}").Text;
        var c = Call("JSON.Clone", p).Text;
        Assert.True(long.Parse(c) > long.Parse(p)); // MBS: "51005 -> 51006"; numbers only grow
        Assert.Equal("{\n\t\"Hello\": \"World\"\n}", Call("JSON.Format", c).Text);
        Assert.Contains(p, Call("JSON.List").Text.Split('\r'));
        foreach (var r in new[] { a, p, c }) Assert.Equal("OK", Call("JSON.Release", r).Text);
        Assert.DoesNotContain(p, Call("JSON.List").Text.Split('\r'));
    }

    [Fact]
    public void GetArrayItemsGivesReferencesReleasedAsAList()
    {
        var before = LiveJson();
        var list = Call("JSON.GetArrayItems", "[\"Hello\", \"World\"]").Text;
        Assert.Equal(2, list.Split('\r').Length);
        Assert.Equal("\"World\"", Call("JSON.Format", list.Split('\r')[1]).Text);
        Assert.Equal("OK", Call("JSON.Release", list).Text);
        Assert.Equal(before, LiveJson());
    }

    [Fact]
    public void OneReferenceFromEightThreads()
    {
        var a = Call("JSON.CreateArrayRef").Text;
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            for (var i = 0; i < 500; i++) Call("JSON.AddNumberToArray", a, "#" + t);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal("4000", Call("JSON.GetArraySize", a).Text);
        Assert.Equal("500", Call("JSON.FindValueInArray", a, "#7", "#2").Text.Split('\r').Length.ToString());
        Call("JSON.Release", a);
    }

    [Fact]
    public void ReleaseAllFreesEveryReference()
    {
        Call("JSON.CreateObjectRef");
        Call("JSON.Parse", "[1]");
        Assert.Equal("OK", Call("JSON.ReleaseAll").Text);
        Assert.Equal(0, LiveJson());
        Assert.Equal("", Call("JSON.List").Text);
    }

    [Fact]
    public void ParseOfInvalidJsonIsAnError()
    {
        var r = Call("JSON.Parse", "[1,hello,3]");
        Assert.True(r.IsError);
        Assert.StartsWith("[MBS] Failed to parse JSON", r.Text);
        Assert.Equal("1", Call("IsError").Text);
    }

    [Fact]
    public void FilterExampleDeletesFromAParsedReference()
    {
        // MBS's "Filter items in JSON" example: delete items backwards where land is not CH.
        var j = Call("JSON.Parse", "[{\"land\": \"CH\"}, {\"land\": \"CH\"}, {\"land\": \"DE\"}, {\"land\": \"AT\"}, " +
            "{\"land\": \"CH\"}, {\"land\": \"CH\"}]").Text;
        for (var i = int.Parse(Call("JSON.GetArraySize", j).Text) - 1; i >= 0; i--)
            if (Call("JSON.GetPathItem", j, i + "\rland", "1").Text != "CH")
                Call("JSON.DeleteItemFromArray", j, i.ToString());
        Assert.Equal("[{\"land\":\"CH\"},{\"land\":\"CH\"},{\"land\":\"CH\"},{\"land\":\"CH\"}]",
            Call("JSON.Compact", j).Text);
        Call("JSON.Release", j);
    }

    [Fact]
    public void GetObjectItemAsReferenceAndGetArrayItemFlags()
    {
        var item = Call("JSON.GetObjectItem", "{\"a\":{\"b\":1}}", "a", "1").Text;
        Assert.Equal("{\"b\":1}", Call("JSON.Compact", item).Text);
        Call("JSON.Release", item);
        Assert.Equal("Hello", Call("JSON.GetArrayItem", "[\"Hello\"]", "0", "2").Text);
        var tree = Call("JSON.GetObjectItemTreeRef", "{\"a\":[1,{\"c\":true}]}", "a", "1", "c").Text;
        Assert.Equal("true", Call("JSON.Format", tree).Text);
        Call("JSON.Release", tree);
    }

    [Fact]
    public void SetFormatOptionsChangesFormat()
    {
        try
        {
            Assert.Equal("OK", Call("JSON.SetFormatOptions", "-", "+").Text);
            Assert.Equal("{\n-\"test\":+1234,\n-\"values\":+[2, 3, 4]\n}",
                Call("JSON.Format", "{\"test\":1234, \"values\":[2,3,4]}").Text);
        }
        finally
        {
            Call("JSON.SetFormatOptions");
        }
        Assert.Equal("{\n\t\"test\": 1234\n}", Call("JSON.Format", "{\"test\":1234}").Text);
    }

    [Fact]
    public void ColorizeGivesStyledTextAsCss()
    {
        var r = Call("JSON.Colorize", "{\"a\":\"<b>\",\"n\":1}").Text;
        Assert.Equal("<span style=\"color: #000000;\">{</span><span style=\"color: #0000FF;\">\"a\"</span><span " +
            "style=\"color: #000000;\">:</span>"
            + "<span style=\"color: #800080;\">\"&lt;b&gt;\"</span><span style=\"color: #000000;\">,</span><span " +
                "style=\"color: #0000FF;\">\"n\"</span>"
            + "<span style=\"color: #000000;\">:</span><span style=\"color: #FF8000;\">1</span><span style=\"color: " +
                "#000000;\">}</span>", r);
        Assert.Contains("#FFFFFF", Call("JSON.Colorize", "[1]", "1").Text);
    }

    [Fact]
    public void PathsInFileMakerSyntaxAndCounts()
    {
        const string json = "{\"people\":[{\"first\":\"Christian\",\"last\":\"Schmitz\"}]}";
        Assert.Equal("Schmitz", Call("JSON.GetPathItem", json, "people[0].last", "1").Text);
        Assert.Equal("\"Schmitz\"", Call("JSON.GetPathItem", json, "people\r0\rlast").Text);
        Assert.Equal("1", Call("JSON.GetPathItem", json, "people\r#").Text);
        Assert.True(Call("JSON.GetPathItem", json, "people\r3").IsError);
        Assert.Equal("", Call("JSON.GetPathItem", json, "people\r3", "2").Text);
        Assert.Equal("{\"people\":[{\"first\":\"Christian\",\"last\":\"Schmitz\",\"country\":\"Germany\"}]}",
            Call("JSON.Compact", Call("JSON.SetPathItem", json, "people\r0\rcountry", "\"Germany\"").Text).Text);
        Assert.Equal("{\"a\":{\"b\":[\"text\"]}}",
            Call("JSON.Compact", Call("JSON.SetPathItem", "{}", "a\rb\rappend", "text").Text).Text);
    }
}

public class JsonPatchTests
{
    [Fact]
    public void FailingPatchLeavesTheDocumentUnchanged()
    {
        var r = JsonExampleTests.Call("JSON.JSONPatch.ApplyPatch", "{\"a\":1}",
            "[{\"op\":\"add\",\"path\":\"/b\",\"value\":2},{\"op\":\"test\",\"path\":\"/a\",\"value\":5}]");
        Assert.True(r.IsError);
        Assert.Contains("test failed", r.Text);
        Assert.Equal("{\"a\":1,\"b\":[2,3]}", JsonExampleTests.Call("JSON.Compact",
            JsonExampleTests.Call("JSON.JSONPatch.ApplyPatch", "{\"a\":1,\"b\":[3]}", "[{\"op\":\"add\",\"path\":\"/" +
            "b/0\",\"value\":2},{\"op\":\"test\",\"path\":\"/a\",\"value\":1}]").Text).Text);
    }
}

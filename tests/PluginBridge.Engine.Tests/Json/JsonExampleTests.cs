using PluginBridge.Engine.Core;
using Xunit;

namespace PluginBridge.Engine.Tests.Json;

/// <summary>
/// One row per JSON function, taken from MBS's own documented examples and results (MBS function catalogue,
/// CadenceUX/monkeybread-mbs-plugin-skill references/group-09.json, CC BY 4.0). The catalogue shows results with
/// their whitespace lost; we compare against cJSON's layout, which MBS's JSON functions use.
/// Parameters written "#123" are passed as FileMaker numbers, the rest as text.
/// </summary>
public class JsonExampleTests
{
    internal static Value Call(string function, params string[] args) =>
        Plugin.Call(function, args.Select(s => s.StartsWith('#') && s.Length > 1
            ? Value.Arg(PluginBridge.Engine.Core.ValueType.Number, s[1..], null, null) : Value.FromText(s)).ToArray());

    [Theory]
    [InlineData("JSON.AddArrayToArray", new[] { "[1,2]", "[3,4]", "[5]" }, "[1, 2, 3, 4, 5]")]
    [InlineData("JSON.AddBooleanToObject", new[] { "{}", "test", "#1" }, "{\n\t\"test\":\ttrue\n}")]
    [InlineData("JSON.AddFalseToObject", new[] { "{}", "hello", "world" },
        "{\n\t\"hello\":\tfalse,\n\t\"world\":\tfalse\n}")]
    [InlineData("JSON.AddItemToArray", new[] { "[]", "1", "2", "\"Heinz\"" }, "[1, 2, \"Heinz\"]")]
    [InlineData("JSON.AddItemToObject", new[] { "{}", "test", "12063660878882855000013426248015578834577" },
        "{\n\t\"test\":\t12063660878882855000013426248015578834577\n}")]
    [InlineData("JSON.AddNullToObject", new[] { "{}", "hello", "test" },
        "{\n\t\"hello\":\tnull,\n\t\"test\":\tnull\n}")]
    [InlineData("JSON.AddNumberToArray", new[] { "[]", "#1", "#2", "#3", "#4" }, "[1, 2, 3, 4]")]
    [InlineData("JSON.AddNumberToObject", new[] { "{}", "hello", "#1", "test", "#5" },
        "{\n\t\"hello\":\t1,\n\t\"test\":\t5\n}")]
    [InlineData("JSON.AddStringToArray", new[] { "[\"1\",\"2\",\"3\"]", "4" }, "[\"1\", \"2\", \"3\", \"4\"]")]
    [InlineData("JSON.AddStringToObject", new[] { "{}", "hello", "world", "test", "entry" },
        "{\n\t\"hello\":\t\"world\",\n\t\"test\":\t\"entry\"\n}")]
    [InlineData("JSON.AddTrueToObject", new[] { "{}", "hello", "world" },
        "{\n\t\"hello\":\ttrue,\n\t\"world\":\ttrue\n}")]
    [InlineData("JSON.AddValueToArray", new[] { "[]", "#1", "#2", "#3", "Hello", "#1" }, "[1, 2, 3, \"Hello\", 1]")]
    [InlineData("JSON.AddValueToObject", new[] { "{}", "Hello", "World", "test", "#123", "a", "abc" },
        "{\n\t\"Hello\":\t\"World\",\n\t\"test\":\t123,\n\t\"a\":\t\"abc\"\n}")]
    [InlineData("JSON.ArraySlice", new[] { "[\"Banana\", \"Orange\", \"Lemon\", \"Apple\", \"Mango\"]", "-3", "-1" },
        "[\"Lemon\", \"Apple\"]")]
    [InlineData("JSON.Compact", new[] { "[1 \t , \t 2 \t ,\t \t \t3]" }, "[1,2,3]")]
    [InlineData("JSON.CreateArray", new string[0], "[]")]
    [InlineData("JSON.CreateBoolean", new[] { "#1" }, "true")]
    [InlineData("JSON.CreateDoubleArray", new[] { "#1", "#2", "#3" }, "[1, 2, 3]")]
    [InlineData("JSON.CreateFalse", new string[0], "false")]
    [InlineData("JSON.CreateIntegerArray", new[] { "#1", "#2", "#3" }, "[1, 2, 3]")]
    [InlineData("JSON.CreateNull", new string[0], "null")]
    [InlineData("JSON.CreateNumber", new[] { "123.5" }, "123.5")]
    [InlineData("JSON.CreateObject", new string[0], "{}")]
    [InlineData("JSON.CreateString", new[] { "Hello World" }, "\"Hello World\"")]
    [InlineData("JSON.CreateStringArray", new[] { "Hello", "World" }, "[\"Hello\", \"World\"]")]
    [InlineData("JSON.CreateStringArrayWithList", new[] { "Hello\rWorld\rTest" }, "[\"Hello\", \"World\", \"Test\"]")]
    [InlineData("JSON.CreateTrue", new string[0], "true")]
    [InlineData("JSON.CreateValue", new[] { "Hello\rWorld\ttest" }, "\"Hello\\rWorld\\ttest\"")]
    [InlineData("JSON.DeleteItemFromArray", new[] { "[1,2,3]", "2" }, "[1, 2]")]
    [InlineData("JSON.DeleteItemFromObject", new[] { "{\"Hello\": \"World\", \"test\": true}", "test" },
        "{\n\t\"Hello\":\t\"World\"\n}")]
    [InlineData("JSON.EqualContent", new[] { "\"123\"", "123" }, "1")]
    [InlineData("JSON.Equals", new[] { "{\"key\": \"value\"}", "{\"key\": \"Value\"}" }, "0")]
    [InlineData("JSON.FilterObjectArray", new[] { "[{\"test\":12}, {\"test\":123}]", "test", "#123" },
        "[{\n\t\t\"test\":\t123\n\t}]")]
    [InlineData("JSON.FindValueInArray", new[] { "[5,6,3,7,1,4,3,7]", "#3", "#2" }, "2\r6")]
    [InlineData("JSON.FindValueInObjectArray", new[] { "[{\"key2\": \"test\"}, {\"key\": 1}]", "key2", "\"test\"" },
        "0")]
    [InlineData("JSON.Flatten", new[] { "{\"test\": 123}" }, "{\n\t\"$['test']\":\t123\n}")]
    [InlineData("JSON.Format", new[] { "\"\\uD83C\\uDF4E\"" }, "\"🍎\"")]
    [InlineData("JSON.GetArrayItem", new[] { "[1,2,3]", "1" }, "2")]
    [InlineData("JSON.GetArrayItemsAsList", new[] { "[\"Hello\",\"World\",\"Test\"]", "1" }, "Hello\rWorld\rTest")]
    [InlineData("JSON.GetArrayPathItems",
        new[] { "[{\"first\":\"Christian\",\"last\":\"Schmitz\",\"city\":\"Nickenich\"}, " +
        "{\"first\":\"Peter\",\"last\":\"Miller\",\"city\":\"New York\"}]", "first", "1" }, "Christian\rPeter")]
    [InlineData("JSON.GetArraySize", new[] { "[1, 2, 3, 4]" }, "4")]
    [InlineData("JSON.GetBooleanValue", new[] { "true" }, "1")]
    [InlineData("JSON.GetDoubleValue", new[] { "3.4" }, "3.4")]
    [InlineData("JSON.GetIntegerValue", new[] { "3" }, "3")]
    [InlineData("JSON.GetObjectItem", new[] { "{\"hello\":\"world\"}", "hello" }, "\"world\"")]
    [InlineData("JSON.GetObjectItemTree", new[] { "{\"addresses\":[{\"value\":{\"streetAddress\":\"Main St\"}}]}",
        "addresses", "0", "value", "streetAddress" }, "\"Main St\"")]
    [InlineData("JSON.GetObjectName", new[] { "{\"a\":\"b\", \"c\":\"d\"}", "0" }, "a")]
    [InlineData("JSON.GetObjectNameList", new[] { "{\"a\":\"b\", \"c\":\"d\"}" }, "a\rc")]
    [InlineData("JSON.GetObjectSize", new[] { "{\"a\":\"b\", \"c\":\"d\"}" }, "2")]
    [InlineData("JSON.GetPathItem", new[] { "{\"people\":{\"best.friend\":{\"first\":\"Christian\"," +
        "\"last\":\"Schmitz\",\"city\":\"Nickenich\"}}}", "['people']['best.friend']['first']", "3" }, "Christian")]
    [InlineData("JSON.GetStringValue", new[] { "\"Hello\\rjust a test\"" }, "Hello\rjust a test")]
    [InlineData("JSON.GetType", new[] { "#123" }, "number")]
    [InlineData("JSON.GetValue", new[] { "\"\\uD83C\\uDF4E\"" }, "🍎")]
    [InlineData("JSON.IsValid", new[] { "[1,hello,3]" }, "0")]
    [InlineData("JSON.Merge", new[] { "{\"a\":[1,2], \"c\":3}", "{\"a\":[3,4], \"b\":2, \"c\":4}" },
        "{\n\t\"a\":\t[1, 2, 3, 4],\n\t\"c\":\t4,\n\t\"b\":\t2\n}")]
    [InlineData("JSON.JSONPatch.ApplyPatch", new[] { "{\"people\":[{\"first\":\"Christian\",\"last\":\"Miller\"," +
        "\"city\":\"Nickenich\"}]}", "[{\"op\":\"replace\",\"path\":\"/people/0/first\",\"value\":\"Peter\"}," +
        "{\"op\":\"remove\",\"path\":\"/people/0/last\"},{\"op\":\"add\",\"path\":\"/people/0/zip\",\"value\":56645}" +
        "]" }, "{\n\t\"people\":\t[{\n\t\t\t\"first\":\t\"Peter\",\n\t\t\t\"city\":\t\"Nickenich\"," +
        "\n\t\t\t\"zip\":\t56645\n\t\t}]\n}")]
    [InlineData("JSON.JSONPatch.FromDiff", new[] { "{\"people\":[{\"first\":\"Christian\",\"last\":\"Miller\"," +
        "\"city\":\"Nickenich\",\"pkey\":\"EAE6757654564DEAC\"}]}",
        "{\"people\":[{\"first\":\"Peter\",\"city\":\"Nickenich\", \"zip\": 56645, \"pkey\":\"EAE6757654564DEAC\" }]}",
        "pkey" }, "[{\n\t\t\"op\":\t\"replace\",\n\t\t\"path\":\t\"/people/0/first\",\n\t\t\"value\":\t\"Peter\"," +
        "\n\t\t\"pkey\":\t\"EAE6757654564DEAC\"\n\t}, {\n\t\t\"op\":\t\"remove\",\n\t\t\"path\":\t\"/people/0/last\"," +
        "\n\t\t\"pkey\":\t\"EAE6757654564DEAC\"\n\t}, {\n\t\t\"op\":\t\"add\",\n\t\t\"path\":\t\"/people/0/zip\"," +
        "\n\t\t\"value\":\t56645,\n\t\t\"pkey\":\t\"EAE6757654564DEAC\"\n\t}]")]
    [InlineData("JSON.MergePatch.ApplyPatch", new[] { "{\"people\":[{\"first\":\"Christian\"}],\"id\":1}",
        "{\"people\":[{\"first\":\"Peter\",\"zip\":56645}],\"id\":null}" },
        "{\n\t\"people\":\t[{\n\t\t\t\"first\":\t\"Peter\",\n\t\t\t\"zip\":\t56645\n\t\t}]\n}")]
    [InlineData("JSON.MergePatch.FromDiff",
        new[] { "{\"people\":[{\"first\":\"Christian\"}],\"id\":1}", "{\"people\":[{\"first\":\"Peter\"}]}" },
        "{\n\t\"people\":\t[{\n\t\t\t\"first\":\t\"Peter\"\n\t\t}],\n\t\"id\":\tnull\n}")]
    [InlineData("JSON.ReplaceItemInArray", new[] { "[1,2,3,4]", "2", "5" }, "[1, 2, 5, 4]")]
    [InlineData("JSON.ReplaceItemInObject", new[] { "{\"key\":\"value\"}", "key", "\"Hello\"" },
        "{\n\t\"key\":\t\"Hello\"\n}")]
    [InlineData("JSON.SetPathItem", new[] { "[1,2,3]", "1", "#5" }, "[1, 5, 3]")]
    [InlineData("JSON.Sort", new[] { "[9,4,3.2,3.1,123]" }, "[3.1, 3.2, 4, 9, 123]")]
    [InlineData("JSON.Unflatten", new[] { "{\"$['a'][0]['b']\": 1, \"$['c']\": \"x\"}" },
        "{\n\t\"a\":\t[{\n\t\t\t\"b\":\t1\n\t\t}],\n\t\"c\":\t\"x\"\n}")]
    public void DocumentedExample(string function, string[] args, string expected)
    {
        var r = Call(function, args);
        Assert.False(r.IsError, r.Text);
        Assert.Equal(expected, r.Text);
    }
}

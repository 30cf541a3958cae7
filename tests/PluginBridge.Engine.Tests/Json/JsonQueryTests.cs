using PluginBridge.Engine.Core;
using Xunit;

namespace PluginBridge.Engine.Tests.Json;

/// <summary>
/// JSON.Query, JSON.Replace (JSONPath, jsoncons dialect) and JSON.ToCSV against the examples and results of MBS's
/// function catalogue (group-09, CC BY 4.0). Results are compared as compact JSON: the catalogue shows them with
/// their whitespace lost.
/// </summary>
public class JsonQueryTests
{
    const string Store = """
        { "store": { "book": [
          { "category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95 },
          { "category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99 },
          { "category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3",
            "price": 8.99 },
          { "category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings",
            "isbn": "0-395-19395-8", "price": 22.99 } ],
          "bicycle": { "color": "red", "price": 19.95 } } }
        """;

    const string TwoTests = "[ {\"test\":\"abc\", \"ID\": 1}, {\"test\":\"Hello\", \"ID\": 2} ]";

    static string Compact(Value v)
    {
        Assert.False(v.IsError, v.Text);
        return JsonExampleTests.Call("JSON.Compact", v.Text).Text;
    }

    [Theory]
    [InlineData("{\"test\":123}", "$", "[{\"test\":123}]")]
    [InlineData(Store, "$.store.book[?(@.author =~ /Evelyn.*?/)]",
        "[{\"category\":\"fiction\",\"author\":\"Evelyn Waugh\",\"title\":\"Sword of Honour\",\"price\":12.99}]")]
    [InlineData(Store, "keys($.store.book[1])[*]", "[\"category\",\"author\",\"title\",\"price\"]")]
    [InlineData(Store, "$.store[@.book[?(@.price > 10)].title]", "[\"Sword of Honour\",\"The Lord of the Rings\"]")]
    [InlineData(TwoTests, "$[?(@.test == 'Hello')]", "[{\"test\":\"Hello\",\"ID\":2}]")]
    [InlineData(TwoTests, "$[?(@.test == 'Hello' || @.test == 'abc')]",
        "[{\"test\":\"abc\",\"ID\":1},{\"test\":\"Hello\",\"ID\":2}]")]
    [InlineData(Store, "$..book[-1:].isbn", "[\"0-395-19395-8\"]")]
    [InlineData(Store, "$.store.book[0,2].price", "[8.95,8.99]")]
    [InlineData(Store, "$..book[?(@.isbn)].title", "[\"Moby Dick\",\"The Lord of the Rings\"]")]
    [InlineData(Store, "$.store.book[?(length(@.title) < 10)].title", "[\"Moby Dick\"]")]
    [InlineData(Store, "$.nothing", "[]")]
    public void QueryMatchesMbsExamples(string json, string query, string expected)
    {
        var args = json == "{\"test\":123}" ? new[] { json, query, "#0" } : new[] { json, query };
        Assert.Equal(expected, Compact(JsonExampleTests.Call("JSON.Query", args)));
    }

    [Fact]
    public void QueryFlagsGivePathsSortedAndWithoutDuplicates()
    {
        var paths = JsonExampleTests.Call("JSON.Query", Store, "$.store.book[1,0,1].price", "#11");
        Assert.Equal("[\"$['store']['book'][0]['price']\",\"$['store']['book'][1]['price']\"]", Compact(paths));
        var values = JsonExampleTests.Call("JSON.Query", Store, "$.store.book[1,0,1].price", "#0");
        Assert.Equal("[12.99,8.95,12.99]", Compact(values));
    }

    [Theory]
    [InlineData("""
        {"books": [ {"title": "A Wild Sheep Chase", "price": 20.0}, {"title": "The Night Watch", "price": 23.58} ]}
        """,
        "$.books[?(@.title == 'A Wild Sheep Chase')].price", "123",
        """{"books":[{"title":"A Wild Sheep Chase","price":123},{"title":"The Night Watch","price":23.58}]}""")]
    [InlineData("{\"author\": \"test\", \"category\": null, \"price\": null, \"title\": \"test\"}", "$..[?(@ == null)]",
        "\"\"", "{\"author\":\"test\",\"category\":\"\",\"price\":\"\",\"title\":\"test\"}")]
    [InlineData("[1,2,null,3,4]", "$..[?(@ == null)]", "0", "[1,2,0,3,4]")]
    [InlineData("[\"test\", \"abc\", \"ast\"]", "$[?(contains(@,'s'))]", "\"match\"", "[\"match\",\"abc\",\"match\"]")]
    [InlineData("{\"a\":{\"red\":1,\"x\":{\"red\":2}},\"red\":3}", "$..red", "123",
        "{\"a\":{\"red\":123,\"x\":{\"red\":123}},\"red\":123}")]
    public void ReplaceMatchesMbsExamples(string json, string path, string replacement, string expected) =>
        Assert.Equal(expected, Compact(JsonExampleTests.Call("JSON.Replace", json, path, replacement)));

    [Fact]
    public void ReplaceChangesAReferenceInPlace()
    {
        var reference = JsonExampleTests.Call("JSON.Parse", "[1,null,3]").Text;
        try
        {
            Assert.Equal(reference, JsonExampleTests.Call("JSON.Replace", reference, "$[?(@ == null)]", "2").Text);
            Assert.Equal("[1,2,3]", JsonExampleTests.Call("JSON.Compact", reference).Text);
        }
        finally { JsonExampleTests.Call("JSON.Release", reference); }
    }

    [Theory]
    [InlineData("JSON.Query", "$.a[?(@.b ==", "JSONPath syntax error")]
    [InlineData("JSON.Query", "$[?(nosuch(@))]", "Unknown JSONPath function nosuch()")]
    [InlineData("JSON.Replace", "keys($)[*]", "a query that starts with a function")]
    [InlineData("JSON.Query", "$[?(", "JSONPath syntax error")]
    public void BadQueriesAreMbsErrors(string function, string path, string message)
    {
        if (path == "$[?(") path += new string('(', 100_000) + "1" + new string(')', 100_001) + "]";
        var args = function == "JSON.Replace" ? new[] { "{\"a\":1}", path, "1" } : new[] { "{\"a\":1}", path };
        var r = JsonExampleTests.Call(function, args);
        Assert.True(r.IsError);
        Assert.StartsWith("[MBS] ", r.Text);
        Assert.Contains(message, r.Text);
    }

    [Theory]
    // MBS's two examples (group-09), then the TOON spec's (1.3, appendix A and section 7.2).
    [InlineData("{\"hello\":123}", "hello: 123")]
    [InlineData("{\"people\":[{\"first\":\"Christian\",\"last\":\"Schmitz\",\"city\":\"Nickenich\"}]}",
        "people[1]{first,last,city}:\n  Christian,Schmitz,Nickenich")]
    [InlineData("{\"user\":{\"id\":123,\"name\":\"Ada\"},\"tags\":[\"admin\",\"ops\"]}",
        "user:\n  id: 123\n  name: Ada\ntags[2]: admin,ops")]
    [InlineData("{\"pairs\":[[1,2],[3,4]]}", "pairs[2]:\n  - [2]: 1,2\n  - [2]: 3,4")]
    [InlineData("{\"items\":[1,{\"a\":1},\"text\"]}", "items[3]:\n  - 1\n  - a: 1\n  - text")]
    [InlineData("{\"items\":[{\"id\":1,\"name\":\"First\"},{\"id\":2,\"name\":\"Second\",\"extra\":true}]}",
        "items[2]:\n  - id: 1\n    name: First\n  - id: 2\n    name: Second\n    extra: true")]
    [InlineData("""{"a":"","b":"42","c":"true","d":"x:y","e":"-x","f":"a,b","g":"Hi there","my key":1.50}""",
        "a: \"\"\nb: \"42\"\nc: \"true\"\nd: \"x:y\"\ne: \"-x\"\nf: \"a,b\"\ng: Hi there\n\"my key\": 1.5")]
    [InlineData("[]", "[0]:")]
    public void ToToonFollowsMbsAndTheSpec(string json, string expected) =>
        Assert.Equal(expected, JsonExampleTests.Call("JSON.ToToon", json).Text);

    [Fact]
    public void ToCsvMatchesMbsExamples()
    {
        const string cities = """
            [ {"name": "Seattle", "state": "WA"}, {"name": "New York", "state": "NY"},
              {"name": "Bellevue", "state": "WA"}, {"name": "Olympia", "state": "WA"} ]
            """;
        Assert.Equal("name;state\rSeattle;WA\rNew York;NY\rBellevue;WA\rOlympia;WA",
            JsonExampleTests.Call("JSON.ToCSV", cities).Text);
        const string books = """
            [ {"Author": "Haruki Murakami", "category": "fiction", "price": 20.0, "title": "A Wild Sheep Chase"},
              {"Author": "Phillips, David Atlee", "category": "memoir", "title": "The Night Watch"} ]
            """;
        Assert.Equal("Author,category,price,title\rHaruki Murakami,fiction,20.0,A Wild Sheep Chase\r" +
            "\"Phillips, David Atlee\",memoir,,The Night Watch",
            JsonExampleTests.Call("JSON.ToCSV", books, "#0", "\r", ",").Text);
        Assert.Equal("name;state\rSeattle;WA",
            JsonExampleTests.Call("JSON.ToCSV", "[[\"name\", \"state\"], [\"Seattle\", \"WA\"]]").Text);
        Assert.Equal("\"Seattle\";1", JsonExampleTests.Call("JSON.ToCSV", "[{\"n\":\"Seattle\",\"v\":1}]", "#3").Text);
    }
}

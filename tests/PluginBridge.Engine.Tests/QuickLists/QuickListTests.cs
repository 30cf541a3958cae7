using PluginBridge.Engine.Core;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.QuickLists;

/// <summary>The QuickList family run as MBS's own examples run it (catalogue group-19 pages), with the results those
/// pages give, and the list kept under its number between calls.</summary>
[Collection("host")] // pb_shutdown in other host tests would release the lists
public class QuickListTests
{
    static string New(string text, params string[] more) => Ok("QuickList.New", [text, .. more]);

    static string List(string list, params string[] more) => Ok("QuickList.GetList", [list, .. more]);

    [Fact]
    public void FilterJsonItemsAsMbsExampleDoes()
    {
        // JSON.GetArrayItemsAsQuickList's "filter" example: loop backwards, remove id 2, join again.
        var list = Ok("JSON.GetArrayItemsAsQuickList", "[{\"id\": 1},{\"id\": 2},{\"id\": 3}]");
        Assert.True(long.Parse(list) >= 12000, list);
        Assert.Contains("\"QuickList\"", Ok("Plugin.ObjectCounts", "1"));
        var n = int.Parse(Ok("QuickList.Count", list));
        Assert.Equal(3, n);
        while (n > 0)
        {
            n--;
            var item = Ok("QuickList.GetValue", list, n.ToString());
            if (item.Contains("\"id\":2")) Assert.Equal("OK", Ok("QuickList.Remove", list, n.ToString()));
        }
        Assert.Equal("[{\"id\":1},{\"id\":3}]", Ok("QuickList.JoinJSON", list));
        Assert.Equal("OK", Ok("QuickList.Release", list));
        var again = Plugin.Call("QuickList.Count", list);
        Assert.True(again.IsError);
        Assert.StartsWith("[MBS] ", again.Text);
    }

    [Fact]
    public void JoinJsonRefusesValuesThatAreNotJson()
    {
        var list = New("{\"id\": 1}¶not json".Replace('¶', '\r'));
        var r = Plugin.Call("QuickList.JoinJSON", list);
        Assert.True(r.IsError);
        Assert.StartsWith("[MBS] ", r.Text);
        Ok("QuickList.Release", list);
        Assert.True(Plugin.Call("JSON.GetArrayItemsAsQuickList", "{\"a\": 1}").IsError);
    }

    [Fact]
    public void NewSplitsAtSeparatorsAndGetListEndsWithReturn()
    {
        var a = New("Hello|World", "|");
        Assert.Equal("Hello\rWorld\r", List(a));
        Assert.Equal("Hello\rWorld", List(a, "1"));
        Assert.Equal("Hello, World, ", List(a, "0", ", "));
        Assert.Equal("HelloWorld", List(a, "1", ""));
        var b = New("1\r2\n3\r\n4\r"); // MBS: "accepts CR and LF as delimiter"
        Assert.Equal("4", Ok("QuickList.Count", b));
        var c = New("a\tb", "9"); // an ASCII code as separator
        Assert.Equal("b", Ok("QuickList.GetValue", c, "1"));
        var empty = New("");
        Assert.Equal("0", Ok("QuickList.Count", empty));
        Assert.Equal("", List(empty));
        foreach (var l in new[] { a, b, c, empty }) Ok("QuickList.Release", l);
    }

    [Fact]
    public void ValuesAreAddedSetInsertedAndTaken()
    {
        var q = New("Hello\rWorld");
        Ok("QuickList.AddValue", q, "1234");
        Ok("QuickList.AddValue", q, "5678");
        Assert.Equal("Hello\rWorld\r1234\r5678\r", List(q)); // QuickList.AddValue's example
        Ok("QuickList.SetValue", q, "0", "Element 0");
        Ok("QuickList.SetValue", q, "4", "appended"); // index = count appends
        Ok("QuickList.InsertValue", q, "1", "inserted");
        Assert.Equal("Element 0\rinserted\rWorld\r1234\r5678\rappended", List(q, "1"));
        Assert.Equal("appended", Ok("QuickList.Pop", q));
        Assert.Equal("Element 0", Ok("QuickList.PopFirst", q));
        Assert.True(Plugin.Call("QuickList.GetValue", q, "4").IsError);
        Assert.True(Plugin.Call("QuickList.Remove", q, "-1").IsError);
        Ok("QuickList.RemoveValue", q, "World");
        Assert.Equal("0", Ok("QuickList.Find", q, "inserted"));
        Assert.Equal("-1", Ok("QuickList.Find", q, "INSERTED"));
        Assert.Equal("0", Ok("QuickList.Find", q, "INSERTED", "1"));
        Assert.Equal("1", Ok("QuickList.ValueIndex", q, "1234"));
        Assert.Equal("", Ok("QuickList.ValueIndex", q, "none"));
        Ok("QuickList.Clear", q);
        Assert.Equal("", Ok("QuickList.Pop", q));
        Ok("QuickList.Release", q);
    }

    [Fact]
    public void AddMultiValueRepeatsValuesAndLists()
    {
        var q = Ok("QuickList.New");
        Ok("QuickList.AddValue", q, "First");
        Ok("QuickList.AddMultiValue", q, "Middle", "10");
        Ok("QuickList.AddValue", q, "Last");
        Assert.Equal("First\r" + string.Concat(Enumerable.Repeat("Middle\r", 10)) + "Last\r", List(q));
        var r = Ok("QuickList.New");
        Ok("QuickList.AddMultiValue", r, "Hello\rWorld", "3");
        Assert.Equal("Hello\rWorld\rHello\rWorld\rHello\rWorld\r", List(r));
        Ok("QuickList.Release", q);
        Ok("QuickList.Release", r);
    }

    [Fact]
    public void SetOperationsGiveMbsResults()
    {
        var l1 = New("a\rb\rc\rd");
        var l2 = New("a\rd");
        var and = Ok("QuickList.And", l1, l2, "1"); // QuickList.And's example
        Assert.Equal("a\rd\r", List(and));
        var h = New("Hello\rWorld");
        var ab = New("a\rb");
        var or = Ok("QuickList.Or", h, ab, "1"); // QuickList.Or's example
        Assert.Equal("Hello\rWorld\ra\rb\r", List(or));
        Assert.Equal("OK", Ok("QuickList.Not", l1, l2));
        Assert.Equal("b\rc\r", List(l1));
        var x = New("1\r2\r3");
        var y = New("2\r3\r4");
        Assert.Equal("OK", Ok("QuickList.XOr", x, y));
        Assert.Equal("1\r4\r", List(x));
        foreach (var l in new[] { l1, l2, and, h, ab, or, x, y }) Ok("QuickList.Release", l);
    }

    [Fact]
    public void MatchesFilterSplitAndNegate()
    {
        var q = New("Hello\rWorld\rauto");
        Assert.Equal("OK", Ok("QuickList.MatchesPrefix", q, "w", "0")); // example: case-insensitive, in place
        Assert.Equal("World\r", List(q));
        var n = New("Hello\rWorld\rauto");
        Ok("QuickList.MatchesPrefix", n, "w", "4"); // example "not matching in prefix"
        Assert.Equal("Hello\rauto\r", List(n));
        var s = New("Hello\rWorld\rauto");
        var matches = Ok("QuickList.MatchesSubstring", s, "orl", "3"); // example: split, name in any case
        Assert.Equal("World\r", List(matches));
        Assert.Equal("Hello\rauto\r", List(s));
        var p = New("Hello\rWorld\rauto");
        Ok("QuickList.MatchesPostfix", p, "O", "0");
        Assert.Equal("Hello\rauto\r", List(p));
        foreach (var l in new[] { q, n, s, matches, p }) Ok("QuickList.Release", l);
    }

    [Fact]
    public void PrefixesPostfixesAndColumns()
    {
        var q = New("Hello\rWorld");
        Ok("QuickList.AddPrefix", q, ">");
        Ok("QuickList.AddPostfix", q, "<");
        Assert.Equal(">Hello<\r>World<\r", List(q));
        Ok("QuickList.RemovePrefix", q, ">");
        Ok("QuickList.RemovePostfix", q, "<");
        Assert.Equal("Hello\rWorld\r", List(q));
        Ok("QuickList.RemovePrefix", q, "h"); // case-insensitive by default
        Ok("QuickList.RemovePrefix", q, "w", "0", "1"); // CaseSensitive 1: "World" keeps its W
        Assert.Equal("ello\rWorld\r", List(q));

        var csv = New("Hello,123,abc\rWorld,456,def");
        var col = Ok("QuickList.GetColumn", csv, ",", "1", "1"); // GetColumn's example
        Assert.Equal("123\r456\r", List(col));
        var d = New("1-a-A\r2-b-B\r3-c-C");
        Ok("QuickList.DeleteColumn", d, "-", "1"); // DeleteColumn's example
        Assert.Equal("1-A\r2-B\r3-C\r", List(d));
        var people = New("65412|Schreiber|Klaus\r76542|Abraham|Hermmann");
        Assert.Equal("Schreiber|Klaus\rAbraham|Hermmann\r", Ok("QuickList.DeCombine", people, "|", "1", "2"));
        var names = Ok("QuickList.DeCombine", people, "|", "1", "1", "1");
        Assert.Equal("Schreiber\rAbraham", List(names, "1"));
        foreach (var l in new[] { q, csv, col, d, people, names }) Ok("QuickList.Release", l);
    }

    [Fact]
    public void SortAndSortWithFollowMbsExamples()
    {
        var keys = New("234\r123\r545\r152");
        var first = New("Bob\rJohn\rBill\rChris");
        var cities = New("New York\rSanta Clara\rSan Francisco\rAtlanta");
        Assert.Equal("OK", Ok("QuickList.SortWith", keys, "0", first, cities));
        Assert.Equal("123\r152\r234\r545\r", List(keys));
        Assert.Equal("John\rChris\rBob\rBill\r", List(first));
        Assert.Equal("Santa Clara\rAtlanta\rNew York\rSan Francisco\r", List(cities));

        var l = New("A\re\rä\rÄ\r9\r1");
        Ok("QuickList.Sort", l);
        Assert.Equal("1\r9\rA\re\rÄ\rä\r", List(l));
        Ok("QuickList.Sort", l, "3"); // descending, ignoring case
        Assert.Equal("ä", Ok("QuickList.GetValue", l, "0"));
        var nums = New("10\r9\r100");
        Ok("QuickList.Sort", nums, "16");
        Assert.Equal("9\r10\r100\r", List(nums));
        var dates = New("02.01.2020\r01.02.2020\r31.12.2019");
        Ok("QuickList.Sort", dates, "4");
        Assert.Equal("31.12.2019\r02.01.2020\r01.02.2020\r", List(dates));
        var shortList = New("x");
        Assert.True(Plugin.Call("QuickList.SortWith", keys, "0", shortList).IsError);
        foreach (var q in new[] { keys, first, cities, l, nums, dates, shortList }) Ok("QuickList.Release", q);
    }

    [Fact]
    public void CountsDuplicatesAndCrossProduct()
    {
        var q = New("1\r2\r3\r4");
        Assert.Equal("3", Ok("QuickList.CountValuesMatching", q, "<", "4")); // example
        Assert.Equal("3", Ok("QuickList.IndexOfFirstValueMatching", q, "≥", "4")); // example
        Assert.Equal("-1", Ok("QuickList.IndexOfFirstValueMatching", q, ">", "9", "1"));
        Assert.True(Plugin.Call("QuickList.CountValuesMatching", q, "~", "4").IsError);
        var dup = New("a\rb\rA\ra\rc");
        Assert.Equal("1", Ok("QuickList.HasDuplicateItems", dup));
        var found = Ok("QuickList.FindDuplicateItems", dup, "1", "1");
        Assert.Equal("a\r", List(found));
        Ok("QuickList.RemoveDuplicateItems", dup);
        Assert.Equal("a\rb\rA\rc\r", List(dup));
        Ok("QuickList.RemoveDuplicateItems", dup, "1", "0", "1"); // RemoveAll, case-insensitive
        Assert.Equal("b\rc\r", List(dup));
        var have = New("Hello\rWorld\r123");
        Assert.Equal("World\r123\r", Ok("QuickList.HasValues", have, "World\rOther\r123")); // example
        var x = New("Hello\rWorld");
        var y = New("1\r2");
        Ok("QuickList.CrossProduct", x, y); // example
        Assert.Equal("Hello1\rHello2\rWorld1\rWorld2\r", List(x));
        var texts = New("Hello\rWorld");
        Assert.Equal("[\"Hello\",\"World\"]", Ok("QuickList.JSONArray", texts));
        foreach (var l in new[] { q, dup, found, have, x, y, texts }) Ok("QuickList.Release", l);
    }

    [Fact]
    public void NamedListsAndNumbersOfOtherFamilies()
    {
        var name = $"IDs-{Guid.NewGuid():N}";
        Assert.Equal(name, New("1\r2", "", name));
        Assert.True(Plugin.Call("QuickList.New", "", "", name).IsError); // the name is taken
        Ok("QuickList.AddValue", name, "3");
        Assert.Equal("3", Ok("QuickList.Count", name));
        Assert.Contains(name, Ok("QuickList.List").Split('\r'));
        Ok("QuickList.Release", name);
        Assert.True(Plugin.Call("QuickList.Count", name).IsError);

        var json = Ok("JSON.CreateObjectRef");
        var wrong = Plugin.Call("QuickList.Count", json);
        Assert.True(wrong.IsError);
        Assert.Contains("JSON", wrong.Text);
        Ok("JSON.Release", json);
    }
}

using PluginBridge.Engine.Core;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Lists;

/// <summary>The List functions with the examples and results of their MBS catalogue pages (group-10): results
/// end with ¶ unless NoReturnEnding is 1.</summary>
public class ListTests
{
    [Fact]
    public void MatchesPrefixAndPostfixIgnoreCase()
    {
        Assert.Equal("www\rWorld\r", Ok("List.MatchesPrefix", "Hello\rwww\rWorld", "w")); // example
        Assert.Equal("www\rWorld", Ok("List.MatchesPrefix", "Hello\rwww\rWorld", "W", "1"));
        Assert.Equal("Hello\rauto\r", Ok("List.MatchesPostfix", "Hello\rauto\rWorld", "o")); // example
        // CURL.GetHeaders' example picks the file name header out of the response headers this way.
        var headers = "HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n" +
            "content-disposition: attachment; filename=\"a.pdf\"\r\n\r\n";
        Assert.Equal("content-disposition: attachment; filename=\"a.pdf\"",
            Ok("List.MatchesPrefix", headers, "Content-Disposition:", "1"));
        Assert.Equal("", Ok("List.MatchesPrefix", "", "x"));
    }

    [Fact]
    public void PrefixesDuplicatesAndEmptyItems()
    {
        Assert.Equal("!Hello\r!World\r", Ok("List.AddPrefix", "Hello\rWorld", "!"));
        Assert.Equal("Hello!\rWorld!", Ok("List.AddPostfix", "Hello\rWorld", "!", "1"));
        Assert.Equal("Hello\rWorld\r", Ok("List.RemoveEmptyItems", "Hello\r\rWorld"));
        Assert.Equal("Hello\rOther\rWorld\r", Ok("List.RemovePostfix", "Hello?\rOther\rWorld?", "?")); // example
        Assert.Equal("Hello\rOther\rWorld\r", Ok("List.RemovePrefix", "testHello\rOther\rTESTWorld", "test"));
        Assert.Equal("Hello\rOther\rTESTWorld",
            Ok("List.RemovePrefix", "testHello\rOther\rTESTWorld", "test", "1", "1"));
        Assert.Equal("Test\rWorld\rHello\r", Ok("List.Reverse", "Hello\rWorld\rTest")); // example
        Assert.Equal("Hello\rWorld\r", Ok("List.RemoveDuplicateItems", "Hello\rWorld\rHello")); // example
        Assert.Equal("World\r", Ok("List.RemoveDuplicateItems", "Hello\rWorld\rHello", "0", "1")); // example
        Assert.Equal("World", Ok("List.RemoveDuplicateItems", "Hello\rWorld\rHELLO", "1", "1", "1"));
    }

    [Fact]
    public void SetOperationsAndColumns()
    {
        Assert.Equal("3\r4\r", Ok("List.And", "1\r2\r3\r4", "3\r4\r5\r6")); // example
        Assert.Equal("1\r2\r3\r4\r5\r6\r", Ok("List.Or", "1\r2\r3\r4", "3\r4\r5\r6")); // example
        Assert.Equal("2 test 4\ra f c\rd b\r", // example: List2's lines whose column 1 is in List1's column 1
            Ok("List.AndColumn", "1 test 3\ra b c\rd\re f", "2 test 4\ra f c\rd b", " ", "1"));
        Assert.Equal("A\r", Ok("List.Intersection", "A", "B\rA", "A\rC")); // example
        Assert.Equal("World\rOther\r", Ok("List.MapEntries", "1\r2\r3\r4", "2\r4", "Hello\rWorld\rTest\rOther"));
    }

    [Fact]
    public void ColumnsCountsAndCrossProducts()
    {
        var words = "Hello|The|World\rThats|What|WeMake\rYUPP|Thats|Fun";
        Assert.Equal("The\rWhat\rThats", Ok("List.DeCombine", words, "|", "1", "1", "1")); // examples
        Assert.Equal("Hello|The\rThats|What\rYUPP|Thats", Ok("List.DeCombine", words, "|", "0", "1", "1"));
        Assert.Equal("a,c\r1,3\r", Ok("List.DeleteColumn", "a,b,c\r1,2,3", ",", "1")); // example
        Assert.Equal("2", Ok("List.CountValuesMatching", "1\r2\r3\r4", ">=", "3")); // example
        Assert.Equal("3", Ok("List.CountValuesMatching", "10\r20\r300\r40", "<", "100", "1")); // example
        Assert.Equal("beforeHellomiddle1after\rbeforeHellomiddle2after\rbeforeWorldmiddle1after\r" +
            "beforeWorldmiddle2after\r", Ok("List.CrossProduct", "Hello\rWorld", "1\r2", "before", "middle", "after"));
        Assert.Equal("Hello\t1\rWorld\t2", Ok("List.CrossProduct", "Hello\rWorld", "1\r2", "", "\t", "", "3"));
        Assert.Equal("", Ok("List.CrossProduct", "", "1\r2"));
    }

    [Fact]
    public void FindingValuesAndDuplicates()
    {
        Assert.Equal("1", Ok("List.Find", "Hello\rWorld\rTest", "World")); // examples
        Assert.Equal("1", Ok("List.Find", "Hello\rWorld\rTest", "world", "1"));
        Assert.Equal("-1", Ok("List.Find", "Hello\rWorld\rTest", "world"));
        Assert.Equal("1\r7\r", Ok("List.FindDuplicateItems", "1\r2\r3\r4\r1\r7\r7\r8\r1")); // example
        Assert.Equal("a\rc", Ok("List.FindDuplicateItems", "a\rA\rb\rc\rC", "1", "1"));
        Assert.Equal("1", Ok("List.HasDuplicateItems", "Hello\rTest\rWorld\rTest")); // example
        Assert.Equal("01", Ok("List.HasDuplicateItems", "a\rA", "0") + Ok("List.HasDuplicateItems", "a\rA", "1"));
        Assert.Equal("1", Ok("List.HasValue", "1\r2\r3", "2"));
        Assert.Equal("0", Ok("List.HasValue", "1\r2\r3", "4"));
        Assert.Equal("Hello", Ok("List.GetValue", "Hello\rWorld", "0")); // example
        Assert.True(Plugin.Call("List.GetValue", "Hello\rWorld", "2").IsError);
        Assert.Equal("Hello\r", Ok("List.FindEquals", "Hello\rWorld", "Hello\rFriends"));
        Assert.Equal("World\rFriends", Ok("List.FindUnequals", "Hello\rWorld", "Hello\rFriends", "1")); // examples
        Assert.Equal("World", Ok("List.FindUnequals", "Hello\rWorld", "Hello\rFriends", "1", "1"));
        Assert.Equal("123\r456\r", Ok("List.GetColumn", "Hello,123,abc\rWorld,456,def", ",", "1")); // example
    }

    [Fact]
    public void SortAndSubList()
    {
        Assert.Equal("1\r7\r555\r", Ok("List.Sort", "1\r555\r7", "16")); // example, with its trailing ¶
        Assert.Equal("Hello\rTest\rWorld\r", Ok("List.Sort", "Hello\rWorld\rTest"));
        Assert.Equal("World\rtest\rHello", Ok("List.Sort", "Hello\rWorld\rtest", "3", "1"));
        Assert.Equal("12.01.1981\r01.04.1981\r12.04.1981\r12.07.1981\r01.01.2001\r23.11.2014\r",
            Ok("List.Sort", "01.01.2001\r12.04.1981\r01.04.1981\r12.07.1981\r12.01.1981\r23.11.2014", "4", "0"));
        Assert.Equal("04/01/1981\r04/12/1981\r07/12/1981\r01/01/2001\r11/23/2014\r",
            Ok("List.Sort", "01/01/2001\r04/12/1981\r04/01/1981\r07/12/1981\r11/23/2014", "8"));
        Assert.Equal("Hello", Ok("List.SubList", "Hello", "0", "1", "1")); // examples
        Assert.Equal("a\rb\rc\rd\re\r", Ok("List.SubList", "a\rb\rc\rd\re", "0", "-1"));
        Assert.Equal("c\rd\r", Ok("List.SubList", "a\rb\rc\rd\re", "2", "2"));
    }

    [Fact]
    public void IndexOfFirstValueMatchingFollowsTheExamples()
    {
        Assert.Equal("1", Ok("List.IndexOfFirstValueMatching", "1\r2\r3\r4", "=", "2"));
        Assert.Equal("2", Ok("List.IndexOfFirstValueMatching", "1\r2\r3\r4", ">=", "3"));
        Assert.Equal("1", Ok("List.IndexOfFirstValueMatching", "test\rhello_123\raudi 34", "prefix", "hello"));
        var list = "132430\r132433\r132437\r132445\r132447\r132450\r132463\r";
        Assert.Equal("5", Ok("List.IndexOfFirstValueMatching", list, "=", "132450", "1"));
        Assert.Equal("1", Ok("List.IndexOfFirstValueMatching", "9\r10", ">", "9", "1")); // numbers: 10 > 9
        Assert.Equal("-1", Ok("List.IndexOfFirstValueMatching", "1\r2", "=", "1", "0", "1"));
    }
}

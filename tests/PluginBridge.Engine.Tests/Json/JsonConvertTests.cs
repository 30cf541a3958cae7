using PluginBridge.Engine.Core;
using Xunit;

namespace PluginBridge.Engine.Tests.Json;

/// <summary>JSON.ToXML, JSON.ToHTML and JSON.Text: MBS's examples with their documented results, and the
/// nested cases its pages do not show (our documented reading).</summary>
public class JsonConvertTests
{
    [Fact]
    public void ToXmlMatchesMbsExample()
    {
        // MBS: MBS( "JSON.ToXML"; "{\"first\": \"Peter\", \"age\": 38}"; "test" )
        Assert.Equal("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<test>\n<first>Peter</first>\n<age>38</age>\n</test>",
            Plugin.Call("JSON.ToXML", "{\"first\": \"Peter\", \"age\": 38}", "test").Text);
    }

    [Fact]
    public void ToXmlTakesASingleMemberAsRootAndRepeatsArrays()
    {
        Assert.Equal("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<person>\n<name>A &amp; B &lt;c&gt;</name>\n" +
            "<tag>x</tag>\n<tag>y</tag>\n<none/>\n<ok>true</ok>\n</person>",
            Plugin.Call("JSON.ToXML", "{\"person\":{\"name\":\"A & B <c>\",\"tag\":[\"x\",\"y\"],\"none\":null," +
                "\"ok\":true}}").Text);
        Assert.Equal("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<root>\n<item>1</item>\n<item>2</item>\n</root>",
            Plugin.Call("JSON.ToXML", "[1,2]").Text);
        Assert.True(Plugin.Call("JSON.ToXML", "{nope").IsError);
    }

    [Fact]
    public void ToHtmlBuildsTablesWithOddEvenRows()
    {
        var table = Plugin.Call("JSON.ToHTML", "{\"a\":1,\"b\":[\"x<y\",null],\"c\":\"{\\\"d\\\":true}\"}", "1").Text;
        Assert.Equal("<table><tr class=\"odd\"><td>a</td><td>1</td></tr><tr class=\"even\"><td>b</td><td><table>" +
            "<tr class=\"odd\"><td>x&lt;y</td></tr><tr class=\"even\"><td>null</td></tr></table></td></tr>" +
            "<tr class=\"odd\"><td>c</td><td>{&quot;d&quot;:true}</td></tr></table>", table);
        var embedded = Plugin.Call("JSON.ToHTML", "{\"c\":\"{\\\"d\\\":true}\"}", "3").Text;
        Assert.Equal("<table><tr class=\"odd\"><td>c</td><td><table><tr class=\"odd\"><td>d</td><td>true</td></tr>" +
            "</table></td></tr></table>", embedded);
        var page = Plugin.Call("JSON.ToHTML", "[1]", "0", "<style>td { vertical-align:top; }</style>").Text;
        Assert.Equal("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<style>td { vertical-align:top; }" +
            "</style>\n</head>\n<body>\n<table><tr class=\"odd\"><td>1</td></tr></table>\n</body>\n</html>", page);
    }

    [Fact]
    public void TextIsReadableWithoutBracketsQuotesAndEscapes()
    {
        // MBS: MBS("JSON.Text"; "{\"test\": \"\\uD83C\uDF4E\"}") → test:<tab>🍎
        Assert.Equal("test:\t🍎", Plugin.Call("JSON.Text", "{\"test\": \"\\uD83C\\uDF4E\"}").Text);
        Assert.Equal("name:\tJoe\rtags:\r\ta\r\tb\raddress:\r\tcity:\tBonn\r\tzip:\t53111\rok:\ttrue\rnone:\t",
            Plugin.Call("JSON.Text", "{\"name\":\"Joe\",\"tags\":[\"a\",\"b\"],\"address\":{\"city\":\"Bonn\"," +
                "\"zip\":53111},\"ok\":true,\"none\":null}").Text);
        Assert.Equal("false\rtrue\rfalse", Plugin.Call("JSON.Text", "[false,true,false]").Text);
    }
}

using PluginBridge.Engine.Core;
using Xunit;

namespace PluginBridge.Engine.Tests.Core;

public class MbsJsonTests
{
    [Fact]
    public void WritesTheSpacingMbsUses()
    {
        var json = new MbsJson().BeginObject()
            .Property("Host", "127.0.0.1").Property("Port", 9999)
            .Key("Parameters").BeginObject().Property("test", "1").Property("other", "Höllo").EndObject()
            .Key("List").BeginArray().String("a").Number(2).EndArray()
            .EndObject().ToString();
        Assert.Equal("{ \"Host\" : \"127.0.0.1\" , \"Port\" : 9999 , \"Parameters\" : { \"test\" : \"1\" , \"other\" " +
            ": \"Höllo\" } , \"List\" : [ \"a\" , 2 ] }", json);
        Assert.Equal("Höllo", System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("Parameters")
            .GetProperty("other").GetString());
    }

    [Fact]
    public void EscapesControlCharactersAndQuotes()
    {
        var json = new MbsJson().BeginObject().Property("k", "a\"b\\c\r\n\u0001").EndObject().ToString();
        Assert.Equal("a\"b\\c\r\n\u0001",
            System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("k").GetString());
    }

    [Fact]
    public void EmptyObject()
    {
        Assert.Equal("{ }", new MbsJson().BeginObject().EndObject().ToString());
    }
}

using PluginBridge.Engine.Core;
using Xunit;

namespace PluginBridge.Engine.Tests.Core;

public class NumberTextTests
{
    [Theory]
    [InlineData("1e3", 1000)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5)]
    [InlineData(" -2.5E-2 ", -0.025)]
    [InlineData("+7", 7)]
    [InlineData("16000.0", 16000)]
    public void FileMakerNumberTextIsANumber(string text, double expected)
    {
        Assert.True(NumberText.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1,000")]
    [InlineData("0x10")]
    [InlineData("Infinity")]
    [InlineData("NaN")]
    [InlineData("1e")]
    [InlineData("e3")]
    [InlineData(".")]
    [InlineData("1e400")]
    [InlineData("1 2")]
    [InlineData("--1")]
    public void OtherTextIsNotANumber(string text) => Assert.False(NumberText.TryParse(text, out _));

    [Theory]
    [InlineData("1e3", 1000L)]
    [InlineData("16000.0", 16000L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("-9.2233720368547758e18", long.MinValue)]
    public void WholeNumbersFitLong(string text, long expected)
    {
        Assert.True(NumberText.TryParseWhole(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("18848.7")]
    [InlineData("9223372036854775808")]
    [InlineData("9.3e18")]
    [InlineData("1e300")]
    [InlineData("abc")]
    public void FractionsAndHugeNumbersAreNotWhole(string text) => Assert.False(NumberText.TryParseWhole(text, out _));
}

using System.Text;
using PluginBridge.Engine.Core;
using Xunit;

namespace PluginBridge.Engine.Tests.Core;

/// <summary>pb_call's lookup from the name's UTF-8 bytes finds what the string lookup finds, for every registered
/// name and alias, and leaves every other name to it.</summary>
public class Utf8NameTableTests
{
    static FunctionInfo? FromBytes(string name) => Plugin.Registry.Find(Encoding.UTF8.GetBytes(name).AsSpan());

    [Fact]
    public void FindsEveryNameAndAliasInAnyCaseWithSpacesAround()
    {
        var names = Plugin.Registry.Functions.SelectMany(f => f.Aliases.Prepend(f.Name)).ToList();
        Assert.True(names.Count > 100);
        foreach (var name in names)
        {
            var expected = Plugin.Registry.Find(name);
            Assert.NotNull(expected);
            Assert.Same(expected, FromBytes(name));
            Assert.Same(expected, FromBytes(name.ToUpperInvariant()));
            Assert.Same(expected, FromBytes(" \t" + name.ToLowerInvariant() + "\r\n "));
        }
    }

    [Fact]
    public void RememberedSpellingsStayTheirOwnWhileSlotsAreShared()
    {
        // More names than remembered slots: every pass replaces slots that other names had; each answer must
        // still be the string lookup's, in both orders and in both spellings.
        var names = Plugin.Registry.Functions.SelectMany(f => f.Aliases.Prepend(f.Name)).ToList();
        Assert.True(names.Count > 256);
        foreach (var order in new[] { names, Enumerable.Reverse(names).ToList(), names })
            foreach (var name in order)
            {
                Assert.Same(Plugin.Registry.Find(name), FromBytes(name));
                Assert.Same(Plugin.Registry.Find(name), FromBytes(name.ToUpperInvariant()));
            }
    }

    [Fact]
    public void AnUnknownNameInARememberedNamesSlotIsNotFound()
    {
        // The same length and the same last eight bytes: the same slot.
        Assert.Equal("Text.EncodeURLComponent", FromBytes("Text.EncodeURLComponent")?.Name);
        Assert.Null(FromBytes("Txet.EncodeURLComponent"));
        Assert.Equal("Text.EncodeURLComponent", FromBytes("Text.EncodeURLComponent")?.Name);
        Assert.Equal("Version", FromBytes("Version")?.Name);
        Assert.Null(FromBytes("Vxrsion"));
        Assert.Null(FromBytes("Ver"));
    }

    [Theory]
    [InlineData("No.Such")]
    [InlineData("Text.EncodeURLComponen")]
    [InlineData("Text.EncodeURLComponentX")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Version\u00A0")] // non-ASCII space: the string lookup decides
    [InlineData("Grüße.日本")]
    public void OtherNamesAreLeftToTheStringLookup(string name)
    {
        Assert.Null(FromBytes(name));
    }

    [Fact]
    public void AFunctionAddedLaterIsFound()
    {
        var registry = new Registry(new Dictionary<string, string>
        {
            ["A.One"] = "first", ["A.Two"] = "second", ["Z.@[Long.Name.Over.Eight.Bytes"] = "third",
        });
        registry.Add("A.One", "", _ => Value.Empty);
        Assert.Equal("A.One", registry.Find("a.one"u8)?.Name);
        registry.Add("A.Two", "", _ => Value.Empty, "A.Second");
        Assert.Equal("A.Two", registry.Find("A.SECOND"u8)?.Name);
        Assert.Equal("A.One", registry.Find("A.ONE"u8)?.Name);
        // Only 'A'..'Z' fold: '@' and '[' (next to them) stay themselves, not '`' and '{'.
        registry.Add("Z.@[Long.Name.Over.Eight.Bytes", "", _ => Value.Empty);
        Assert.Equal("Z.@[Long.Name.Over.Eight.Bytes", registry.Find("z.@[LONG.name.over.eight.bytes"u8)?.Name);
        Assert.Null(registry.Find("z.`{long.name.over.eight.bytes"u8));
        Assert.Null(registry.Find("Z.@[Long.Name.Over.Eight.Byte"u8));
    }
}

using PluginBridge.Engine.Core;
using Xunit;

namespace PluginBridge.Engine.Tests.Core;

public class HandleTableTests
{
    class Thing : IHandle, IDisposable
    {
        public long Number { get; set; }
        public bool Disposed;
        public virtual void Dispose() => Disposed = true;
    }

    sealed class FailingThing : Thing
    {
        public override void Dispose() => throw new InvalidOperationException("dispose failed");
    }

    // Families with first numbers no real family uses, so these tests do not depend on the others' order.
    [Fact]
    public void NumbersCountUpFromTheBaseAndAreNeverReused()
    {
        var t = new HandleTable<Thing>("TestThing1", 5_050_000);
        var thing = new Thing();
        var a = t.Add(thing);
        var b = t.Add(new Thing());
        Assert.Equal(5_050_000, a);
        Assert.Equal(a, thing.Number); // the object carries its number
        Assert.Equal(5_050_001, b);
        t.Release(a.ToString());
        Assert.Equal(5_050_002, t.Add(new Thing()));
        Assert.Equal("5050001\r5050002", t.List());
    }

    [Fact]
    public void ReleaseDisposesAndLaterUseIsAnInvalidHandle()
    {
        var t = new HandleTable<Thing>("TestThing2", 5_060_000);
        var thing = new Thing();
        var id = t.Add(thing);
        t.Release(id.ToString());
        Assert.True(thing.Disposed);
        var e = Assert.Throws<InvalidHandleException>(() => t.Get(id.ToString()));
        Assert.Equal("Invalid TestThing2 reference number: 5060000. It was never created or has been released.",
            e.Message);
        Assert.Throws<InvalidHandleException>(() => t.Release(id.ToString()));
        Assert.Throws<InvalidHandleException>(() => t.Get("abc"));
        Assert.Throws<InvalidHandleException>(() => t.Get(""));
    }

    [Fact]
    public void ParallelAddsGetDistinctNumbers()
    {
        var t = new HandleTable<Thing>("TestThing3", 5_070_000);
        var ids = new System.Collections.Concurrent.ConcurrentBag<long>();
        Parallel.For(0, 10_000, _ => ids.Add(t.Add(new Thing())));
        Assert.Equal(10_000, ids.Distinct().Count());
        Assert.Equal(10_000, t.Count);
        t.ReleaseAll();
        Assert.Equal(0, t.Count);
    }

    [Fact]
    public void ReleaseAllReleasesEveryObjectEvenWhenOneFailsToDispose()
    {
        var t = new HandleTable<Thing>("TestThing5", 5_090_000);
        var things = new List<Thing>();
        for (var i = 0; i < 5; i++)
        {
            if (i == 2) t.Add(new FailingThing());
            var thing = new Thing();
            things.Add(thing);
            t.Add(thing);
        }
        t.ReleaseAll(); // shutdown must go on: a listener left open here would outlive pb_shutdown
        Assert.Equal(0, t.Count);
        Assert.All(things, thing => Assert.True(thing.Disposed));
    }

    [Fact]
    public void FamiliesThatRunIntoEachOtherSkipTheOthersNumbers()
    {
        // B starts 3 above A: A's fourth number would be B's first, so A skips it, and B skips A's.
        var a = new HandleTable<Thing>("TestSkipA", 5_100_000);
        var b = new HandleTable<Thing>("TestSkipB", 5_100_003);
        Assert.Equal(5_100_003, b.Add(new Thing()));
        long[] fromA = [a.Add(new Thing()), a.Add(new Thing()), a.Add(new Thing()), a.Add(new Thing())];
        Assert.Equal([5_100_000, 5_100_001, 5_100_002, 5_100_004], fromA);
        Assert.Equal(5_100_005, b.Add(new Thing()));
        Assert.Equal(5_100_006, a.Add(new Thing()));
        Assert.Equal("TestSkipB", HandleNumbers.Owner(5_100_003));
        Assert.Equal("TestSkipA", HandleNumbers.Owner(5_100_004));
        Assert.Null(HandleNumbers.Owner(5_100_007));
    }

    [Fact]
    public void AnotherFamilysNumberIsRefusedNamingBothFamilies()
    {
        var a = new HandleTable<Thing>("TestOwnerA", 5_200_000);
        var b = new HandleTable<Thing>("TestOwnerB", 5_300_000);
        var thing = new Thing();
        var id = a.Add(thing);
        var e = Assert.Throws<MbsException>(() => b.Release(id.ToString()));
        Assert.Equal("5200000 is a TestOwnerA reference number, not a TestOwnerB one.", e.Message);
        Assert.Throws<MbsException>(() => b.Get(id.ToString()));
        Assert.False(thing.Disposed);
        Assert.Same(thing, a.Get(id.ToString()));
    }

    [Fact]
    public void ObjectCountsIsMbsStyleJsonOfTheRegistrysTablesAndSkipZerosDropsEmptyOnes()
    {
        var all = Plugin.Call("Plugin.ObjectCounts").Text;
        Assert.StartsWith("{ ", all);
        foreach (var kind in new[] { "CURL", "Email", "WebHook", "WebRequest" }) Assert.Contains($"\"{kind}\" : ", all);

        var registry = new Registry();
        var t = new HandleTable<Thing>("TestThing4", 5_080_000);
        registry.AddTable(t);
        registry.AddTable(new HandleTable<Thing>("TestEmpty", 5_080_100));
        Meta.PluginFunctions.Register(registry);
        t.Add(new Thing());
        var counts = registry.Find("Plugin.ObjectCounts")!;
        Assert.Equal("{ \"TestEmpty\" : 0 , \"TestThing4\" : 1 }",
            counts.Invoke(new Args("Plugin.ObjectCounts", [])).Text);
        Assert.Equal("{ \"TestThing4\" : 1 }",
            counts.Invoke(new Args("Plugin.ObjectCounts", [Value.FromText("1")])).Text);
        registry.ReleaseAll();
        Assert.Equal(0, t.Count);
    }
}

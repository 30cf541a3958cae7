using PluginBridge.Engine.Core;
using Xunit;

namespace PluginBridge.Engine.Tests.Core;

public class HandleTableTests
{
    sealed class Thing : IDisposable { public bool Disposed; public void Dispose() => Disposed = true; }

    [Fact]
    public void NumbersCountUpFromTheBaseAndAreNeverReused()
    {
        var t = new HandleTable<Thing>("TestThing1", 50000);
        var a = t.Add(new Thing());
        var b = t.Add(new Thing());
        Assert.Equal(50000, a);
        Assert.Equal(50001, b);
        t.Release(a.ToString());
        Assert.Equal(50002, t.Add(new Thing()));
        Assert.Equal("50001\r50002", t.List());
    }

    [Fact]
    public void ReleaseDisposesAndLaterUseIsAnInvalidHandle()
    {
        var t = new HandleTable<Thing>("TestThing2", 60000);
        var thing = new Thing();
        var id = t.Add(thing);
        t.Release(id.ToString());
        Assert.True(thing.Disposed);
        var e = Assert.Throws<InvalidHandleException>(() => t.Get(id.ToString()));
        Assert.Equal("Invalid TestThing2 reference number: 60000. It was never created or has been released.", e.Message);
        Assert.Throws<InvalidHandleException>(() => t.Release(id.ToString()));
        Assert.Throws<InvalidHandleException>(() => t.Get("abc"));
        Assert.Throws<InvalidHandleException>(() => t.Get(""));
    }

    [Fact]
    public void ParallelAddsGetDistinctNumbers()
    {
        var t = new HandleTable<Thing>("TestThing3", 70000);
        var ids = new System.Collections.Concurrent.ConcurrentBag<long>();
        Parallel.For(0, 10_000, _ => ids.Add(t.Add(new Thing())));
        Assert.Equal(10_000, ids.Distinct().Count());
        Assert.Equal(10_000, t.Count);
        t.ReleaseAll();
        Assert.Equal(0, t.Count);
    }

    sealed class FailingThing : IDisposable { public void Dispose() => throw new InvalidOperationException("dispose failed"); }

    [Fact]
    public void ReleaseAllReleasesEveryObjectEvenWhenOneFailsToDispose()
    {
        var t = new HandleTable<IDisposable>("TestThing5", 90000);
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
    public void ObjectCountsIsMbsStyleJsonAndSkipZerosDropsEmptyTables()
    {
        var t = new HandleTable<Thing>("TestThing4", 80000);
        t.Add(new Thing());
        var all = Plugin.Call("Plugin.ObjectCounts").Text;
        Assert.StartsWith("{ ", all);
        Assert.Contains("\"TestThing4\" : 1", all);
        var skip = Plugin.Call("Plugin.ObjectCounts", "1").Text;
        Assert.Contains("\"TestThing4\" : 1", skip);
        Assert.DoesNotContain(" : 0", skip);
        t.ReleaseAll();
    }
}

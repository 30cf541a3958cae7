using PluginBridge.Engine.Core;
using Xunit;

namespace PluginBridge.Engine.Tests.FM;

[Collection("host")] // these tests install a host; keep them apart from each other
public class RunScriptTests
{
    sealed class RecordingHost : IHost
    {
        public readonly List<(string File, string Script, string Param, ScriptControl Control,
            int Thread)> Started = [];
        public int StartScript(string f, string s, string p,
            ScriptControl c) { Started.Add((f, s, p, c, Environment.CurrentManagedThreadId)); return 0; }
        public int WebViewer(string v, string a, string u) => 0;
    }

    [Fact]
    public void RunScriptIsDeliveredOnlyInsideIdleOnTheIdleThread()
    {
        var host = new RecordingHost();
        Plugin.Init(host);
        try
        {
            string? fromOtherThread = null;
            var other = new Thread(() =>
                fromOtherThread = Plugin.Call("FM.RunScript", "Mail", "WebHookReceived", "16001", "Resume").Text);
            other.Start();
            other.Join();
            Assert.Equal("OK", fromOtherThread);
            Assert.Equal("OK", Plugin.Call("FM.RunScript", "Mail", "Other").Text);
            Assert.Empty(host.Started);
            Plugin.Idle();
            Assert.Equal(2, host.Started.Count);
            Assert.Equal(("Mail", "WebHookReceived", "16001", ScriptControl.Resume),
                (host.Started[0].File, host.Started[0].Script, host.Started[0].Param, host.Started[0].Control));
            Assert.Equal(ScriptControl.Pause, host.Started[1].Control);
            Assert.All(host.Started, s => Assert.Equal(Environment.CurrentManagedThreadId, s.Thread));
        }
        finally { Plugin.Shutdown(); }
    }

    [Fact]
    public void RunScriptValidatesItsParameters()
    {
        Assert.Equal("[MBS] FM.RunScript needs a file name; pass Get(FileName) for the current file.",
            Plugin.Call("FM.RunScript", "", "x").Text);
        Assert.StartsWith("[MBS] Unknown script control \"Later\".",
            Plugin.Call("FM.RunScript", "f", "x", "", "Later").Text);
    }

    [Fact]
    public void TheQueueIsBoundedAndRunScriptSaysWhenItIsFull()
    {
        Plugin.Shutdown();
        try
        {
            for (var i = 0; i < ScriptQueue.MaxPending; i++)
                Assert.Equal("OK", Plugin.Call("FM.RunScript", "Mail", "Poll", i.ToString()).Text);
            var full = Plugin.Call("FM.RunScript", "Mail", "Poll", "one too many");
            Assert.True(full.IsError);
            Assert.Equal("[MBS] 10000 script starts are already waiting: the host is not calling idle, so no script " +
                "can start now.", full.Text);
            Assert.Equal(ScriptQueue.MaxPending, ScriptQueue.Pending);
        }
        finally { Plugin.Shutdown(); }
    }

    [Fact]
    public void ShutdownDropsQueuedStarts()
    {
        var host = new RecordingHost();
        Plugin.Init(host);
        Plugin.Call("FM.RunScript", "Mail", "Never");
        Plugin.Shutdown();
        Plugin.Init(host);
        Plugin.Idle();
        Plugin.Shutdown();
        Assert.Empty(host.Started);
    }
}

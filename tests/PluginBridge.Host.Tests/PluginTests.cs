using System.Net;
using PluginBridge.Host.Calc;
using PluginBridge.Host.Data;
using PluginBridge.Host.Native;
using PluginBridge.Host.Script;
using PluginBridge.Tests.Shared;

namespace PluginBridge.Host.Tests;

/// <summary>
/// The host with the real plugin (artifacts/plugin, built by ./build.sh plugin), through the C ABI only: MBS calls,
/// script starts queued by the plugin and delivered in idle, the web-viewer callback, and the --wait limit.
/// </summary>
[Collection("plugin")]
public sealed class PluginTests : IDisposable
{
    readonly PluginLibrary plugin = PluginLibrary.Load(NativePlugin.PathToPlugin());

    public void Dispose() => plugin.Dispose();

    /// <summary>CURL.SetFailedEvaluate through pluginbridge.h: pb_host.evaluate at pb_idle.</summary>
    [Fact]
    public void AFailedTransfersExpressionIsEvaluatedInIdle()
    {
        EvaluateChecks.FailedTransfersExpressionRunsInIdle(plugin);
    }

    [Fact]
    public void MbsCallsGoThroughTheAbi()
    {
        using var folder = new ScriptFolder(("Main", "Halt Script"));
        using var run = new TestRun(folder, plugin: plugin);
        Assert.Equal("a%20b%2Fc",
            run.Runner.Evaluate("MBS(\"Text.EncodeURLComponent\"; \"a b/c\"; \"UTF-8\")").AsText());
        Assert.Equal("[MBS] Unknown function: No.Such", run.Runner.Evaluate("MBS(\"No.Such\")").AsText());
        // IsError reports on the call before it and comes back as a number.
        Assert.Equal("2",
            run.Runner.Evaluate("Let ( [ e = MBS ( \"No.Such\" ) ; f = MBS ( \"IsError\" ) ] ; f + 1 )").AsText());
        // Numbers travel as PB_NUMBER text with a leading zero.
        Assert.Equal("0%2E5", run.Runner.Evaluate("MBS(\"Text.EncodeURLComponent\"; 1/2)").AsText());
    }

    /// <summary>A container goes to the plugin as PB_CONTAINER: bytes plus file name.</summary>
    [Fact]
    public void ContainersTravelWithTheirFileName()
    {
        using var folder = new ScriptFolder(("Main", "Halt Script"));
        using var run = new TestRun(folder, plugin: plugin);
        var source = run.Runner.Evaluate("""
            Let ( [ e = MBS ( "SendMail.CreateEmail" ) ;
                r = MBS ( "SendMail.AddAttachmentContainer" ; e ; Base64Decode ( "SGVsbG8gd29ybGQ=" ; "hello.txt" ) ) ;
                s = MBS ( "SendMail.GetSource" ; e ) ;
                x = MBS ( "SendMail.Release" ; e ) ] ;
                r & "|" & s )
            """).AsText();
        Assert.StartsWith("OK|", source);
        Assert.Contains("filename=hello.txt", source);
        Assert.Contains("SGVsbG8gd29ybGQ=", source);
    }

    [Fact]
    public void FunctionsAreReadThroughTheAbi()
    {
        var functions = plugin.Functions();
        var encode = Assert.Single(functions, f => f.Name == "Text.EncodeURLComponent");
        Assert.Equal(1, encode.MinArgs);
        Assert.Contains("Text.EncodeURLComponent", encode.Signature);
        Assert.NotEmpty(encode.Doc);
        Assert.StartsWith("PluginBridge ", plugin.Version);
    }

    sealed class WakeRecorder : IPluginHost
    {
        public int Wakes, Starts;
        public int StartScript(string fileName, string scriptName, string parameter, ScriptControl control)
        {
            Starts++;
            return 0;
        }
        public int WebViewer(string viewer, string action, string value) => 1;
        public void Wake() => Interlocked.Increment(ref Wakes);
    }

    /// <summary>The host's table carries pb_host.wake: a queued start asks the host to idle now, before any
    /// idle delivered it.</summary>
    [Fact]
    public void AQueuedStartWakesTheHostThroughTheAbi()
    {
        var host = new WakeRecorder();
        plugin.Init(host);
        var r = plugin.Call("FM.RunScript", [FmValue.Text("Main"), FmValue.Text("Triggered")]);
        Assert.Equal("OK", r.Value.AsText());
        Assert.Equal(1, Volatile.Read(ref host.Wakes));
        Assert.Equal(0, host.Starts);
        plugin.Idle();
        Assert.Equal(1, host.Starts);
    }

    [Fact]
    public void RunScriptWithResumeIsDeliveredInIdleAfterTheStartScript()
    {
        using var folder = new ScriptFolder(
            ("Start", """
                Set Variable [ $r ; Value: MBS("FM.RunScript"; Get(FileName); "Triggered"; "hello"; "Resume") ]
                Set Field [ T::Log ; T::Log & "start(" & $r & ");" ]
                """),
            ("Triggered", """Set Field [ T::Log ; T::Log & "triggered:" & Get ( ScriptParameter ) & ";" ]"""));
        using var run = new TestRun(folder, plugin: plugin);
        run.Run("Start");
        Assert.Equal("start(OK);", run.Field("T", "Log"));
        run.Runner.IdleUntilDone();
        Assert.Equal("start(OK);triggered:hello;", run.Field("T", "Log"));
    }

    /// <summary>As in FileMaker, a start joins the script queue: it runs when the running script has ended.</summary>
    [Fact]
    public void RunScriptFromARunningScriptRunsWhenItEnds()
    {
        using var folder = new ScriptFolder(
            ("Start", """
                Set Variable [ $r ; Value: MBS("FM.RunScript"; Get(FileName); "Triggered"; "p") ]
                Set Field [ T::Log ; T::Log & "start;" ]
                """),
            ("Triggered", """Set Field [ T::Log ; T::Log & "triggered:" & Get ( ScriptParameter ) & ";" ]"""));
        using var run = new TestRun(folder, plugin: plugin);
        run.Run("Start");
        Assert.Equal("start;", run.Field("T", "Log"));
        run.Runner.IdleUntilDone();
        Assert.Equal("start;triggered:p;", run.Field("T", "Log"));
    }

    [Fact]
    public void HaltControlHaltsTheRunningScripts()
    {
        using var folder = new ScriptFolder(
            ("Start", """
                Perform Script [ Specified: From list ; “Sub” ; Parameter: ]
                Set Field [ T::Log ; T::Log & "start-after;" ]
                """),
            ("Sub", """
                Set Variable [ $r ; Value: MBS("FM.RunScript"; Get(FileName); "Triggered"; "h"; "Halt") ]
                Set Field [ T::Log ; T::Log & "sub-after;" ]
                """),
            ("Triggered", """Set Field [ T::Log ; T::Log & "triggered:" & Get ( ScriptParameter ) & ";" ]"""));
        using var run = new TestRun(folder, plugin: plugin);
        run.Run("Start");
        Assert.Equal("", run.Field("T", "Log"));
        run.Runner.IdleUntilDone();
        Assert.Equal("triggered:h;", run.Field("T", "Log"));
    }

    [Fact]
    public void ExitControlExitsTheCurrentScriptAndItsCallerGoesOn()
    {
        using var folder = new ScriptFolder(
            ("Start", """
                Perform Script [ Specified: From list ; “Sub” ; Parameter: ]
                Set Field [ T::Log ; T::Log & "start-after;" ]
                """),
            ("Sub", """
                Set Variable [ $r ; Value: MBS("FM.RunScript"; Get(FileName); "Triggered"; "e"; "Exit") ]
                Set Field [ T::Log ; T::Log & "sub-after;" ]
                """),
            ("Triggered", """Set Field [ T::Log ; T::Log & "triggered:" & Get ( ScriptParameter ) & ";" ]"""));
        using var run = new TestRun(folder, plugin: plugin);
        run.Run("Start");
        Assert.Equal("start-after;", run.Field("T", "Log"));
        run.Runner.IdleUntilDone();
        Assert.Equal("start-after;triggered:e;", run.Field("T", "Log"));
    }

    /// <summary>
    /// A script that waits with Pause/Resume Script keeps the host idling: the WebHook's request arrives during the
    /// pause, its script runs at once (control Pause), releases the hook, and the paused script then goes on.
    /// </summary>
    [Fact]
    public async Task WebHookScriptRunsWhileAScriptIsPaused()
    {
        using var folder = new ScriptFolder(
            ("Wait", """
                Set Variable [ $$hook ; Value: MBS("WebHook.Create") ]
                Set Variable [ $r ; Value: MBS("WebHook.SetScript"; $$hook; Get(FileName); "Received") ]
                Set Variable [ $r ; Value: MBS("WebHook.Listen"; $$hook; Get ( ScriptParameter )) ]
                Pause/Resume Script [ Indefinitely ]
                Set Field [ T::Log ; T::Log & "after pause;" ]
                """),
            ("Received", """
                Set Variable [ $request ; Value: Get ( ScriptParameter ) ]
                Set Field [ T::Log ; T::Log & "request " & JSONGetElement ( MBS ( "WebRequest.URLComponents" ; $request ) ; "Parameters.code" ) & ";" ]
                Set Variable [ $r ; Value: MBS("WebRequest.Release"; $request) ]
                Set Variable [ $r ; Value: MBS("WebHook.Release"; $$hook) ]
                """));
        var port = FreePort();
        using var run = new TestRun(folder, plugin: plugin, waitSeconds: 20);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var client = Task.Run(async () =>
        {
            // The hook listens once the script has reached its third step; try for at most 10 s.
            for (var attempt = 0; attempt < 100; attempt++)
            {
                try { return await http.GetAsync($"http://127.0.0.1:{port}/?code=xyz"); }
                catch (HttpRequestException) { await Task.Delay(100); }
            }
            throw new TimeoutException("the WebHook never listened");
        });
        run.Run("Wait", port.ToString());
        Assert.Equal("request xyz;after pause;", run.Field("T", "Log"));
        Assert.Equal(HttpStatusCode.OK, (await client).StatusCode);
    }

    static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public void StartForAnotherFileIsRefused()
    {
        using var folder =
            new ScriptFolder(("Start", """Set Variable [ $r ; Value: MBS("FM.RunScript"; "Other File"; "Start") ]"""));
        using var run = new TestRun(folder, plugin: plugin);
        run.Run("Start");
        run.Runner.IdleUntilDone();
        Assert.Contains("in file \"Other File\"", run.Log.ToString());
    }

    [Fact]
    public async Task WebHookRequestTriggersScriptAndHostStopsWhenHookIsReleased()
    {
        using var folder = new ScriptFolder(
            ("Start", """
                Set Variable [ $$hook ; Value: MBS("WebHook.Create") ]
                Set Variable [ $r ; Value: MBS("WebHook.Listen"; $$hook; 0) ]
                Set Variable [ $r ; Value: MBS("WebHook.SetScript"; $$hook; Get(FileName); "WebHookReceived") ]
                Set Field [ T::Port ; MBS("WebHook.GetPort"; $$hook) ]
                """),
            ("WebHookReceived", """
                Set Variable [ $request ; Value: Get ( ScriptParameter ) ]
                Set Field [ T::Answer ; MBS ( "WebRequest.URLComponents" ; $request ) ]
                Set Variable [ $r ; Value: MBS("WebRequest.Release"; $request) ]
                Set Variable [ $r ; Value: MBS("WebHook.Release"; $$hook) ]
                """));
        using var run = new TestRun(folder, plugin: plugin, waitSeconds: 20);
        run.Run("Start");
        var port = int.Parse(run.Field("T", "Port"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var request = http.GetAsync($"http://127.0.0.1:{port}/?code=abc&state=test");
        run.Runner.IdleUntilDone();
        Assert.Equal(HttpStatusCode.OK, (await request).StatusCode);
        var answer = run.Field("T", "Answer");
        Assert.Equal("abc", run.Runner.Evaluate($"JSONGetElement ( {Quote(answer)} ; \"Parameters.code\" )").AsText());
    }

    [Fact]
    public void WaitLimitEndsAHostThatStillListens()
    {
        using var folder = new ScriptFolder(("Start", """
            Set Variable [ $$hook ; Value: MBS("WebHook.Create") ]
            Set Variable [ $r ; Value: MBS("WebHook.Listen"; $$hook; 0) ]
            """));
        using var run = new TestRun(folder, plugin: plugin, waitSeconds: 0.3);
        run.Run("Start");
        var e = Assert.Throws<WaitExceededException>(() => run.Runner.IdleUntilDone());
        Assert.Contains("--wait", e.Message);
    }

    [Fact]
    public void PauseIndefinitelyIdlesUntilThePluginIsDone()
    {
        using var folder = new ScriptFolder(
            ("Quiet", """
                Pause/Resume Script [ Indefinitely ]
                Exit Script [ Text Result: "resumed" ]
                """),
            ("Listening", """
                Set Variable [ $$hook ; Value: MBS("WebHook.Create") ]
                Set Variable [ $r ; Value: MBS("WebHook.Listen"; $$hook; 0) ]
                Pause/Resume Script [ Indefinitely ]
                """));
        using var run = new TestRun(folder, plugin: plugin, waitSeconds: 0.3);
        Assert.Equal("resumed", run.Run("Quiet"));
        var e = Assert.Throws<WaitExceededException>(() => run.Run("Listening"));
        Assert.Contains("Indefinitely", e.Message);
    }

    [Fact]
    public void WebViewerOpensTheBrowserCommandWithUserAgentAndAboutBlankClosesIt()
    {
        using var folder = new ScriptFolder(("Start", """
            Set Variable [ $r ; Value: MBS("WebView.SetCustomUserAgent"; "web"; "TestAgent/1.0") ]
            Set Variable [ $r ; Value: MBS( "WebView.LoadURL"; "web"; "http://127.0.0.1:9/authorize?a=b&c=d") ]
            """), ("Close", """Set Variable [ $r ; Value: MBS( "WebView.LoadURL"; "web"; "about:blank") ]"""));
        var seen = Path.Combine(folder.Path, "browser.txt");
        var browser = Path.Combine(folder.Path, "browser.sh");
        File.WriteAllText(browser,
            $"printf '%s|%s' \"$PB_USER_AGENT\" \"$1\" > '{seen}.tmp' && mv '{seen}.tmp' '{seen}'\nsleep 30\n");
        using var run = new TestRun(folder, plugin: plugin, browser: $"sh '{browser}'");
        run.Run("Start");
        for (var i = 0; i < 200 && !File.Exists(seen); i++) Thread.Sleep(50);
        Assert.Equal("TestAgent/1.0|http://127.0.0.1:9/authorize?a=b&c=d", File.ReadAllText(seen));
        Assert.Contains("[web viewer web] open http://127.0.0.1:9/authorize?a=b&c=d", run.Log.ToString());
        run.Run("Close");
        Assert.Contains("[web viewer web] closed", run.Log.ToString());
    }

    static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}

/// <summary>Without the plugin, MBS(...) is "?", as in FileMaker without it.</summary>
public class NoPluginTests
{
    [Fact]
    public void MbsIsQuestionMarkWithoutPlugin()
    {
        using var folder = new ScriptFolder(("Main", """Exit Script [ Text Result: MBS ( "Version" ) ]"""));
        using var run = new TestRun(folder);
        Assert.Equal("?", run.Run("Main"));
    }

    [Fact]
    public void MissingPluginIsAClearError()
    {
        var e = Assert.Throws<PluginLoadException>(() => PluginLibrary.Load("/nonexistent/libPluginBridge.so"));
        Assert.Contains("Plugin not found", e.Message);
        Assert.Contains("--plugin", e.Message);
    }
}

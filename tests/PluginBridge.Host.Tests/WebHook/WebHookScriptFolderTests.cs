using PluginBridge.Host.Native;
using PluginBridge.Tests.Shared;
using Xunit;

namespace PluginBridge.Host.Tests.WebHook;

/// <summary>
/// The article's WebHook step in the host, through the real plugin: the start script listens, a client is redirected
/// to the hook, the plugin queues the trigger, the host runs WebHookReceived inside idle, and that script stores
/// URLComponents in a field and releases the hook — after which the host stops idling by itself.
/// </summary>
[Collection("plugin")]
public class WebHookScriptFolderTests
{
    const string Start = """
        # Start: the article's WebHook set-up, on any free port.
        Set Variable [ $$WebHooks ; Value: MBS("WebHook.Create") ]
        Set Variable [ $r ; Value: MBS("WebHook.Listen"; $$WebHooks; 0) ]
        Set Variable [ $r ; Value: MBS("WebHook.SetScript"; $$WebHooks; Get(FileName); "WebHookReceived") ]
        Set Variable [ $text ; Value: "<html><p>Request arrived.</p></html>" ]
        Set Variable [ $text ; Value: "HTTP/1.1 200 OK¶Server: MyServer 1.0¶Connection: close¶Content-Type: text/html¶Content-Length: 36¶¶" & $text ]
        Set Variable [ $text ; Value: MBS( "Text.ReplaceNewline"; $Text; 3) ]
        Set Variable [ $r ; Value: MBS("WebHook.SetAutoAnswer"; $$Webhooks; $text; "UTF-8") ]
        Set Field [ Office 365 oAuth SMTP::Port ; MBS("WebHook.GetPort"; $$WebHooks) ]
        """;

    const string WebHookReceived = """
        # WebHookReceived: the article's "Catch response with WebHook".
        Set Variable [ $WebRequest ; Value: Get(ScriptParameter) ]
        Set Variable [ $URLComponents ; Value: MBS( "WebRequest.URLComponents"; $WebRequest ) ]
        Set Field [ Office 365 oAuth SMTP::Answer ; $URLComponents ]
        Set Variable [ $Text ; Value: MBS( "Text.ReplaceNewline"; MBS("WebRequest.GetRawData"; $WebRequest; "UTF-8"); 1) ]
        Set Field [ Office 365 oAuth SMTP::Debug ; $Text ]
        Set Variable [ $r ; Value: MBS("WebRequest.Release"; $WebRequest) ]
        Set Variable [ $r ; Value: MBS("WebHook.Release"; $$WebHooks) ]
        Set Variable [ $$WebHooks ; Value: "" ]
        Set Variable [ $r ; Value: MBS( "WebView.LoadURL"; "web"; "about:blank") ]
        """;

    [Fact]
    public async Task TriggeredScriptStoresUrlComponentsInAField()
    {
        using var folder = new ScriptFolder(("Start", Start), ("WebHookReceived", WebHookReceived));
        using var plugin = PluginLibrary.Load(NativePlugin.PathToPlugin());
        using var run = new TestRun(folder, plugin: plugin, waitSeconds: 30);
        run.Run("Start");
        var port = run.Field("Office 365 oAuth SMTP", "Port");
        Assert.Matches("^[0-9]+$", port);

        var target = "/?code=M.C5_BAY.2.U.4a%2B7&state=test&session_state=s%C3%A9ssion";
        var browser = Task.Run(() => CurlGet($"http://localhost:{port}{target}"));
        run.Runner.IdleUntilDone(); // returns once WebHookReceived has released the hook
        Assert.Equal("<html><p>Request arrived.</p></html>", await browser);

        Assert.Equal(
            $"{{ \"Host\" : \"localhost\" , \"RelativeURL\" : \"{target}\" , \"URL\" : " +
                $"\"http://localhost:{port}{target}\" , \"Scheme\" : \"http\" , " +
            $"\"Port\" : {port} , \"Path\" : \"/\" , \"Query\" : " +
                $"\"code=M.C5_BAY.2.U.4a+7&state=test&session_state=séssion\" , " +
            "\"Parameters\" : { \"code\" : \"M.C5_BAY.2.U.4a+7\" , \"state\" : \"test\" , \"session_state\" : " +
                "\"séssion\" } }",
            run.Field("Office 365 oAuth SMTP", "Answer"));
        Assert.StartsWith($"GET {target} HTTP/1.1\rHost: localhost:{port}\r",
            run.Field("Office 365 oAuth SMTP", "Debug"));
        Assert.Equal("", run.Runner.Evaluate("$$WebHooks").AsText());
        Assert.Contains("[web viewer web] closed", run.Log.ToString());
    }

    static string CurlGet(string url)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("/usr/bin/curl") { RedirectStandardOutput = true,
            UseShellExecute = false };
        foreach (var a in new[] { "--silent", "--show-error", "--noproxy", "*", "--max-time", "20", url })
            psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return output;
    }
}

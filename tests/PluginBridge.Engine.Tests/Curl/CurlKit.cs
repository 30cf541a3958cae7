using PluginBridge.Engine.Core;
using Xunit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>Calls through the engine's front door, as a script does.</summary>
static class CurlKit
{
    public static Value Call(string name, params string[] args) => Plugin.Call(name, args);

    /// <summary>The result text; fails the test when the call returned an error.</summary>
    public static string Ok(string name, params string[] args)
    {
        var v = Plugin.Call(name, args);
        Assert.False(v.IsError, $"{name} failed: {v.Text}");
        return v.Text;
    }

    public static string New() => Ok("CURL.New");

    /// <summary>A new handle whose URL is http://127.0.0.1:port + path.</summary>
    public static string Handle(int port, string path = "/")
    {
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{port}{path}");
        return curl;
    }

    public static string Debug(string curl) => Ok("CURL.GetDebugMessages", curl, "UTF-8", "1");

    /// <summary>
    /// curl's FreshConnect then ForbidReuse on a handle that has performed once and keeps its connection: a fresh
    /// connection (<paramref name="afterFreshConnect"/> checks the server then), the kept one reused and closed after
    /// its transfer, then a new one. <paramref name="perform"/> runs one transfer and checks its result.
    /// </summary>
    public static void FreshConnectThenForbidReuse(string curl, Action perform, Action afterFreshConnect)
    {
        Ok("CURL.SetOptionFreshConnect", curl, "1");
        perform();
        Assert.DoesNotContain("Re-using", Debug(curl));
        afterFreshConnect();

        Ok("CURL.SetOptionFreshConnect", curl, "0");
        Ok("CURL.SetOptionForbidReuse", curl, "1");
        perform(); // reuses the second connection, then closes it
        Assert.StartsWith("Re-using existing connection #0 with host 127.0.0.1\n", Debug(curl));
        Assert.Contains("Closing connection #0 (CURL.SetOptionForbidReuse)", Debug(curl));
        perform(); // a new one, logged in again
        Assert.DoesNotContain("Re-using", Debug(curl));
    }
}

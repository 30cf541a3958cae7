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
}

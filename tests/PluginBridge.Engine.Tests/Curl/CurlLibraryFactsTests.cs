using System.Diagnostics;
using System.Text.Json;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>The library facts describe our engine and the TLS library really loaded, never a libcurl.</summary>
[Collection("host")]
public class CurlLibraryFactsTests
{
    /// <summary>What the system's openssl tool reports for its library ("OpenSSL 3.0.13 30 Jan 2024 (Library:
    /// OpenSSL 3.0.13 …)"): the library named last.</summary>
    static string OpenSslLibraryVersion()
    {
        var psi = new ProcessStartInfo("openssl", "version") { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var text = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        var at = text.LastIndexOf("OpenSSL ", StringComparison.Ordinal);
        return "OpenSSL/" + text[(at + "OpenSSL ".Length)..].Split(' ')[0];
    }

    [Fact]
    public void LibSslVersionIsTheOpenSslThisProcessLoaded()
    {
        if (!OperatingSystem.IsLinux()) return;
        var version = Ok("CURL.LibSSLVersion");
        Assert.Matches(@"^OpenSSL/\d+\.\d+\.\d+", version);
        Assert.Equal(OpenSslLibraryVersion(), version);
        Assert.Equal("openssl", Ok("CURL.AvailableSSLBackends"));
        var curlVersion = Ok("CURL.Version");
        Assert.StartsWith($"PluginBridge/{PluginBridge.Engine.Core.Plugin.Version} .NET/{Environment.Version}",
            curlVersion);
        Assert.EndsWith(" " + version, curlVersion);
        Assert.DoesNotContain("libcurl", curlVersion);
    }

    [Fact]
    public void FeaturesHostCheckAndTheirParameterLists()
    {
        var features = JsonDocument.Parse(Ok("CURL.Features")).RootElement;
        Assert.True(features.GetProperty("SSL").GetBoolean());
        Assert.True(features.GetProperty("IPv6").GetBoolean());
        Assert.True(features.GetProperty("Brotli").GetBoolean()); // we decode br (CURL.SetOptionAcceptEncoding)
        Assert.False(features.GetProperty("HTTP2").GetBoolean()); // our transfers speak HTTP/1.1
        Assert.False(features.GetProperty("NTLM").GetBoolean()); // refused by CURL.SetOptionHTTPAuth
        Assert.Equal(27, features.EnumerateObject().Count());
        Assert.Matches(@"^[a-z]+(\.[0-9.]+)?-(x64|arm64|x86|arm)$", Ok("CURL.Host"));
        Assert.Equal("OK", Ok("CURL.Check"));
        Assert.True(Call("CURL.Version", "extra").IsError); // MBS documents no parameter
    }
}

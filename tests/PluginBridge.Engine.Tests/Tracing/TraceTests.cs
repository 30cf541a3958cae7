using System.Text;
using System.Text.RegularExpressions;
using PluginBridge.Engine.Core;
using PluginBridge.Tests.Shared;
using Xunit;

namespace PluginBridge.Engine.Tests.Tracing;

/// <summary>Trace writes every call to the file given, read back here from disk. Tracing is process-wide: these tests
/// run apart from the other host tests (whose pb_shutdown ends a trace) and look for their own lines.
/// </summary>
[Collection("trace")]
public sealed class TraceTests : IDisposable
{
    readonly string file = Path.Combine(Path.GetTempPath(), $"pb-trace-{Guid.NewGuid():N}.txt");

    // Other tests may have left settings behind (the parameter sweep calls every function, Trace.Pause included).
    public TraceTests()
    {
        Dispose();
        while (Plugin.Call("Trace.IsPaused").Text == "1") Plugin.Call("Trace.Resume");
    }

    public void Dispose()
    {
        Plugin.Call("Trace.Off");
        Plugin.Call("Trace.SetWithTimes", "0");
        Plugin.Call("Trace.SetErrorsOnly", "0");
        File.Delete(file);
    }

    string[] Lines()
    {
        var bytes = File.ReadAllBytes(file);
        Assert.True(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "UTF-8 BOM");
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.DoesNotContain('\r', text); // LF line endings; a value's line breaks are written as ¶
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void EveryCallIsWrittenWithParametersAndResult()
    {
        Assert.Equal("OK", Plugin.Call("Trace", file).Text);
        Assert.Equal(file, Plugin.Call("Trace.Path").Text);
        Assert.Equal("1", Plugin.Call("Trace.IsEnabled").Text);
        Plugin.Call("Text.EncodeURLComponent", "a b\rc", "UTF-8");
        Plugin.Call("List.MatchesPrefix", [Value.FromText("x"), Value.FromNumber(1)]);
        Plugin.Call("No.Such.Function");
        Plugin.Call("Trace.WriteLine", "Hello: ", "123");
        Plugin.Call("Trace.Off");
        Plugin.Call("Text.EncodeURLComponent", "after off");
        Assert.Equal("0", Plugin.Call("Trace.IsEnabled").Text);
        var lines = Lines();
        Assert.Contains($"MBS(\"Trace\"; \"{file}\") = OK", lines);
        Assert.Contains("MBS(\"Text.EncodeURLComponent\"; \"a b¶c\"; \"UTF-8\") = a%20b%0Dc", lines);
        Assert.Contains("MBS(\"List.MatchesPrefix\"; \"x\"; 1) = ", lines);
        Assert.Contains("MBS(\"No.Such.Function\") = [MBS] Unknown function: No.Such.Function", lines);
        Assert.Contains("Hello: 123", lines);
        Assert.DoesNotContain(lines, l => l.Contains("after off"));
    }

    [Fact]
    public void SecretsAreHidden()
    {
        Plugin.Call("Trace", file);
        var curl = Plugin.Call("CURL.New").Text;
        Plugin.Call("CURL.SetOptionXOAuth2Bearer", curl, "ya29.secret-token-value");
        Plugin.Call("CURL.SetOptionPassword", curl, "hunter2-password");
        Plugin.Call("List.MatchesPrefix", "client_secret=abc123def&x=1", "client"); // echoes the value back
        Plugin.Call("Register", "Jane Doe", "Complete", "Server", "202612", "SERIAL-1234-5678");
        Plugin.Call("CURL.Release", curl);
        Plugin.Call("Trace.Off");
        var text = string.Join("\n", Lines());
        foreach (var secret in new[] { "ya29.secret-token-value", "hunter2-password", "abc123def", "SERIAL-1234" })
            Assert.DoesNotContain(secret, text);
        Assert.Contains($"MBS(\"CURL.SetOptionXOAuth2Bearer\"; \"{curl}\"; [redacted]) = OK", text);
        Assert.Contains("client_secret=[redacted]", text);
    }

    [Fact]
    public void TimesErrorsOnlyPauseAndAppend()
    {
        Plugin.Call("Trace.SetWithTimes", "1");
        Assert.Equal("1", Plugin.Call("Trace.GetWithTimes").Text);
        Plugin.Call("Trace", file);
        Plugin.Call("Text.EncodeURLComponent", "timed");
        Plugin.Call("Trace.SetWithTimes", "0");
        Plugin.Call("Trace.SetErrorsOnly", "1");
        Plugin.Call("Text.EncodeURLComponent", "not an error");
        Plugin.Call("QuickList.Count", "no list");
        Plugin.Call("Trace.SetErrorsOnly", "0");
        Plugin.Call("Trace.Pause");
        Assert.Equal("1", Plugin.Call("Trace.IsPaused").Text);
        Plugin.Call("Text.EncodeURLComponent", "paused");
        Plugin.Call("Trace.Resume");
        Plugin.Call("Trace.Off");
        Plugin.Call("Trace", file, "1"); // append: the earlier lines stay, no second BOM
        Plugin.Call("Text.EncodeURLComponent", "appended");
        Plugin.Call("Trace.Off");
        var lines = Lines();
        Assert.Contains(lines, l => Regex.IsMatch(l,
            @"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} MBS\(""Text\.EncodeURLComponent""; ""timed""\) = timed " +
                @"\(\d+\.\d{3} ms\)$"));
        Assert.DoesNotContain(lines, l => l.Contains("not an error"));
        Assert.Contains(lines, l => l.StartsWith("MBS(\"QuickList.Count\"; \"no list\") = [MBS] "));
        Assert.DoesNotContain(lines, l => l.Contains("paused"));
        Assert.Contains("MBS(\"Text.EncodeURLComponent\"; \"appended\") = appended", lines);
        Assert.DoesNotContain('\uFEFF', string.Join("", lines));
    }

    /// <summary>Through the published library: pb_call's UTF-8 fast path (Text.EncodeURLComponent has one) must
    /// give way to the ordinary path while tracing, so the call is written too.</summary>
    [Fact]
    public void CallsThroughTheNativeLibraryAreTraced()
    {
        Assert.Equal(("OK", false), NativePlugin.Call("Trace", file));
        Assert.Equal(("a%20b", false), NativePlugin.Call("Text.EncodeURLComponent", "a b", "UTF-8"));
        Assert.Equal(("OK", false), NativePlugin.Call("Trace.Off"));
        Assert.Equal(("x", false), NativePlugin.Call("Text.EncodeURLComponent", "x"));
        var lines = Lines();
        Assert.Contains("MBS(\"Text.EncodeURLComponent\"; \"a b\"; \"UTF-8\") = a%20b", lines);
        Assert.DoesNotContain(lines, l => l.Contains("\"x\""));
    }

    [Fact]
    public void AFolderThatCannotBeWrittenIsAnError()
    {
        var r = Plugin.Call("Trace", Path.Combine(file, "no", "such", "folder.txt"));
        Assert.True(r.IsError);
        Assert.StartsWith("[MBS] Failed to open the trace file", r.Text);
        Assert.Equal("0", Plugin.Call("Trace.IsEnabled").Text);
    }
}

/// <summary>Tests that switch tracing on run with no other test at the same time.</summary>
[CollectionDefinition("trace", DisableParallelization = true)]
public sealed class TraceCollection;

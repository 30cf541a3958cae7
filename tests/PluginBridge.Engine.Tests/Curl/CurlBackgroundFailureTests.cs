using System.Collections.Concurrent;
using PluginBridge.Engine.Core;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>
/// Issue 13.2: a background transfer never fails silently. Whatever ends it (the timeouts that used to throw
/// outside the transfer, a failure inside it), CURL.ErrorCode, ErrorMessage and the debug text say so, and the
/// finished script is queued.
/// </summary>
[Collection("host")]
public class CurlBackgroundFailureTests
{
    sealed class RecordingHost : IHost
    {
        public readonly ConcurrentQueue<(string File, string Script, string Parameter)> Started = new();
        public int StartScript(string f, string s, string p, ScriptControl c) { Started.Enqueue((f, s, p)); return 0; }
        public int WebViewer(string v, string a, string u) => 0;
    }

    /// <summary>Runs the handle in the background with a finished script, idles until it is delivered, and returns
    /// ErrorCode, ErrorMessage and the debug text.</summary>
    static (string Code, string Message, string Debug) RunInBackground(string curl)
    {
        var host = new RecordingHost();
        Plugin.Init(host);
        try
        {
            Ok("CURL.SetFinishedScript", curl, "Mail", "TransferFinished");
            Assert.Equal("0", Ok("CURL.PerformInBackground", curl));
            for (var i = 0; i < 400 && host.Started.IsEmpty; i++) { Plugin.Idle(); Thread.Sleep(25); }
            Assert.Equal(("Mail", "TransferFinished", curl), Assert.Single(host.Started));
            for (var i = 0; i < 200 && Ok("CURL.IsRunning", curl) == "1"; i++) Thread.Sleep(10);
            return (Ok("CURL.ErrorCode", curl), Ok("CURL.ErrorMessage", curl), Debug(curl));
        }
        finally { Plugin.Shutdown(); }
    }

    static LoopbackServer Answering() =>
        new(async (s, c) => { await Http.ReadAsync(s, c); await Http.RespondAsync(s, 200, "OK", "done"); });

    [Theory]
    [InlineData("CURL.SetOptionTimeoutMS", "4294967295")] // the case: the timer threw outside the transfer
    [InlineData("CURL.SetOptionTimeoutMS", "9223372036854775807")]
    [InlineData("CURL.SetOptionTimeOut", "9223372036854775")]
    [InlineData("CURL.SetOptionConnectTimeoutMS", "9223372036854775807")]
    public void HugeTimeoutsAreTakenAndTheTransferEndsAndIsReported(string option, string value)
    {
        using var server = Answering();
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/");
        Ok(option, curl, value);
        var (code, message, debug) = RunInBackground(curl);
        Assert.Equal(("0", ""), (code, message));
        Assert.Contains("HTTP/1.1 200", debug);

        var again = New(); // and in the foreground: OK, not "Internal error"
        Ok("CURL.SetOptionURL", again, $"http://127.0.0.1:{server.Port}/");
        Ok(option, again, value);
        Assert.Equal("OK", Ok("CURL.Perform", again));
        Assert.Equal("done", Ok("CURL.GetResultAsText", again));
    }

    [Fact]
    public void AFailureInsideTheTransferIsRecordedAndTheFinishedScriptStillStarts()
    {
        using var server = Answering();
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/");
        Ok("CURL.SetOptionCustomRequest", curl, "NOT A METHOD"); // .NET refuses such a method when the request is built
        var (code, message, debug) = RunInBackground(curl);
        Assert.Equal("2", code);
        Assert.StartsWith("Internal error: FormatException: ", message);
        Assert.Contains(message, debug);
    }
}

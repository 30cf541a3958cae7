using System.Net;
using System.Net.Sockets;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl;

[Collection("host")]
public class CurlOptionTests
{
    [Fact]
    public void HandlesCountFrom16000AndDieOnRelease()
    {
        var a = New();
        var b = New();
        Assert.True(long.Parse(a) >= 16000);
        Assert.Equal(long.Parse(a) + 1, long.Parse(b));
        Assert.Contains(a, Ok("CURL.List").Split('\r'));
        Assert.Equal("OK", Ok("CURL.Cleanup", a)); // MBS's old name
        var gone = Call("CURL.SetOptionURL", a, "http://127.0.0.1/");
        Assert.True(gone.IsError);
        Assert.Equal($"[MBS] Invalid CURL reference number: {a}. It was never created or has been released.",
            gone.Text);
        Assert.DoesNotContain(a, Ok("CURL.List").Split('\r'));
        Ok("CURL.Release", b);
    }

    [Fact]
    public void OutOfRangeOptionsSayWhatIsAllowed()
    {
        var curl = New();
        Assert.Equal("[MBS] Parameter 2 of CURL.SetOptionUseSSL (Value) must be a whole number from 0 to 3, got 6.",
            Call("CURL.SetOptionUseSSL", curl, "6").Text);
        Assert.Equal("[MBS] SSLv2 and SSLv3 are insecure and not supported. Use 6 (TLS 1.2 or later) or 7 (TLS 1.3).",
            Call("CURL.SetOptionSSLVersion", curl, "3").Text);
        Assert.True(Call("CURL.SetOptionTimeOut", curl, "-1").IsError);
        Assert.Equal("OK", Ok("CURL.SetOptionSSLVersion", curl, "6"));
        Assert.Equal("OK", Ok("CURL.SetOptionTimeout", curl, "30"));
        Assert.Equal("OK", Ok("CURL.SetOptionConnectTimeout", curl, "5"));
        Assert.Equal("OK", Ok("CURL.SetOptionHTTPHeader", curl)); // no values clears the list
        Ok("CURL.Release", curl);
    }

    [Fact]
    public void ARunningBackgroundTransferKeepsTheHostIdlingAndCannotBeReleased()
    {
        using var server = new LoopbackServer(async (s, c) => await Task.Delay(Timeout.Infinite, c));
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/");
        Ok("CURL.SetOptionTimeoutMS", curl, "1000");
        Assert.Equal("0", Ok("CURL.PerformInBackground", curl));
        Assert.Equal("1", Ok("CURL.IsRunning", curl));
        Assert.True(Engine.Core.Plugin.LiveActivity() >= 1);
        Assert.StartsWith("[MBS] The CURL handle still runs a background transfer.", Call("CURL.Release", curl).Text);
        Assert.StartsWith("[MBS] A background transfer still runs.", Call("CURL.ReleaseAll").Text);
        Assert.StartsWith("[MBS] A transfer is still running on this CURL handle.", Call("CURL.Perform", curl).Text);
        for (var i = 0; i < 200 && Ok("CURL.IsRunning", curl) == "1"; i++) Thread.Sleep(25);
        Assert.Equal("28", Ok("CURL.ErrorCode", curl));
        Assert.StartsWith("Operation timed out after ", Ok("CURL.ErrorMessage", curl));
        Assert.Equal("OK", Ok("CURL.Release", curl));
    }

    [Fact]
    public void ShutdownAbortsARunningBackgroundTransferAndQueuesNoFinishedScript()
    {
        using var server = new LoopbackServer(async (s, c) => await Task.Delay(Timeout.Infinite, c));
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{server.Port}/"); // never answers, no timeout set
        Ok("CURL.SetFinishedScript", curl, "Mail", "Finished");
        Assert.Equal("0", Ok("CURL.PerformInBackground", curl));
        Assert.Equal("1", Ok("CURL.IsRunning", curl));
        var handle = Engine.Curl.CurlFunctions.Handles.Get(curl);
        Engine.Core.Plugin.Shutdown();
        Assert.False(handle.IsRunning); // without the abort it would run on: the server never answers
        Assert.Equal(42, handle.Outcome.ErrorCode);
        Assert.StartsWith("Operation was aborted", handle.Outcome.ErrorMessage);
        Assert.Equal(0, Engine.Core.Plugin.LiveActivity()); // nothing keeps a host idling, no start is queued
    }

    [Fact]
    public void ConnectTimeoutAppliesToTheConnectStep()
    {
        using var listener = new FullListener();
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{listener.Port}/");
        Ok("CURL.SetOptionConnectTimeoutMS", curl, "300");
        var r = Call("CURL.Perform", curl);
        Assert.Matches(@"^28: Connection timed out after \d+ milliseconds$", r.Text);
        Ok("CURL.Release", curl);
    }

    /// <summary>A blocking Perform connects with a blocking socket; the transfer timeout must still end a connect
    /// that hangs (the deadline disposes the socket, which unblocks connect()).</summary>
    [Fact]
    public void TransferTimeoutEndsAHangingConnect()
    {
        using var listener = new FullListener();
        var curl = New();
        Ok("CURL.SetOptionURL", curl, $"http://127.0.0.1:{listener.Port}/");
        Ok("CURL.SetOptionTimeoutMS", curl, "300"); // the connect timeout stays curl's 300 s
        var r = Call("CURL.Perform", curl);
        Assert.Matches(@"^28: Operation timed out after \d+ milliseconds", r.Text);
        Ok("CURL.Release", curl);
    }

    /// <summary>A listener whose accept queue is full drops further SYNs, so the next connect hangs.</summary>
    sealed class FullListener : IDisposable
    {
        readonly Socket listener = new(SocketType.Stream, ProtocolType.Tcp);
        readonly List<Socket> fillers = [];

        public FullListener()
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(0);
            for (var i = 0; i < 3; i++)
            {
                var filler = new Socket(SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
                try { filler.Connect(IPAddress.Loopback, Port); } catch (SocketException) { }
                fillers.Add(filler);
            }
        }

        public int Port => ((IPEndPoint)listener.LocalEndPoint!).Port;

        public void Dispose()
        {
            foreach (var f in fillers) f.Dispose();
            listener.Dispose();
        }
    }

    [Fact]
    public void ReleaseAllFreesEveryHandle()
    {
        var a = New();
        var email = Ok("SendMail.CreateEmail");
        Assert.Equal("OK", Ok("CURL.ReleaseAll"));
        Assert.Equal("OK", Ok("SendMail.ReleaseAll"));
        Assert.Equal("", Ok("CURL.List"));
        Assert.Equal("", Ok("SendMail.List"));
        Assert.True(Call("CURL.Perform", a).IsError);
        Assert.True(Call("SendMail.GetSource", email).IsError);
    }

    [Fact]
    public void DebugTextIsEmptyWhenVerboseIsOff()
    {
        var curl = New();
        Ok("CURL.SetOptionVerbose", curl, "0");
        Ok("CURL.SetOptionURL", curl, "http://nonexistent.invalid/");
        Assert.StartsWith("6: ", Call("CURL.Perform", curl).Text);
        Assert.Equal("", Debug(curl));
        Ok("CURL.Release", curl);
    }
}

using PluginBridge.Engine.Core;
using Xunit;

namespace PluginBridge.Engine.Tests.Core;

/// <summary>
/// Issue 13.3: number parameters as FileMaker text, integers where MBS wants integers, ranges as curl takes them;
/// and a sweep over every parameter of every registered function with boundary and absurd values, in which no
/// call may end in "Internal error".
/// </summary>
[Collection("host")]
public class NumberParameterTests(Xunit.Abstractions.ITestOutputHelper output)
{
    static Value Call(string name, params string[] args) => Plugin.Call(name, args);

    [Theory]
    [InlineData("CURL.SetOptionPort", "18848.7",
        "Parameter 2 of CURL.SetOptionPort (Value) must be a whole number from 0 to 65535, got 18848.7.")]
    [InlineData("CURL.SetOptionPort", "70000",
        "Parameter 2 of CURL.SetOptionPort (Value) must be a whole number from 0 to 65535, got 70000.")]
    [InlineData("CURL.SetOptionTimeOut", "1e18",
        "Parameter 2 of CURL.SetOptionTimeOut (Value) must be a whole number from 0 to 9223372036854775, got 1e18.")]
    [InlineData("CURL.SetOptionTimeoutMS", "-1",
        "Parameter 2 of CURL.SetOptionTimeoutMS (Value) must be a whole number of 0 or more, got -1.")]
    [InlineData("CURL.SetOptionMaxRedirs", "-2",
        "Parameter 2 of CURL.SetOptionMaxRedirs (Value) must be a whole number of -1 or more, got -2.")]
    [InlineData("CURL.SetOptionSSLVerifyHost", "3",
        "Parameter 2 of CURL.SetOptionSSLVerifyHost (Value) must be a whole number from 0 to 2, got 3.")]
    [InlineData("CURL.SetOptionUseSSL", "1,000",
        "Parameter 2 of CURL.SetOptionUseSSL must be a number, got \"1,000\".")]
    public void OutOfRangeFractionalOrMalformedOptionsAreErrorsNamingParameterAndRange(string function, string value,
        string error)
    {
        var curl = Call("CURL.New").Text;
        var r = Call(function, curl, value);
        Assert.True(r.IsError);
        Assert.Equal("[MBS] " + error, r.Text);
        Assert.Equal("1", Call("IsError").Text);
        Call("CURL.Release", curl);
    }

    [Theory]
    [InlineData("CURL.SetOptionPort", "1e3")]
    [InlineData("CURL.SetOptionPort", "8080.0")]
    [InlineData("CURL.SetOptionTimeoutMS", "4294967295")]
    [InlineData("CURL.SetOptionTimeoutMS", "9223372036854775807")]
    [InlineData("CURL.SetOptionTimeOut", "9223372036854775")]
    [InlineData("CURL.SetOptionConnectTimeoutMS", "9223372036854775807")]
    [InlineData("CURL.SetOptionMaxRedirs", "-1")]
    [InlineData("CURL.SetOptionVerbose", ".5")]
    public void ValuesCurlTakesAreTaken(string function, string value)
    {
        var curl = Call("CURL.New").Text;
        Assert.Equal("OK", Call(function, curl, value).Text);
        Call("CURL.Release", curl);
    }

    [Fact]
    public void AnUnknownFunctionsNameIsEchoedAtMost200Characters()
    {
        var name = new string('x', 1 << 20);
        var r = Call(name);
        Assert.True(r.IsError);
        Assert.Equal("[MBS] Unknown function: " + new string('x', 200) + "…", r.Text);
        var handle = Call("CURL.Release", new string('9', 100_000));
        Assert.True(handle.IsError);
        Assert.True(handle.Text.Length < 400, handle.Text[..100]);
    }

    static readonly string[] Absurd =
    [
        "", "0", "-1", "1", "2", "3", "7", ".5", "1e3", "18848.7", "65536", "-0", "1e18", "-1e18", "1e300", "-1e300",
        "2147483648", "4294967295", "4294967296", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "NaN", "Infinity", "1,000", "0x10", "abc", new string('9', 400),
    ];

    /// <summary>Functions whose success would reach outside the test (they wait on a network or run a script, write
    /// files, or change process-wide settings other tests rely on).</summary>
    static readonly HashSet<string> Excluded = new(StringComparer.OrdinalIgnoreCase)
        { "CURL.Perform", "Text.WriteTextFile", "Plugin.SetSuccessReturn", "JSON.SetFormatOptions", "Trace" };

    [Fact]
    public void NoParameterOfAnyFunctionEndsInAnInternalError()
    {
        var calls = 0;
        var internalErrors = new List<string>();
        var answeredByLiveRequest = 0;
        using var requests = new LiveRequests();
        foreach (var f in Plugin.Registry.Functions)
        {
            if (Excluded.Contains(f.Name)) continue;
            var count = f.MaxArgs < 0 ? Math.Max(f.MinArgs, 3) : f.MaxArgs;
            for (var position = 0; position < count; position++)
                foreach (var value in Absurd)
                {
                    var args = new string[Math.Max(count, f.MinArgs)];
                    for (var i = 0; i < args.Length; i++)
                        args[i] = i == position ? value : Default(f.Name, i, requests);
                    var r = Plugin.Call(f.Name, args);
                    calls++;
                    if (f.Name.StartsWith("WebRequest.", StringComparison.Ordinal) && !r.IsError)
                        answeredByLiveRequest++;
                    if (r.Text.Contains("Internal error", StringComparison.Ordinal))
                        internalErrors.Add($"{f.Name} #{position + 1} = {MbsException.Echo(value, 20)}: {r.Text}");
                }
            Plugin.Call("CURL.ReleaseAll");
            Plugin.Call("SendMail.ReleaseAll");
            foreach (var hook in Plugin.Call("WebHook.List").Text.Split('\r', StringSplitOptions.RemoveEmptyEntries))
                if (hook != requests.Hook) Plugin.Call("WebHook.Release", hook);
        }
        while (ScriptQueue.TryDequeue(out _)) { } // FM.RunScript's starts: no host runs them
        output.WriteLine($"sweep: {calls} calls, {internalErrors.Count} internal errors, {requests.Made} real " +
                         $"WebRequests received, {answeredByLiveRequest} WebRequest calls answered without an error");
        // Encodings, ClearBuffer, tags and Send's text reach the live request (the handle's own sweep cannot).
        Assert.True(answeredByLiveRequest > 50, $"only {answeredByLiveRequest} WebRequest calls reached a request");
        Assert.True(calls > 5000, $"only {calls} calls");
        Assert.True(internalErrors.Count == 0,
            $"{internalErrors.Count} of {calls} calls: " + string.Join("\n", internalErrors.Take(20)));
    }

    /// <summary>A valid first parameter (a live object of the function's family), plain text elsewhere.</summary>
    static string Default(string function, int index, LiveRequests requests)
    {
        if (index > 0) return "1";
        var family = function.Split('.')[0];
        return family switch
        {
            "CURL" => Plugin.Call("CURL.New").Text,
            "SendMail" => Plugin.Call("SendMail.CreateEmail").Text,
            "WebHook" => Plugin.Call("WebHook.Create").Text,
            "WebRequest" => requests.Live(),
            _ => "1",
        };
    }

    /// <summary>
    /// Real WebRequests for the sweep: a hook listening on loopback in mode 1 (the connection stays open, so
    /// WebRequest.Send writes to a real client), and a request sent by a TCP client whenever the last one was
    /// released.
    /// </summary>
    sealed class LiveRequests : IDisposable
    {
        readonly List<System.Net.Sockets.TcpClient> clients = [];
        string current = "";
        public string Hook { get; }
        public int Made { get; private set; }

        public LiveRequests()
        {
            Hook = Plugin.Call("WebHook.Create").Text;
            Assert.Equal("OK", Plugin.Call("WebHook.SetMode", Hook, "1").Text);
            Assert.Equal("OK", Plugin.Call("WebHook.Listen", Hook, "0").Text);
        }

        public string Live()
        {
            var live = Plugin.Call("WebRequest.List").Text.Split('\r');
            if (current.Length > 0 && live.Contains(current)) return current;
            var port = int.Parse(Plugin.Call("WebHook.GetPort", Hook).Text);
            var client = new System.Net.Sockets.TcpClient("127.0.0.1", port);
            clients.Add(client);
            client.GetStream().Write(
                "POST /sweep?n=1&x=%20y HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\n\r\nbody"u8);
            for (var i = 0; i < 500; i++)
            {
                var arrived = Plugin.Call("WebHook.Check", Hook).Text;
                if (arrived.Length > 0) { Made++; return current = arrived.Split('\r')[0]; }
                Thread.Sleep(10);
            }
            throw new TimeoutException("the sweep's WebRequest did not arrive within 5 seconds");
        }

        public void Dispose()
        {
            Plugin.Call("WebHook.Release", Hook);
            foreach (var c in clients) c.Dispose();
        }
    }
}

using System.Globalization;
using System.Net.Sockets;
using System.Text;
using PluginBridge.Engine.Core;
using Xunit;
using static PluginBridge.Engine.Tests.WebHook.WebHookKit;

namespace PluginBridge.Engine.Tests.Core;

/// <summary>
/// Issue 13's collisions: a family counting up from its first number reaches the next family's numbers (SendMail
/// into CURL, CURL into WebHook, WebHook into WebRequest). A number must name one object only, and releasing it
/// through the wrong family must be an error naming both.
/// </summary>
// The "host" tests release every handle (Plugin.Shutdown, CURL.ReleaseAll in the parameter fuzz test).
[Collection("host")]
public class HandleNumberTests
{
    [Theory]
    [InlineData("SendMail.CreateEmail", "SendMail.Release", "SendMail", "CURL.New", "CURL.Release", "CURL")]
    [InlineData("CURL.New", "CURL.Release", "CURL", "WebHook.Create", "WebHook.Release", "WebHook")]
    public void AFamilyCountingUpSkipsTheNextFamilysNumbers(
        string create, string release, string family, string createOther, string releaseOther, string otherFamily)
    {
        var other = Mbs(createOther);
        var last = PassBeyond(create, release, other);
        AssertWrongFamily(releaseOther, last, family, otherFamily);
        AssertWrongFamily(release, other, otherFamily, family);
        Assert.Equal("OK", Mbs(releaseOther, other)); // the wrong-family calls left it alive
    }

    [Fact]
    public void WebHooksCountingUpSkipTheNumbersOfWebRequests()
    {
        var (hook, port) = Listen();
        string request;
        try
        {
            using (var client = new TcpClient("127.0.0.1", port))
                client.GetStream().Write(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
            request = WaitForRequest(hook);
        }
        finally { Mbs("WebHook.Release", hook); }
        var last = PassBeyond("WebHook.Create", "WebHook.Release", request);
        AssertWrongFamily("WebRequest.Release", last, "WebHook", "WebRequest");
        AssertWrongFamily("WebHook.Release", request, "WebRequest", "WebHook");
        Assert.Equal("OK", Mbs("WebRequest.Release", request));
    }

    [Fact]
    public void AReleasedNumberIsNeverGivenToAnotherFamily()
    {
        var curl = Mbs("CURL.New");
        Mbs("CURL.Release", curl);
        var email = Mbs("SendMail.CreateEmail");
        Assert.NotEqual(curl, email);
        Assert.Equal($"[MBS] Invalid CURL reference number: {curl}. It was never created or has been released.",
            MbsError("CURL.Release", curl));
        Assert.Equal($"[MBS] {curl} is a CURL reference number, not a SendMail one.",
            MbsError("SendMail.Release", curl));
        Mbs("SendMail.Release", email);
    }

    /// <summary>Creates and releases objects until one's number is above <paramref name="other"/>'s, checking
    /// none was given <paramref name="other"/>'s number; returns the last one (released).</summary>
    static string PassBeyond(string create, string release, string other)
    {
        var target = long.Parse(other, CultureInfo.InvariantCulture);
        for (var i = 0; i < 40_000; i++)
        {
            var n = Mbs(create);
            Mbs(release, n);
            Assert.NotEqual(other, n);
            if (long.Parse(n, CultureInfo.InvariantCulture) > target) return n;
        }
        throw new InvalidOperationException($"{create} never passed {other}");
    }

    static void AssertWrongFamily(string release, string number, string owner, string expected)
    {
        var e = MbsError(release, number);
        Assert.Equal($"[MBS] {number} is a {owner} reference number, not a {expected} one.", e);
    }
}

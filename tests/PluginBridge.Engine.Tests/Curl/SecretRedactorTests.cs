using System.Text;
using PluginBridge.Engine.Curl;
using PluginBridge.Engine.Curl.Mail;
using Xunit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>The redactor hides every SASL payload SaslPayloads makes, whatever its format, and HTTP Basic.</summary>
public class SecretRedactorTests
{
    const string Token = "ya29.secret-token-value";
    const string Password = "pa55word-secret";

    public static TheoryData<string, string> Payloads => new()
    {
        { "XOAUTH2", SaslPayloads.XOAuth2("alice@example.test", Token) },
        { "OAUTHBEARER", SaslPayloads.OAuthBearer("alice@example.test", "smtp.example.test", 587, Token) },
        { "PLAIN", SaslPayloads.Plain("alice@example.test", Password) },
        { "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("alice@example.test:" + Password)) },
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void EverySaslPayloadIsRedactedAsAContinuationLineOrInACommand(string mechanism, string payload)
    {
        var options = new CurlOptions { UserName = "alice@example.test", XOAuth2Bearer = Token, Password = Password };
        var redactor = new SecretRedactor(true, options);
        var text = $"AUTH {mechanism} {payload}\n{payload}\n334 VXNlcm5hbWU6\n";
        var redacted = redactor.Redact(text);
        Assert.DoesNotContain(payload, redacted);
        Assert.Equal($"AUTH {mechanism} [redacted]\n[redacted]\n334 VXNlcm5hbWU6\n", redacted); // other base64 stays
        Assert.Equal(text, new SecretRedactor(false, options).Redact(text));
    }
}

using PluginBridge.Engine.Core;
using Xunit;

namespace PluginBridge.Engine.Tests.OAuth;

/// <summary>OAuth.Diagnose and the handle rules, in process (the flows are tested against oidc-provider in
/// PeerTests).</summary>
public class OAuthFunctionTests
{
    [Theory]
    [InlineData("535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.",
        "SMTP AUTH is disabled")]
    [InlineData("535 5.7.3 Authentication unsuccessful [SN4PR0601CA0010.namprd06.prod.outlook.com]",
        "wrong audience or scope")]
    [InlineData("554 5.2.252 SendAsDenied; alice@contoso.com not allowed to send as bob@contoso.com",
        "may not send as this From address")]
    [InlineData("AADSTS50011: The redirect URI 'http://localhost:9999/' specified in the request does not match",
        "redirect URI")]
    [InlineData("invalid_client: AADSTS7000215: Invalid client secret provided.", "Value, not its Secret ID")]
    [InlineData("AADSTS7000222: The provided client secret keys for app are expired.", "has expired")]
    [InlineData("AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or " +
        "'client_secret'.", "no client secret was sent")]
    [InlineData("AADSTS65001: The user or administrator has not consented to use the application", "consented")]
    [InlineData("AADSTS700016: Application with identifier 'x' was not found in the directory",
        "No app with this client ID")]
    [InlineData("AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor",
        "Multi-factor")]
    [InlineData("AADSTS50079: The user is required to use multi-factor authentication.", "Multi-factor")]
    [InlineData("invalid_grant: grant request is invalid", "Sign in again")]
    public void Diagnose_names_the_cause(string reply, string expected)
    {
        var r = Plugin.Call("OAuth.Diagnose", reply);
        Assert.False(r.IsError);
        Assert.Contains(expected, r.Text);
    }

    [Fact]
    public void Diagnose_decodes_Gmails_XOAUTH2_challenge()
    {
        // Gmail's answer to a refused XOAUTH2 token: 334 + base64 of
        // {"status":"400","schemes":"Bearer","scope":"https://mail.google.com/"}
        var challenge = Convert.ToBase64String(
            "{\"status\":\"400\",\"schemes\":\"Bearer\",\"scope\":\"https://mail.google.com/\"}"u8.ToArray());
        var text = Plugin.Call("OAuth.Diagnose", "334 " + challenge).Text;
        Assert.StartsWith(
            "The server's XOAUTH2 challenge says: status 400, scope https://mail.google.com/, schemes Bearer.", text);
    }

    [Fact]
    public void Diagnose_of_an_unknown_text_is_empty()
    {
        Assert.Equal("", Plugin.Call("OAuth.Diagnose", "250 OK").Text);
    }

    [Fact]
    public void New_refuses_a_provider_that_is_neither_known_nor_an_https_issuer()
    {
        var r = Plugin.Call("OAuth.New", "http://127.0.0.1:4010");
        Assert.True(r.IsError);
        Assert.Equal("[MBS] OAuth.New takes Microsoft, Google or the https URL of an OpenID Connect issuer, got " +
            "\"http://127.0.0.1:4010\".", r.Text);
    }

    [Fact]
    public void Handles_count_from_33000_and_a_released_one_is_invalid()
    {
        var o = Plugin.Call("OAuth.New", "Microsoft").Text;
        Assert.True(long.Parse(o) >= 33000);
        Assert.Equal("OK", Plugin.Call("OAuth.SetClient", o, "client", "very-secret").Text);
        Assert.Equal("OK", Plugin.Call("OAuth.Release", o).Text);
        var r = Plugin.Call("OAuth.GetAccessToken", o);
        Assert.True(r.IsError);
        Assert.Equal($"[MBS] Invalid OAuth reference number: {o}. It was never created or has been released.", r.Text);
    }

    [Fact]
    public void GetAccessToken_without_a_sign_in_says_what_to_do_and_never_shows_the_secret()
    {
        var o = Plugin.Call("OAuth.New", "Microsoft").Text;
        Plugin.Call("OAuth.SetClient", o, "client", "very-secret");
        var r = Plugin.Call("OAuth.GetAccessToken", o);
        Assert.True(r.IsError);
        Assert.Equal("[MBS] The token book has no tokens for this app. Sign in with OAuth.SignIn or " +
            "OAuth.DeviceCode, or call OAuth.ClientCredentials, first.", r.Text);
        Plugin.Call("OAuth.Release", o);
    }
}

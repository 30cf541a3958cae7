using System.Net;
using System.Text;

namespace PluginBridge.Engine.OAuth;

/// <summary>
/// HTTPS for the standard flows (token, device authorization, discovery): certificates verified against the
/// system trust store (SSL_CERT_FILE / SSL_CERT_DIR on Linux), no redirects followed (RFC 6749 §3.2 POSTs must not be
/// replayed elsewhere), 30 s per request. Request bodies carry secrets and never reach an error text.
/// </summary>
static class TokenHttp
{
    static readonly HttpClient client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.All,
    })
    { Timeout = TimeSpan.FromSeconds(30) };

    public static (int Status, string Body) Get(string url) => Send(new HttpRequestMessage(HttpMethod.Get, url));

    /// <summary>POST application/x-www-form-urlencoded (RFC 6749 §4.1.3, §6, §4.4; RFC 8628 §3.1, §3.4).</summary>
    public static (int Status, string Body) PostForm(string url, IEnumerable<KeyValuePair<string, string>> form) =>
        Send(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) });

    static (int, string) Send(HttpRequestMessage request)
    {
        using (request)
        {
            request.Headers.Accept.ParseAdd("application/json");
            var target = request.RequestUri!.GetLeftPart(UriPartial.Path);
            try
            {
                using var response = client.Send(request);
                using var reader = new StreamReader(response.Content.ReadAsStream(), Encoding.UTF8);
                return ((int)response.StatusCode, reader.ReadToEnd());
            }
            catch (HttpRequestException e)
            {
                throw new MbsException($"Could not reach {target}: {Innermost(e)}. Check the URL, the network and the server's certificate.");
            }
            catch (TaskCanceledException)
            {
                throw new MbsException($"{target} did not answer within 30 seconds. Try again later.");
            }
        }
    }

    static string Innermost(Exception e)
    {
        var messages = new List<string>();
        for (var x = e; x is not null; x = x.InnerException) messages.Add(x.Message.TrimEnd('.'));
        return string.Join(": ", messages.Distinct());
    }
}

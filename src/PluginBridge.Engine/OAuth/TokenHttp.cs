using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PluginBridge.Engine.OAuth;

/// <summary>
/// HTTPS for the standard flows (token, device authorization, discovery): certificates verified against the
/// system trust store (SSL_CERT_FILE / SSL_CERT_DIR on Linux), no redirects followed (RFC 6749 §3.2 POSTs must not be
/// replayed elsewhere), 30 s per request, answers up to 1 MiB. Request bodies carry secrets and never reach an error
/// text.
/// </summary>
static class TokenHttp
{
    /// <summary>How long one request may take (30 s); tests shorten it to provoke the stall case.</summary>
    internal static TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A root trusted besides the system store: set only by tests (their loopback TLS servers).</summary>
    internal static X509Certificate2? ExtraTrustedRoot { get; set; }

    /// <summary>Largest answer read: a token or discovery document is a few KiB.</summary>
    const int MaxAnswerBytes = 1024 * 1024;

    static readonly HttpClient client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.All,
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Trusted },
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    static bool Trusted(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (ExtraTrustedRoot is not { } root || certificate is null) return false;
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors) return false; // a name mismatch stays fatal
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(root);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }

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
            using var deadline = new CancellationTokenSource(RequestTimeout);
            try
            {
                using var response = client.Send(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                // The deadline covers the body too: a server that stalls mid-answer gets its connection closed.
                using var abort = deadline.Token.Register(response.Dispose);
                return ((int)response.StatusCode, ReadCapped(response.Content.ReadAsStream(deadline.Token), target));
            }
            catch (Exception e) when (e is not MbsException && deadline.IsCancellationRequested)
            {
                throw new MbsException(
                    $"{target} did not answer within {RequestTimeout.TotalSeconds:0.#} seconds. Try again later.");
            }
            catch (HttpRequestException e)
            {
                throw new MbsException($"Could not reach {target}: {Innermost(e)}. Check the URL, the network and " +
                    $"the server's certificate.");
            }
            catch (IOException e)
            {
                throw new MbsException(
                    $"The connection to {target} broke while reading its answer: {Innermost(e)}. Try again later.");
            }
        }
    }

    /// <summary>The answer as text; refused beyond <see cref="MaxAnswerBytes"/>: a server cannot fill memory.</summary>
    static string ReadCapped(Stream stream, string target)
    {
        using var _ = stream;
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + n > MaxAnswerBytes)
                throw new MbsException($"{target} answered more than {MaxAnswerBytes / 1024} KiB: " +
                    "that is no token or configuration document. Check the URL.");
            buffer.Write(chunk, 0, n);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    static string Innermost(Exception e)
    {
        var messages = new List<string>();
        for (var x = e; x is not null; x = x.InnerException) messages.Add(x.Message.TrimEnd('.'));
        return string.Join(": ", messages.Distinct());
    }
}

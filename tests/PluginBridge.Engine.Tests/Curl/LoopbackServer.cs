using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>
/// A TCP server on 127.0.0.1 (random port) for transfer tests: each connection runs a scripted handler,
/// optionally behind TLS. Stops with Dispose; handlers see the stop token so nothing outlives the test.
/// </summary>
sealed class LoopbackServer : IDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource stop = new();
    readonly List<TcpClient> clients = [];

    public int Port { get; }
    public int Connections;
    /// <summary>With clientCa: the subjects of the client certificates the server accepted, and how many TLS
    /// handshakes it refused (no certificate, or one not issued by clientCa).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> ClientSubjects { get; } = new();
    public int RefusedHandshakes;
    /// <summary>The address each connection came from.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> RemoteAddresses { get; } = new();

    /// <param name="clientCa">When set, the server asks for a client certificate and accepts only one issued by
    /// this CA.</param>
    public LoopbackServer(Func<Stream, CancellationToken, Task> handle, X509Certificate2? tls = null,
        X509Certificate2? clientCa = null)
    {
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _ = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await listener.AcceptTcpClientAsync(stop.Token); }
                catch (Exception) { return; }
                Interlocked.Increment(ref Connections);
                RemoteAddresses.Enqueue(((IPEndPoint)client.Client.RemoteEndPoint!).Address.ToString());
                lock (clients) clients.Add(client);
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        try
                        {
                            Stream stream = client.GetStream();
                            if (tls is not null)
                            {
                                var ssl = new SslStream(stream);
                                if (clientCa is null) await ssl.AuthenticateAsServerAsync(tls, false, false);
                                else await AuthenticateWithClientCertificate(ssl, tls, clientCa);
                                stream = ssl;
                            }
                            await handle(stream, stop.Token);
                        }
                        catch (Exception) { /* the client went away or refused our certificate */ }
                    }
                });
            }
        });
    }

    async Task AuthenticateWithClientCertificate(SslStream ssl, X509Certificate2 tls, X509Certificate2 clientCa)
    {
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = tls,
                ClientCertificateRequired = true,
                RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && IssuedBy(cert, clientCa),
            });
        }
        catch (Exception)
        {
            Interlocked.Increment(ref RefusedHandshakes);
            throw;
        }
        ClientSubjects.Enqueue(ssl.RemoteCertificate!.Subject);
    }

    static bool IssuedBy(X509Certificate cert, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var c = new X509Certificate2(cert);
        return chain.Build(c);
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        lock (clients) foreach (var c in clients) c.Dispose();
    }

    /// <summary>A certificate for 127.0.0.1 and the given DNS names, self-signed and usable as its own CA.</summary>
    public static X509Certificate2 SelfSigned(bool withLoopbackIp = true, string dnsName = "localhost")
    {
        using var rsa = RSA.Create(2048);
        var request =
            new CertificateRequest("CN=PluginBridge Test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        if (withLoopbackIp) san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Writes the certificate as a PEM file (for CURL.SetOptionCAInfo) and returns its path.</summary>
    public static string WritePem(X509Certificate2 cert)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pb-curl-test-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, cert.ExportCertificatePem());
        return path;
    }
}

/// <summary>Reads one HTTP/1.1 request and writes canned responses.</summary>
static class Http
{
    public sealed record Request(string Method, string Target, Dictionary<string, string> Headers, string Body);

    public static async Task<Request> ReadAsync(Stream s, CancellationToken cancel)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await s.ReadAsync(one, cancel) == 0) throw new EndOfStreamException();
            head.Append((char)one[0]);
        }
        var lines = head.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var first = lines[0].Split(' ');
        var headers = lines.Skip(1).ToDictionary(l => l[..l.IndexOf(':')].Trim(), l => l[(l.IndexOf(':') + 1)..].Trim(),
            StringComparer.OrdinalIgnoreCase);
        var body = new byte[headers.TryGetValue("Content-Length", out var n) ? int.Parse(n) : 0];
        await s.ReadExactlyAsync(body, cancel);
        return new Request(first[0], first[1], headers, Encoding.UTF8.GetString(body));
    }

    public static async Task RespondAsync(Stream s, int status, string reason, string body, params string[] headers)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var text = $"HTTP/1.1 {status} {reason}\r\n" + string.Concat(headers.Select(h => h + "\r\n")) +
                   $"Content-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
        await s.WriteAsync(Encoding.ASCII.GetBytes(text));
        await s.WriteAsync(bytes);
        await s.FlushAsync();
    }
}

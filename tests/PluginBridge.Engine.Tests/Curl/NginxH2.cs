using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>
/// A real HTTP/2 server for the tests: nginx (nginx-light) on 127.0.0.1, one process run in the foreground and
/// stopped by its PID. One port speaks TLS with ALPN (h2, http/1.1) under a throw-away CA, another h2c (HTTP/2
/// without TLS, prior knowledge only). Its access log names, per request, the connection number, the request's
/// number on that connection and the protocol, so a test sees which requests shared a connection.
/// </summary>
sealed class NginxH2 : IDisposable
{
    readonly TestPki pki = new();
    readonly Process process;
    readonly string log;

    public int TlsPort { get; }
    public int PlainPort { get; }
    /// <summary>The CA's PEM file (CAInfo) and a directory holding only it (CAPath).</summary>
    public string CaPem { get; }
    public string CaDir { get; }

    public NginxH2(string path, string body)
    {
        var ca = TestPki.Ca("PluginBridge h2 test CA");
        var server = TestPki.Issue(ca, "CN=127.0.0.1", server: true);
        CaPem = pki.Write("ca.pem", TestPki.CertPem(ca));
        CaDir = Path.GetDirectoryName(pki.Write("cadir/ca.pem", TestPki.CertPem(ca)))!;
        var root = Path.GetDirectoryName(pki.Write("www" + path, body))!;
        for (var up = path.Count(c => c == '/') - 1; up > 0; up--) root = Path.GetDirectoryName(root)!;
        var dir = Path.GetDirectoryName(CaPem)!;
        log = Path.Combine(dir, "access.log");
        (TlsPort, PlainPort) = (FreePort(), FreePort());
        var conf = pki.Write("nginx.conf", $$"""
            daemon off;
            master_process off;
            pid {{dir}}/nginx.pid;
            events { worker_connections 64; }
            http {
              log_format conn '$connection $connection_requests $server_protocol $status';
              access_log {{log}} conn;
              client_body_temp_path {{dir}}; proxy_temp_path {{dir}}; fastcgi_temp_path {{dir}};
              uwsgi_temp_path {{dir}}; scgi_temp_path {{dir}};
              server {
                listen 127.0.0.1:{{TlsPort}} ssl http2;
                ssl_certificate {{pki.Write("server.pem", TestPki.CertPem(server))}};
                ssl_certificate_key {{pki.Write("server.key", TestPki.KeyPem(server))}};
                root {{root}};
              }
              server { listen 127.0.0.1:{{PlainPort}} http2; root {{root}}; }
            }
            """);
        process = Process.Start(new ProcessStartInfo("nginx", ["-c", conf, "-e", Path.Combine(dir, "error.log")])
            { RedirectStandardError = true }) ?? throw new InvalidOperationException("nginx did not start");
        for (var i = 0; i < 100 && !Listening(TlsPort); i++) Thread.Sleep(50);
        if (!Listening(TlsPort)) throw new InvalidOperationException("nginx did not listen: " +
            (process.HasExited ? process.StandardError.ReadToEnd() : "no answer"));
    }

    /// <summary>The access log: "connection requestOnIt protocol status" per request, oldest first.</summary>
    public IReadOnlyList<string> Requests()
    {
        // nginx writes a log line after the response; give the last one a moment.
        Thread.Sleep(100);
        return File.Exists(log) ? File.ReadAllLines(log) : [];
    }

    static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    static bool Listening(int port)
    {
        try { using var c = new TcpClient(); c.Connect(IPAddress.Loopback, port); return true; }
        catch (SocketException) { return false; }
    }

    public void Dispose()
    {
        try { process.Kill(); process.WaitForExit(5000); } catch (InvalidOperationException) { /* already ended */ }
        process.Dispose();
        pki.Dispose();
    }
}

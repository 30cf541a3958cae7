using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Xunit;

namespace PluginBridge.Engine.Tests.Curl.Ftp;

/// <summary>
/// A real FTP server for one test: Debian's pyftpdlib (ftp-peer.py) on 127.0.0.1 and an ephemeral port, serving a
/// fresh temp folder; plain FTP, explicit FTPS (AUTH TLS) or implicit FTPS with a self-signed test certificate that
/// is its own CA. Disposing closes the server's standard input, which ends it, and deletes the folder.
/// </summary>
sealed class FtpPeer : IDisposable
{
    const string Python = "/usr/bin/python3";
    public const string User = "alice", Password = "secret", ReadOnlyUser = "reader";

    readonly Process process;
    readonly StringBuilder log = new();
    readonly string work;

    public string Root { get; }
    public int Port { get; }
    /// <summary>The test CA (the server's self-signed certificate) as a PEM file; null for plain FTP.</summary>
    public string? CaFile { get; }
    public string Scheme { get; }

    public FtpPeer(string mode = "plain")
    {
        Assert.True(File.Exists(Python), $"{Python} not found: install Debian's python3-pyftpdlib and " +
            "python3-openssl (./build.sh deps installs them).");
        work = Directory.CreateTempSubdirectory("pb-ftp-").FullName;
        Root = Directory.CreateDirectory(Path.Combine(work, "root")).FullName;
        Scheme = mode == "implicit" ? "ftps" : "ftp";
        List<string> args = [Path.Combine(AppContext.BaseDirectory, "Curl", "Ftp", "ftp-peer.py"), Root, mode];
        if (mode != "plain")
        {
            using var cert = LoopbackServer.SelfSigned();
            CaFile = Path.Combine(work, "ca.pem");
            File.WriteAllText(CaFile, cert.ExportCertificatePem());
            var key = Path.Combine(work, "key.pem");
            File.WriteAllText(key, cert.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
            args.AddRange([CaFile, key]);
        }
        var psi = new ProcessStartInfo(Python, args)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        process = Process.Start(psi)!;
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        var first = process.StandardOutput.ReadLineAsync();
        if (!first.Wait(TimeSpan.FromSeconds(20)) || first.Result is not { } line || !line.StartsWith("PORT "))
        {
            Dispose();
            Assert.Fail($"the FTP peer did not start (python3-pyftpdlib installed?): {Log}");
        }
        Port = int.Parse(first.Result![5..]);
    }

    /// <summary>The server's own log (one "FTP session opened" line per control connection).</summary>
    public string Log { get { lock (log) return log.ToString(); } }

    public string Url(string path = "") => $"{Scheme}://127.0.0.1:{Port}/{path}";

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public void Write(string relative, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(relative))!);
        File.WriteAllText(PathOf(relative), content);
    }

    public void Dispose()
    {
        try { process.StandardInput.Close(); } catch (IOException) { }
        if (!process.WaitForExit(5000)) process.Kill(entireProcessTree: true);
        process.Dispose();
        try { Directory.Delete(work, recursive: true); } catch (IOException) { }
    }
}

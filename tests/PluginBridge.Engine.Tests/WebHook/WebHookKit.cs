using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using PluginBridge.Engine.Core;
using Xunit;

namespace PluginBridge.Engine.Tests.WebHook;

/// <summary>Helpers for WebHook tests: MBS calls, a hook on a free loopback port, real clients (curl, raw
/// sockets).</summary>
static class WebHookKit
{
    public const string Curl = "/usr/bin/curl";

    public static string Mbs(string name, params string[] args)
    {
        var v = Plugin.Call(name, args);
        Assert.False(v.IsError, $"MBS(\"{name}\") failed: {v.Text}");
        return v.Text;
    }

    public static string MbsError(string name, params string[] args)
    {
        var v = Plugin.Call(name, args);
        Assert.True(v.IsError, $"MBS(\"{name}\") should fail but returned: {v.Text}");
        return v.Text;
    }

    /// <summary>A new hook listening on a free port of 127.0.0.1 and ::1.</summary>
    public static (string Hook, int Port) Listen(string queueLength = "")
    {
        var hook = Mbs("WebHook.Create");
        Assert.Equal("OK", Mbs("WebHook.Listen", hook, "0", queueLength));
        return (hook, int.Parse(Mbs("WebHook.GetPort", hook), CultureInfo.InvariantCulture));
    }

    /// <summary>Polls WebHook.Check until one request arrived (bounded), as a server-side script would.</summary>
    public static string WaitForRequest(string hook, int seconds = 10)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            var found = Mbs("WebHook.Check", hook);
            if (found.Length > 0) { Assert.DoesNotContain("\r", found); return found; }
            Thread.Sleep(10);
        }
        throw new TimeoutException($"no request reached WebHook {hook} within {seconds} s");
    }

    /// <summary>Runs curl (bounded by --max-time) and returns exit code, stdout, stderr.</summary>
    public static (int Exit, string Out, string Err) RunCurl(params string[] args)
    {
        var psi = new ProcessStartInfo(Curl) { RedirectStandardOutput = true, RedirectStandardError = true,
            RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in new[] { "--silent", "--show-error", "--noproxy", "*", "--max-time", "20" }.Concat(args))
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(30_000)) { p.Kill(true); throw new TimeoutException("curl did not finish"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    public static string CurlOk(params string[] args)
    {
        var (exit, output, error) = RunCurl(args);
        Assert.True(exit == 0, $"curl {string.Join(' ', args)} exited {exit}: {error}");
        return output;
    }

    /// <summary>Sends bytes on a fresh TCP connection and reads until the server closes (bounded).</summary>
    public static byte[] Exchange(int port, byte[] request, int seconds = 10)
    {
        using var client = new TcpClient("127.0.0.1", port);
        client.ReceiveTimeout = seconds * 1000;
        var stream = client.GetStream();
        stream.Write(request);
        return ReadToEnd(stream);
    }

    public static byte[] ReadToEnd(Stream stream)
    {
        var ms = new MemoryStream();
        var buf = new byte[8192];
        try
        {
            int n;
            while ((n = stream.Read(buf)) > 0) ms.Write(buf, 0, n);
        }
        catch (IOException) { /* a reset after the answer still counts as the end */ }
        return ms.ToArray();
    }

    public static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    /// <summary>
    /// Server-side sockets of this port that still hold a descriptor (inode not 0; orphans in FIN_WAIT or TIME_WAIT
    /// have none), listening sockets excluded, read from /proc/net/tcp and tcp6 — independent of other tests.
    /// </summary>
    public static int OpenServerSockets(int port)
    {
        var count = 0;
        foreach (var file in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(file)) continue;
            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var cols = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var local = cols[1];
                var localPort = int.Parse(local[(local.LastIndexOf(':') + 1)..], NumberStyles.HexNumber,
                    CultureInfo.InvariantCulture);
                if (localPort == port && cols[3] != "0A" && cols[9] != "0") count++;
            }
        }
        return count;
    }

    /// <summary>Descriptors of this process that are sockets (for the record; other tests run in parallel).</summary>
    public static int ProcessSockets() =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos().Count(f =>
        {
            try { return f.LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true; }
                catch (IOException) { return false; }
        });

    /// <summary>Waits (bounded) until a condition holds; returns whether it did.</summary>
    public static bool Eventually(Func<bool> condition, int seconds = 10)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until) { if (condition()) return true; Thread.Sleep(20); }
        return condition();
    }
}

using System.Globalization;
using System.Text;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// libcurl's cookie engine for one CURL handle: off until CURL.SetOptionCookieFile / CookieJar / CookieList turns
/// it on; Set-Cookie replies of every hop are stored and sent back on later requests (and later performs) of the
/// same handle; files and CURL.GetCookieList use curl's Netscape format. Thread-safe (a background perform).
/// </summary>
sealed class CookieJar
{
    sealed record Cookie(string Domain, bool TailMatch, string Path, bool Secure, long Expires, string Name,
        string Value, bool HttpOnly);

    readonly object gate = new();
    readonly List<Cookie> cookies = [];

    /// <summary>The Cookie header value for a request, or null when no stored cookie matches.</summary>
    public string? HeaderFor(Uri uri)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        lock (gate)
        {
            cookies.RemoveAll(c => c.Expires != 0 && c.Expires <= now);
            var host = uri.IdnHost.ToLowerInvariant();
            var matching = cookies.Where(c => DomainMatches(c, host) && PathMatches(c.Path, uri.AbsolutePath)
                                              && (!c.Secure || uri.Scheme == "https"))
                .OrderByDescending(c => c.Path.Length).Select(c => $"{c.Name}={c.Value}").ToList();
            return matching.Count == 0 ? null : string.Join("; ", matching);
        }
    }

    /// <summary>Stores one Set-Cookie header value received from <paramref name="uri"/> (RFC 6265 rules, as
    /// curl).</summary>
    public void Receive(Uri uri, string setCookie)
    {
        var parts = setCookie.Split(';');
        var eq = parts[0].IndexOf('=');
        if (eq <= 0) return;
        var name = parts[0][..eq].Trim();
        var value = parts[0][(eq + 1)..].Trim();
        var host = uri.IdnHost.ToLowerInvariant();
        string domain = host, path = DefaultPath(uri.AbsolutePath);
        bool tail = false, secure = false, httpOnly = false;
        long expires = 0;
        foreach (var attr in parts.Skip(1))
        {
            var i = attr.IndexOf('=');
            var key = (i < 0 ? attr : attr[..i]).Trim().ToLowerInvariant();
            var v = i < 0 ? "" : attr[(i + 1)..].Trim();
            switch (key)
            {
                case "domain" when v.Length > 0:
                    var d = v.TrimStart('.').ToLowerInvariant();
                    // not for this host: refused, as curl
                    if (d != host && !host.EndsWith("." + d, StringComparison.Ordinal)) return;
                    domain = d; tail = true; break;
                case "path" when v.StartsWith('/'): path = v; break;
                case "secure": secure = true; break;
                case "httponly": httpOnly = true; break;
                case "max-age"
                    when long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var age):
                    expires = age <= 0 ? 1 : DateTimeOffset.UtcNow.ToUnixTimeSeconds() + age; break;
                case "expires" when expires == 0 && DateTimeOffset.TryParse(v.Replace('-', ' '),
                    CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at):
                    expires = Math.Max(1, at.ToUnixTimeSeconds()); break;
            }
        }
        Store(new Cookie(domain, tail, path, secure, expires, name, value, httpOnly));
    }

    void Store(Cookie c)
    {
        lock (gate)
        {
            cookies.RemoveAll(o => o.Name == c.Name && o.Domain == c.Domain && o.Path == c.Path);
            if (c.Expires == 0 || c.Expires > DateTimeOffset.UtcNow.ToUnixTimeSeconds()) cookies.Add(c);
        }
    }

    /// <summary>Curl's Netscape lines ("#HttpOnly_" prefix, tab-separated), one per cookie, as
    /// CURLINFO_COOKIELIST.</summary>
    public List<string> NetscapeLines()
    {
        lock (gate)
            return cookies.Select(c => string.Join('\t',
                (c.HttpOnly ? "#HttpOnly_" : "") + (c.TailMatch ? "." : "") + c.Domain,
                c.TailMatch ? "TRUE" : "FALSE", c.Path, c.Secure ? "TRUE" : "FALSE",
                c.Expires.ToString(CultureInfo.InvariantCulture), c.Name, c.Value)).ToList();
    }

    /// <summary>A Netscape line, or a "Set-Cookie: …" line (CURLOPT_COOKIELIST); false when it is neither.</summary>
    public bool AddLine(string line)
    {
        line = line.Trim();
        if (line.StartsWith("Set-Cookie:", StringComparison.OrdinalIgnoreCase))
        {
            // curl needs a domain in such a line; without one it would match no host.
            var text = line[11..].Trim();
            var domain = text.Split(';').Skip(1).Select(p => p.Trim())
                .FirstOrDefault(p => p.StartsWith("domain=", StringComparison.OrdinalIgnoreCase));
            if (domain is null) return false;
            Receive(new Uri("http://" + domain[7..].TrimStart('.')), text);
            return true;
        }
        var httpOnly = line.StartsWith("#HttpOnly_", StringComparison.Ordinal);
        if (httpOnly) line = line[10..];
        else if (line.StartsWith('#') || line.Length == 0) return false;
        var f = line.Split('\t');
        if (f.Length < 7 || !long.TryParse(f[4], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
            return false;
        var tail = f[1].Equals("TRUE", StringComparison.OrdinalIgnoreCase);
        Store(new Cookie(f[0].TrimStart('.').ToLowerInvariant(), tail, f[2],
            f[3].Equals("TRUE", StringComparison.OrdinalIgnoreCase), expires, f[5], f[6], httpOnly));
        return true;
    }

    public void Load(string path)
    {
        if (path.Length == 0 || !File.Exists(path)) return; // curl: a missing cookie file just starts an empty engine
        foreach (var line in File.ReadAllLines(path)) AddLine(line);
    }

    public void Save(string path)
    {
        var sb = new StringBuilder("# Netscape HTTP Cookie File\n# This file was generated by PluginBridge " +
            "(libcurl's format). Edit at your own risk.\n\n");
        foreach (var line in NetscapeLines()) sb.Append(line).Append('\n');
        // Session cookies are secrets: owner-only, and whole or not at all.
        AtomicFile.Write(path, Encoding.UTF8.GetBytes(sb.ToString()), @private: true);
    }

    public void Clear(bool sessionOnly) { lock (gate) cookies.RemoveAll(c => !sessionOnly || c.Expires == 0); }

    static bool DomainMatches(Cookie c, string host) =>
        host == c.Domain || (c.TailMatch && host.EndsWith("." + c.Domain, StringComparison.Ordinal));

    static bool PathMatches(string cookiePath, string requestPath) =>
        requestPath == cookiePath || (requestPath.StartsWith(cookiePath, StringComparison.Ordinal)
                                       && (cookiePath.EndsWith('/') || requestPath[cookiePath.Length] == '/'));

    static string DefaultPath(string requestPath)
    {
        var slash = requestPath.LastIndexOf('/');
        return slash <= 0 ? "/" : requestPath[..slash];
    }
}

static partial class CurlFunctions
{
    static void RegisterCookies(Registry r)
    {
        r.Add("CURL.SetOptionCookieFile", "curl; Value { ; Encoding }",
            a => Cookies(a, (o, jar) => { o.CookieFile = NativePath(a.Text(1)); jar.Load(o.CookieFile); }));
        r.Add("CURL.SetOptionCookieJar", "curl; Value { ; Encoding }",
            a => Cookies(a, (o, _) => o.CookieJarFile = NativePath(a.Text(1))));
        r.Add("CURL.SetOptionCookieList", "curl; Value { ; Encoding }", SetCookieList);
        r.Add("CURL.SetOptionCookie", "curl; Value { ; Encoding }", a => Set(a, o => o.Cookie = a.Text(1).Trim()));
        r.Add("CURL.GetCookieList", "curl",
            a => Value.FromText(string.Join("\r", Handles.Get(a, 0).Read(o => o.CookieJar?.NetscapeLines() ?? []))));
    }

    static Value Cookies(Args a, Action<CurlOptions, CookieJar> change) => Set(a, o =>
    {
        o.CookieJar ??= new CookieJar();
        try { change(o, o.CookieJar); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MbsException($"Cannot read the cookie file: {e.Message}");
        }
    });

    static Value SetCookieList(Args a)
    {
        var command = a.Text(1).Trim();
        return Cookies(a, (o, jar) =>
        {
            switch (command.ToUpperInvariant())
            {
                case "ALL": jar.Clear(false); break;
                case "SESS": jar.Clear(true); break;
                case "FLUSH": if (o.CookieJarFile.Length > 0) jar.Save(o.CookieJarFile); break;
                case "RELOAD": jar.Load(o.CookieFile); break;
                default:
                    if (!jar.AddLine(command))
                        throw new MbsException("CURL.SetOptionCookieList takes ALL, SESS, FLUSH, RELOAD, a Netscape " +
                            "cookie line (7 tab-separated fields) or \"Set-Cookie: name=value; domain=example.com\".");
                    break;
            }
        });
    }
}

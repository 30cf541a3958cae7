namespace PluginBridge.Engine.Curl.Ftp;

/// <summary>
/// The URL path of an FTP transfer split as libcurl splits it for CURLOPT_FTP_FILEMETHOD: the directories to CWD
/// into and the file name (empty for a directory URL ending in "/"). "ftp://host/a/b/f.txt" is relative to the
/// login directory; "ftp://host//abs/f.txt" starts at the server's root.
/// </summary>
sealed record FtpTarget(IReadOnlyList<string> Dirs, string File, string DirPath)
{
    public const int MultiCwd = 1, NoCwd = 2, SingleCwd = 3;

    /// <summary>Whether the file part holds a wildcard pattern (curl's CURLOPT_WILDCARDMATCH syntax).</summary>
    public bool HasPattern => File.IndexOfAny(['*', '?', '[']) >= 0;

    /// <param name="urlPath">The decoded URL path, starting with the "/" after the host.</param>
    public static FtpTarget Parse(string urlPath, int method)
    {
        var path = urlPath.Length > 0 && urlPath[0] == '/' ? urlPath[1..] : urlPath;
        var slash = path.LastIndexOf('/');
        var file = path[(slash + 1)..];
        var dirPath = slash < 0 ? "" : path[..slash];
        if (dirPath.Length == 0 && slash == 0) dirPath = "/";
        List<string> dirs = [];
        if (method == SingleCwd) { if (dirPath.Length > 0) dirs.Add(dirPath); }
        else if (method != NoCwd)
        {
            if (dirPath.StartsWith('/')) dirs.Add("/");
            dirs.AddRange(dirPath.Split('/', StringSplitOptions.RemoveEmptyEntries));
        }
        return new FtpTarget(dirs, file, dirPath);
    }

    /// <summary>The file as the transfer command names it: with nocwd the whole path, else the name.</summary>
    public string CommandPath(int method, string name) =>
        method == NoCwd && DirPath.Length > 0 ? (DirPath == "/" ? "/" : DirPath + "/") + name : name;
}

/// <summary>
/// curl's default wildcard matching (Curl_fnmatch): "*" any run of characters, "?" one character, "[…]" one
/// character of a set with ranges, "!"/"^" negation and [:alpha:]-style classes, "\" escapes the next character.
/// </summary>
static class FtpPattern
{
    public static bool Matches(string pattern, string name) => Match(pattern, 0, name, 0);

    static bool Match(string p, int pi, string s, int si)
    {
        while (pi < p.Length)
        {
            var c = p[pi];
            if (c == '*')
            {
                while (pi < p.Length && p[pi] == '*') pi++;
                if (pi == p.Length) return true;
                for (var k = si; k <= s.Length; k++)
                    if (Match(p, pi, s, k)) return true;
                return false;
            }
            if (si >= s.Length) return false;
            if (c == '?') { pi++; si++; continue; }
            if (c == '[' && Bracket(p, pi, s[si]) is { } next)
            {
                if (next < 0) return false;
                pi = next;
                si++;
                continue;
            }
            if (c == '\\' && pi + 1 < p.Length) c = p[++pi];
            if (c != s[si]) return false;
            pi++;
            si++;
        }
        return si == s.Length;
    }

    /// <summary>A bracket expression at p[start]: the index after its "]" when ch matches, -1 when it does not;
    /// null when the "[" opens no complete expression (it is then an ordinary character).</summary>
    static int? Bracket(string p, int start, char ch)
    {
        var i = start + 1;
        var negate = i < p.Length && (p[i] == '!' || p[i] == '^');
        if (negate) i++;
        var matched = false;
        var first = true;
        while (i < p.Length && (p[i] != ']' || first))
        {
            first = false;
            if (p[i] == '[' && i + 1 < p.Length && p[i + 1] == ':' && p.IndexOf(":]", i + 2, StringComparison.Ordinal)
                is var close and > 0)
            {
                matched |= InClass(p[(i + 2)..close], ch);
                i = close + 2;
                continue;
            }
            var lo = p[i] == '\\' && i + 1 < p.Length ? p[++i] : p[i];
            i++;
            if (i + 1 < p.Length && p[i] == '-' && p[i + 1] != ']')
            {
                var hi = p[i + 1] == '\\' && i + 2 < p.Length ? p[i + 2] : p[i + 1];
                i += p[i + 1] == '\\' ? 3 : 2;
                matched |= ch >= lo && ch <= hi;
            }
            else matched |= ch == lo;
        }
        if (i >= p.Length) return null;
        return matched != negate ? i + 1 : -1;
    }

    static bool InClass(string name, char ch) => name switch
    {
        "alnum" => char.IsAsciiLetterOrDigit(ch),
        "alpha" => char.IsAsciiLetter(ch),
        "digit" => char.IsAsciiDigit(ch),
        "xdigit" => char.IsAsciiHexDigit(ch),
        "lower" => char.IsAsciiLetterLower(ch),
        "upper" => char.IsAsciiLetterUpper(ch),
        "space" => ch is ' ' or '\t' or '\n' or '\r' or '\f' or '\v',
        "blank" => ch is ' ' or '\t',
        "print" => ch is >= ' ' and <= '~',
        "graph" => ch is > ' ' and <= '~',
        _ => false,
    };
}

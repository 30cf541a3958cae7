using System.Globalization;
using System.Text.Json.Nodes;

namespace PluginBridge.Engine.Curl.Ftp;

/// <summary>One entry of a LIST reply, with the fields of libcurl's struct curl_fileinfo.</summary>
sealed record FtpEntry(string FileName, string FileType, long Size, long HardLinks, int Perm, string TimeText,
    string PermText, string User, string Group, string Target)
{
    public bool IsFile => FileType == "file";

    /// <summary>The entry as an object of CURL.FileInfos (curl_fileinfo's field names).</summary>
    public JsonObject ToJson() => new()
    {
        ["filename"] = FileName,
        ["filetype"] = FileType,
        ["size"] = Size,
        ["hardlinks"] = HardLinks,
        ["perm"] = Perm,
        ["strings"] = new JsonObject
        {
            ["time"] = TimeText, ["perm"] = PermText, ["user"] = User, ["group"] = Group, ["target"] = Target,
        },
    };
}

/// <summary>
/// Parses the Unix "ls -l" form of LIST replies, the form libcurl's wildcard matching understands
/// ("-rw-r--r--   1 owner group  5 Dec 02 07:20 a.txt", "lrwxrwxrwx … name -> target"); other lines ("total 8",
/// other server formats) are skipped.
/// </summary>
static class FtpListing
{
    public static List<FtpEntry> Parse(string listing)
    {
        List<FtpEntry> entries = [];
        foreach (var raw in listing.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var f = line.Split(' ', 9, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 9 || f[0].Length != 10 || TypeOf(f[0][0]) is not { } type) continue;
            if (!long.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var links)
                || !long.TryParse(f[4], NumberStyles.None, CultureInfo.InvariantCulture, out var size)) continue;
            var name = f[8];
            var target = "";
            if (type == "symlink" && name.IndexOf(" -> ", StringComparison.Ordinal) is var arrow and > 0)
            {
                target = name[(arrow + 4)..];
                name = name[..arrow];
            }
            if (name is "." or "..") continue;
            entries.Add(new FtpEntry(name, type, size, links, Permissions(f[0]), $"{f[5]} {f[6]} {f[7]}", f[0],
                f[2], f[3], target));
        }
        return entries;
    }

    static string? TypeOf(char c) => c switch
    {
        '-' => "file", 'd' => "directory", 'l' => "symlink", 'b' => "device block", 'c' => "device char",
        'p' => "named pipe", 's' => "socket", 'D' => "door", _ => null,
    };

    // "rwxr-x--x" (with s/t variants) as the numeric mode curl reports in curl_fileinfo.perm.
    static int Permissions(string text)
    {
        var mode = 0;
        for (var i = 1; i < 10; i++)
        {
            var c = text[i];
            var bit = 1 << (9 - i);
            if (c is 'r' or 'w' or 'x' or 's' or 't') mode |= bit;
            if (c is 's' or 'S') mode |= i == 3 ? 0x800 : 0x400;
            if (c is 't' or 'T') mode |= 0x200;
        }
        return mode;
    }

    public static string ToJson(IEnumerable<FtpEntry> entries) =>
        Json.JsonText.Print(new JsonArray(entries.Select(e => (JsonNode)e.ToJson()).ToArray()));
}

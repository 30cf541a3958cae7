using System.Security.Cryptography;
using System.Text;

namespace PluginBridge.Engine.Curl;

/// <summary>One CURL.FormAdd… part: a field (no file name) or a file; extra header lines as MBS's
/// ContentHeaders.</summary>
sealed record FormPart(string Name, byte[] Data, string? FileName, string? ContentType, IReadOnlyList<string> Headers);

/// <summary>multipart/form-data as curl writes it: a "------------------------" + 16 hex digit boundary,
/// Content-Disposition with name (and filename for files), Content-Type for files or when given.</summary>
static class Multipart
{
    public static (byte[] Body, string Boundary) Build(IReadOnlyList<FormPart> parts)
    {
        var boundary = "------------------------" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        using var body = new MemoryStream();
        void Text(string s) => body.Write(Encoding.UTF8.GetBytes(s));
        foreach (var p in parts)
        {
            Text($"--{boundary}\r\nContent-Disposition: form-data; name=\"{Escape(p.Name)}\"");
            if (p.FileName is not null) Text($"; filename=\"{Escape(p.FileName)}\"");
            Text("\r\n");
            var type = p.ContentType ?? (p.FileName is not null ? MimeKit.MimeTypes.GetMimeType(p.FileName) : null);
            if (type is { Length: > 0 }) Text($"Content-Type: {type}\r\n");
            foreach (var h in p.Headers) Text(h + "\r\n");
            Text("\r\n");
            body.Write(p.Data);
            Text("\r\n");
        }
        Text($"--{boundary}--\r\n");
        return (body.ToArray(), boundary);
    }

    // curl's HTML5 escaping of names in Content-Disposition.
    static string Escape(string s) => s.Replace("\"", "%22").Replace("\r", "%0D").Replace("\n", "%0A");
}

static partial class CurlFunctions
{
    static void RegisterForms(Registry r)
    {
        r.Add("CURL.FormAddKeyValue", "curl; Name; Value { ; ContentType; ContentHeaders }",
            a => AddPart(a, Encoding.UTF8.GetBytes(a.Text(2)), null, a.Text(3, ""), a.Text(4, "")),
                "CURL.FormAddKeyValueContentType");
        r.Add("CURL.FormAddKeyText", "curl; Name; FileName; Text { ; Encoding; ContentType; ContentHeaders }",
            a => AddPart(a, Encodings.ToBytes(a.Text(3), a.Text(4, "")), a.Text(2), a.Text(5, ""), a.Text(6, "")),
                "CURL.FormAddKeyTextContentType");
        r.Add("CURL.FormAddKeyFile", "curl; Name; Path { ; ContentType; ContentHeaders }",
            AddFilePart, "CURL.FormAddKeyFileContentType");
        r.Add("CURL.FormAddKeyContainer", "curl; Name; FileName; Data { ; ContentType; ContentHeaders }",
            AddContainerPart, "CURL.FormAddKeyContainerContentType");
        r.Add("CURL.FormFinish", "curl", a => Set(a, o => o.FormFinished = true));
        r.Add("CURL.FormClear", "curl", a => Set(a, o => { o.Form = []; o.FormFinished = false; }));
    }

    static Value AddPart(Args a, byte[] data, string? fileName, string contentType, string headers)
    {
        var name = a.Text(1);
        if (name.Length == 0) throw new MbsException($"{a.Function} needs a field name.");
        var lines = headers.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var line in lines)
            if (line.IndexOf(':') <= 0)
                throw new MbsException($"\"{line}\" is not a header line. Use \"Name: value\".");
        var part = new FormPart(name, data, fileName, contentType.Length > 0 ? contentType : null, lines);
        return Set(a, o => { o.Form = [.. o.Form, part]; o.FormFinished = false; });
    }

    static Value AddFilePart(Args a)
    {
        var path = NativePath(a.Text(2));
        byte[] data;
        try { data = File.ReadAllBytes(path); }
        catch (Exception e)
            when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new MbsException($"Cannot read the file \"{path}\" for CURL.FormAddKeyFile: {e.Message}");
        }
        return AddPart(a, data, Path.GetFileName(path), a.Text(3, ""), a.Text(4, ""));
    }

    static Value AddContainerPart(Args a)
    {
        var value = a[3];
        var name = a.Text(2, value.Type == Core.ValueType.Container ? value.FileName ?? "" : "");
        return AddPart(a, value.AsBytes(), name.Length > 0 ? name : "file", a.Text(4, ""), a.Text(5, ""));
    }

    /// <summary>A native path, also accepted with FileMaker's "filelinux:"/"filemac:"/"filewin:"/"file:"
    /// prefixes.</summary>
    internal static string NativePath(string path)
    {
        path = path.Trim();
        foreach (var prefix in new[] { "filelinux:", "filemac:", "filewin:", "file:" })
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return path[prefix.Length..];
        return path;
    }
}

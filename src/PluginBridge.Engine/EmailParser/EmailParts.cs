using MimeKit;

namespace PluginBridge.Engine.EmailParser;

/// <summary>EmailParser.Attachment / Inline (a property of one part, its text or its decoded content as a container)
/// and WriteAttachment / WriteInline.</summary>
static class EmailParts
{
    /// <summary>Emails written back out (SourceWithoutAttachments, embedded emails) use CRLF, as mail does.</summary>
    internal static readonly FormatOptions Crlf = CrlfOptions();

    static FormatOptions CrlfOptions()
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        return options;
    }

    /// <summary>Selector (case-insensitive): Filename, MimeType, MimeVersion, ContentType, ContentTransferEncoding,
    /// ContentDisposition, ContentDescription, ContentID (without angle brackets, as cid: links use it), text (in
    /// Extra's encoding, else the part's charset, else UTF-8) or container (file name Extra, else the
    /// part's).</summary>
    public static Value Property(Args a, MimePart part)
    {
        var selector = a.Text(2).Trim();
        switch (selector.ToLowerInvariant())
        {
            case "filename": return Value.FromText(part.FileName ?? "");
            case "mimetype": return Value.FromText(part.ContentType.MimeType);
            case "mimeversion": return Value.FromText(HeaderText(part, HeaderId.MimeVersion));
            case "contenttype": return Value.FromText(HeaderText(part, HeaderId.ContentType));
            case "contenttransferencoding": return Value.FromText(HeaderText(part, HeaderId.ContentTransferEncoding));
            case "contentdisposition": return Value.FromText(HeaderText(part, HeaderId.ContentDisposition));
            case "contentdescription": return Value.FromText(HeaderText(part, HeaderId.ContentDescription));
            case "contentid": return Value.FromText(part.ContentId ?? "");
            case "text":
                var encoding = a.Has(3) ? Encodings.Get(a.Text(3))
                    : Encodings.Get(part.ContentType.Charset, Encodings.Utf8);
                return Value.FromText(encoding.GetString(ParsedEmail.Decoded(part)));
            case "container":
                var name = a.Has(3) ? a.Text(3) : part.FileName ?? DefaultName(part);
                return Value.FromContainer(ParsedEmail.Decoded(part), name);
            default:
                throw new MbsException($"{a.Function}: unknown selector \"{MbsException.Echo(selector)}\". Use " +
                    "Filename, MimeType, MimeVersion, ContentType, ContentTransferEncoding, ContentDisposition, " +
                    "ContentDescription, ContentID, text or container.");
        }
    }

    public static Value Write(Args a, MimePart part)
    {
        if (a.Text(2).Trim().Length == 0)
            throw new MbsException($"{a.Function}: the file path is empty. Pass a native path to write to.");
        var path = Paths.PathFunctions.ToNative(a.Text(2));
        try { AtomicFile.Write(path, ParsedEmail.Decoded(part)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MbsException($"Failed to write file \"{path}\": {e.Message}");
        }
        return Value.Ok;
    }

    static string HeaderText(MimePart part, HeaderId id) => part.Headers[id]?.Trim() ?? "";

    /// <summary>A part without a file name still needs one in a container: "inline.png", "attachment.pdf" ….</summary>
    static string DefaultName(MimePart part) =>
        (part.ContentId is null ? "attachment" : "inline") + "." + part.ContentType.MediaSubtype.ToLowerInvariant();
}

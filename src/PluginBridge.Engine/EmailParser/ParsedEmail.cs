using System.Globalization;
using System.Security.Cryptography;
using MimeKit;
using MimeKit.Utils;

namespace PluginBridge.Engine.EmailParser;

/// <summary>One address of the email: its kind (From, Sender, ReplyTo, TO, CC, BCC, MBS's names), label and
/// address.</summary>
sealed record EmailAddress(string Type, string Name, string Email);

/// <summary>
/// An email parsed by MimeKit, as the EmailParser functions see it: headers in order, addresses, the plain and HTML
/// text, attachments and inline parts (decoded on demand), and the source it was parsed from. Immutable after
/// parsing except the numbers of embedded emails, made on first request.
/// </summary>
sealed class ParsedEmail : IHandle
{
    public long Number { get; set; }
    public MimeMessage Message { get; }
    public byte[] Source { get; }
    public IReadOnlyList<Header> Headers { get; }
    public IReadOnlyList<EmailAddress> Addresses { get; }
    public string PlainText { get; }
    public string HtmlText { get; }
    public IReadOnlyList<MimePart> Attachments { get; }
    public IReadOnlyList<MimePart> Inlines { get; }
    public IReadOnlyList<MessagePart> EmbeddedEmails { get; }
    /// <summary>Handle numbers of <see cref="EmbeddedEmails"/>, once EmailParser.AttachedEmails made them.</summary>
    public string? EmbeddedNumbers { get; set; }

    ParsedEmail(MimeMessage message, byte[] source)
    {
        Message = message;
        Source = source;
        // All top-level header lines in order: MimeKit moves Content-* lines to the body entity, MBS lists them.
        Headers = HeaderList.Load(new MemoryStream(source, writable: false)).ToList();
        Addresses = ReadAddresses(message.Headers);
        var plain = FirstBody(message, "plain");
        var html = FirstBody(message, "html");
        HtmlText = html?.Text ?? "";
        PlainText = plain?.Text ?? (html is null ? "" : HtmlToText.Convert(HtmlText));
        List<MimePart> attachments = [], inlines = [];
        List<MessagePart> embedded = [];
        Sort(message.Body, inRelated: false);
        void Sort(MimeEntity? entity, bool inRelated)
        {
            switch (entity)
            {
                case Multipart multipart:
                    var related = multipart.ContentType.IsMimeType("multipart", "related");
                    foreach (var child in multipart) Sort(child, related);
                    break;
                case MessagePart rfc822:
                    embedded.Add(rfc822);
                    break;
                case MimePart part when !ReferenceEquals(part, plain) && !ReferenceEquals(part, html):
                    (IsInline(part, inRelated) ? inlines : attachments).Add(part);
                    break;
            }
        }
        Attachments = attachments;
        Inlines = inlines;
        EmbeddedEmails = embedded;
    }

    /// <summary>Parses the bytes of an email (RFC 5322 / MIME); an [MBS] error when they are not one.</summary>
    public static ParsedEmail Parse(byte[] source)
    {
        if (source.Length == 0) throw new MbsException("The email source is empty. Pass the text of an email.");
        MimeMessage message;
        try { message = MimeMessage.Load(new MemoryStream(source, writable: false)); }
        catch (FormatException e)
        {
            throw new MbsException($"Failed to parse the email: {e.Message} Pass the full source of an email.");
        }
        if (message.Headers.Count == 0)
            throw new MbsException(
                "Failed to parse the email: no header lines found. Pass the full source of an email.");
        return new ParsedEmail(message, source);
    }

    /// <summary>An inline part: one with a Content-ID inside multipart/related (the images an HTML body shows by
    /// cid:, whatever its disposition says; Python's email package marks them "attachment"), or a part that is not
    /// text with Content-Disposition inline (Apple Mail's images). Everything else is an attachment.</summary>
    static bool IsInline(MimePart part, bool inRelated) =>
        (inRelated && part.ContentId is not null)
        || (part.ContentDisposition?.Disposition is { } d
            && d.Equals(ContentDisposition.Inline, StringComparison.OrdinalIgnoreCase)
            && !part.ContentType.MediaType.Equals("text", StringComparison.OrdinalIgnoreCase));

    /// <summary>The first text/plain or text/html part that is not an attachment: the email's text.</summary>
    static TextPart? FirstBody(MimeMessage message, string subtype) =>
        message.BodyParts.OfType<TextPart>().FirstOrDefault(p =>
            p.ContentType.MediaSubtype.Equals(subtype, StringComparison.OrdinalIgnoreCase) && !p.IsAttachment);

    static readonly (HeaderId Id, string Type)[] AddressHeaders =
    [
        (HeaderId.From, "From"), (HeaderId.Sender, "Sender"), (HeaderId.ReplyTo, "ReplyTo"),
        (HeaderId.To, "TO"), (HeaderId.Cc, "CC"), (HeaderId.Bcc, "BCC"),
    ];

    /// <summary>Addresses in header order; groups are flattened into their mailboxes.</summary>
    static List<EmailAddress> ReadAddresses(HeaderList headers)
    {
        var result = new List<EmailAddress>();
        foreach (var header in headers)
        {
            var type = Array.Find(AddressHeaders, h => h.Id == header.Id).Type;
            if (type is null || !InternetAddressList.TryParse(ParserOptions.Default, header.RawValue, out var list))
                continue;
            foreach (var mailbox in list.Mailboxes)
                result.Add(new EmailAddress(type, mailbox.Name ?? "", mailbox.Address));
        }
        return result;
    }

    /// <summary>The part's content, decoded from its transfer encoding (base64, quoted-printable).</summary>
    public static byte[] Decoded(MimePart part)
    {
        using var buffer = new MemoryStream();
        part.Content?.DecodeTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>SHA-512 of the source, uppercase hex (as MBS's Hash functions print).</summary>
    public string Hash() => Convert.ToHexString(SHA512.HashData(Source));

    /// <summary>The Date header, in the local time zone, as a FileMaker timestamp; empty without one.</summary>
    public string SentDate() => Timestamp(Message.Headers[HeaderId.Date]);

    /// <summary>The date of the newest Received header (the first one: each server adds its own on top), after its
    /// last semicolon, in the local time zone; empty without one.</summary>
    public string ReceiveDate()
    {
        var received = Message.Headers[HeaderId.Received];
        if (received is null) return "";
        var semicolon = received.LastIndexOf(';');
        return semicolon < 0 ? "" : Timestamp(received[(semicolon + 1)..]);
    }

    /// <summary>A FileMaker timestamp in the US-English form FileMaker uses for text (M/d/yyyy h:mm:ss
    /// AM/PM).</summary>
    static string Timestamp(string? rfc5322Date) =>
        rfc5322Date is not null && DateUtils.TryParse(rfc5322Date.Trim(), out var date)
            ? date.ToLocalTime().ToString("M/d/yyyy h:mm:ss tt", CultureInfo.InvariantCulture)
            : "";
}

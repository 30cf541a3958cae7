using System.Text;
using MimeKit;
using MimeKit.Utils;

namespace PluginBridge.Engine.SendMail;

/// <summary>
/// One SendMail.CreateEmail object: what the script set, turned into an RFC 5322 message with MimeKit on demand
/// (GetSource, PrepareCURL). Text parts are quoted-printable in the draft's charset, non-ASCII header text is
/// RFC 2047-encoded, BCC recipients are envelope-only (never a header), as MBS does.
/// </summary>
sealed class EmailDraft(Encoding charset) : Core.IHandle
{
    public long Number { get; set; }

    public sealed record Address(string Email, string Name);
    public sealed record Attachment(byte[] Data, string Name, string MimeType, string InlineId, string Method);

    readonly object gate = new();
    public Encoding Charset { get; } = charset;
    public Address? From;
    public string Subject = "";
    public string PlainText = "";
    public string HtmlText = "";
    /// <summary>SendMail.SetRichText: a text/enriched alternative (RFC 1896).</summary>
    public string RichText = "";
    public string InReplyTo = "";
    /// <summary>SendMail.SetUse8BitMime: text parts as 8bit instead of quoted-printable.</summary>
    public bool Use8BitMime;
    public readonly List<Address> To = [], Cc = [], Bcc = [], ReplyTo = [];
    public readonly List<string> Headers = [];
    public readonly List<Attachment> Attachments = [];
    public string SmtpServer = "";
    public bool SmtpTls;
    public string SmtpUserName = "";
    public string SmtpPassword = "";
    public string MessageId = "";

    public void Change(Action<EmailDraft> change) { lock (gate) change(this); }

    public T Read<T>(Func<EmailDraft, T> read) { lock (gate) return read(this); }

    public MimeMessage Build()
    {
        lock (gate)
        {
            var message = new MimeMessage();
            if (From is not null) message.From.Add(Mailbox(From));
            message.To.AddRange(To.Select(Mailbox));
            message.Cc.AddRange(Cc.Select(Mailbox));
            message.ReplyTo.AddRange(ReplyTo.Select(Mailbox));
            message.Headers.Replace(HeaderId.Subject, Charset, Subject);
            message.Date = DateTimeOffset.Now;
            message.MessageId = MessageId.Length > 0 ? MessageId
                : MimeUtils.GenerateMessageId(From is null ? "localhost" : Domain(From.Email));
            if (InReplyTo.Length > 0) message.InReplyTo = InReplyTo;
            message.Body = Body();
            message.Headers.Replace(HeaderId.MimeVersion, "1.0");
            ApplyCustomHeaders(message);
            return message;
        }
    }

    /// <summary>The message as sent: CRLF line endings.</summary>
    public byte[] Source()
    {
        var message = Build();
        using var stream = new MemoryStream();
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        message.WriteTo(format, stream);
        return stream.ToArray();
    }

    MailboxAddress Mailbox(Address a) => new(Charset, a.Name, a.Email);

    static string Domain(string email) => email.Contains('@') ? email[(email.LastIndexOf('@') + 1)..] : "localhost";

    MimeEntity Body()
    {
        MimeEntity? text = PlainText.Length > 0 ? TextPart("plain", PlainText) : null;
        MimeEntity? html = HtmlText.Length > 0 ? TextPart("html", HtmlText) : null;
        if (RichText.Length > 0)
        {
            // plain, enriched, html: from the simplest to the richest alternative (RFC 2046).
            var enriched = TextPart("enriched", RichText);
            text = text is null ? enriched : new MultipartAlternative { text, enriched };
        }

        var inline = Attachments.Where(a => a.InlineId.Length > 0).ToList();
        if (html is not null && inline.Count > 0)
        {
            var related = new MultipartRelated { html };
            foreach (var a in inline) related.Add(Part(a));
            html = related;
        }
        MimeEntity body = (text, html) switch
        {
            (MultipartAlternative alternative, not null) => Add(alternative, html),
            (not null, not null) => new MultipartAlternative { text, html },
            (null, not null) => html,
            (not null, null) => text,
            _ => TextPart("plain", ""),
        };
        var files = Attachments.Where(a => a.InlineId.Length == 0 || HtmlText.Length == 0).ToList();
        if (files.Count == 0) return body;
        var mixed = new Multipart("mixed") { body };
        foreach (var a in files) mixed.Add(Part(a));
        return mixed;
    }

    TextPart TextPart(string subtype, string text)
    {
        var part = new TextPart(subtype) { ContentTransferEncoding = Use8BitMime ? ContentEncoding.EightBit
            : ContentEncoding.QuotedPrintable };
        part.SetText(Charset, text.Replace("\r\n", "\n").Replace('\r', '\n').Replace("\n", "\r\n"));
        return part;
    }

    static MultipartAlternative Add(MultipartAlternative alternative, MimeEntity part)
    {
        alternative.Add(part);
        return alternative;
    }

    static MimePart Part(Attachment a)
    {
        var type = ContentType.TryParse(a.MimeType, out var parsed) ? parsed
            : new ContentType("application", "octet-stream");
        if (a.Method.Length > 0) type.Parameters["method"] = a.Method;
        var part = new MimePart(type)
        {
            Content = new MimeContent(new MemoryStream(a.Data)),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = a.Name,
            ContentDisposition = new ContentDisposition(a.InlineId.Length > 0 ? ContentDisposition.Inline
                : ContentDisposition.Attachment) { FileName = a.Name },
        };
        if (a.InlineId.Length > 0) part.ContentId = a.InlineId;
        return part;
    }

    // SendMail.AddHeader: "Name: value" replaces a header we made (Date, Message-Id, …) or adds one; "Name:" removes
    // it.
    void ApplyCustomHeaders(MimeMessage message)
    {
        foreach (var line in Headers)
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (value.Length == 0) { message.Headers.RemoveAll(name); continue; }
            if (message.Headers.Contains(name) && !name.StartsWith("X-", StringComparison.OrdinalIgnoreCase)
                || name.Equals("X-Mailer", StringComparison.OrdinalIgnoreCase))
                message.Headers.Replace(name, Charset, value);
            else message.Headers.Add(name, Charset, value);
        }
    }
}

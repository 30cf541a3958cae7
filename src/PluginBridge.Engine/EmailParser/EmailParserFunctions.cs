using System.Text.RegularExpressions;
using MimeKit;

namespace PluginBridge.Engine.EmailParser;

/// <summary>
/// The EmailParser family (MBS EmailParser.*) on MimeKit: EmailParser.Parse / ParseContainer / ParseFile give a
/// reference number (counted as "EmailParser" in Plugin.ObjectCounts) whose subject, addresses, headers, texts,
/// attachments and inline parts the other functions read. See README.md.
/// </summary>
static partial class EmailParserFunctions
{
    // MBS documents no first number for EmailParser references; ours start here.
    internal static readonly HandleTable<ParsedEmail> Emails = new("EmailParser", 28000);

    public static void Register(Registry r)
    {
        r.AddTable(Emails);
        r.Add("EmailParser.Parse", "EmailSource { ; Encoding }",
            a => New(Encodings.ToBytes(a.Text(0), a.Text(1, ""))));
        r.Add("EmailParser.ParseContainer", "EmailSource", a => New(a.Bytes(0)));
        r.Add("EmailParser.ParseFile", "Path", ParseFile);
        r.Add("EmailParser.Release", "EmailID", Emails.ReleaseFunction);
        r.Add("EmailParser.ReleaseAll", "", _ => { Emails.ReleaseAll(); return Value.Ok; });
        r.Add("EmailParser.List", "", Emails.ListFunction);
        r.Add("EmailParser.Subject", "EmailID", a => Value.FromText(Email(a).Message.Subject ?? ""));
        r.Add("EmailParser.MessageID", "EmailID",
            a => Value.FromText(Email(a).Message.Headers[HeaderId.MessageId]?.Trim() ?? ""));
        r.Add("EmailParser.SentDate", "EmailID", a => Value.FromText(Email(a).SentDate()));
        r.Add("EmailParser.ReceiveDate", "EmailID", a => Value.FromText(Email(a).ReceiveDate()));
        r.Add("EmailParser.PlainText", "EmailID", a => Value.FromText(Email(a).PlainText));
        r.Add("EmailParser.HTMLText", "EmailID", a => Value.FromText(Email(a).HtmlText));
        r.Add("EmailParser.HTMLToPlainText", "HTML", a => Value.FromText(HtmlToText.Convert(a.Text(0))));
        r.Add("EmailParser.ProcessImageReferences", "HTMLText", ProcessImageReferences);
        r.Add("EmailParser.Source", "EmailID", a => Value.FromText(Encodings.Utf8.GetString(Email(a).Source)));
        r.Add("EmailParser.SourceWithoutAttachments", "EmailID", SourceWithoutAttachments);
        r.Add("EmailParser.Hash", "EmailID", a => Value.FromText(Email(a).Hash()));
        r.Add("EmailParser.AddressCount", "EmailID", a => Value.FromNumber(Email(a).Addresses.Count));
        r.Add("EmailParser.Address", "EmailID; Index; Selector", Address);
        r.Add("EmailParser.HeaderCount", "EmailID", a => Value.FromNumber(Email(a).Headers.Count));
        r.Add("EmailParser.Header", "EmailID; Index; Selector", Header);
        r.Add("EmailParser.HeaderValue", "EmailID; HeaderName",
            a => Value.FromText(FindHeader(Email(a), a.Text(1))?.Value ?? ""));
        r.Add("EmailParser.HasHeader", "EmailID; HeaderName",
            a => Value.FromBool(FindHeader(Email(a), a.Text(1)) is not null));
        r.Add("EmailParser.AttachmentCount", "EmailID", a => Value.FromNumber(Email(a).Attachments.Count));
        r.Add("EmailParser.Attachment", "EmailID; Index; Selector { ; Extra }",
            a => EmailParts.Property(a, Part(a, Email(a).Attachments, "AttachmentCount")));
        r.Add("EmailParser.WriteAttachment", "EmailID; Index; Path",
            a => EmailParts.Write(a, Part(a, Email(a).Attachments, "AttachmentCount")));
        r.Add("EmailParser.InlineCount", "EmailID", a => Value.FromNumber(Email(a).Inlines.Count));
        r.Add("EmailParser.Inline", "EmailID; Index; Selector { ; Extra }",
            a => EmailParts.Property(a, Part(a, Email(a).Inlines, "InlineCount")));
        r.Add("EmailParser.WriteInline", "EmailID; Index; Path",
            a => EmailParts.Write(a, Part(a, Email(a).Inlines, "InlineCount")));
        r.Add("EmailParser.AttachedEmails", "EmailID", AttachedEmails);
    }

    static ParsedEmail Email(Args a) => Emails.Get(a, 0);

    static Value New(byte[] source) => Value.FromNumber(Emails.Add(ParsedEmail.Parse(source)));

    static Value ParseFile(Args a)
    {
        var path = a.Text(0).Trim().Length == 0
            ? throw new MbsException("The file path is empty. Pass the native path of an .eml file.")
            : Paths.PathFunctions.ToNative(a.Text(0));
        try { return New(File.ReadAllBytes(path)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MbsException($"Failed to read file \"{path}\": {e.Message}");
        }
    }

    static T Item<T>(Args a, IReadOnlyList<T> items, string countFunction)
    {
        var index = a.Long(1);
        if (index < 0 || index >= items.Count)
            throw new MbsException($"{a.Function}: index {index} is out of range; EmailParser.{countFunction} is " +
                $"{items.Count} (indexes start at 0).");
        return items[(int)index];
    }

    static MimePart Part(Args a, IReadOnlyList<MimePart> parts, string countFunction) =>
        Item(a, parts, countFunction);

    static Value Address(Args a)
    {
        var address = Item(a, Email(a).Addresses, "AddressCount");
        return a.Text(2).Trim().ToLowerInvariant() switch
        {
            "type" => Value.FromText(address.Type),
            "name" => Value.FromText(address.Name),
            "email" => Value.FromText(address.Email),
            var s => throw new MbsException($"EmailParser.Address: unknown selector \"{MbsException.Echo(s)}\". " +
                "Use type, name or email."),
        };
    }

    static Value Header(Args a)
    {
        var header = Item(a, Email(a).Headers, "HeaderCount");
        return a.Text(2).Trim().ToLowerInvariant() switch
        {
            "name" => Value.FromText(header.Field),
            "value" => Value.FromText(header.Value.Trim()),
            var s => throw new MbsException($"EmailParser.Header: unknown selector \"{MbsException.Echo(s)}\". " +
                "Use name or value."),
        };
    }

    static Header? FindHeader(ParsedEmail email, string name) =>
        email.Headers.FirstOrDefault(h => h.Field.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));

    static Value AttachedEmails(Args a)
    {
        var email = Email(a);
        lock (email)
        {
            email.EmbeddedNumbers ??= string.Join('\r', email.EmbeddedEmails.Select(m =>
            {
                using var buffer = new MemoryStream();
                m.Message?.WriteTo(EmailParts.Crlf, buffer);
                return Emails.Add(ParsedEmail.Parse(buffer.ToArray()));
            }));
            return Value.FromText(email.EmbeddedNumbers);
        }
    }

    static Value SourceWithoutAttachments(Args a)
    {
        var email = Email(a);
        var remove = new HashSet<MimeEntity>(email.Attachments.Concat<MimeEntity>(email.EmbeddedEmails));
        var paths = Walk(email.Message.Body, "").Where(x => remove.Contains(x.Entity)).Select(x => x.Path).ToHashSet();
        // A fresh copy from the same bytes has the same tree: the parsed message stays as it is.
        var copy = MimeMessage.Load(new MemoryStream(email.Source, writable: false));
        foreach (var (path, entity) in Walk(copy.Body, "").Where(x => paths.Contains(x.Path)).Reverse().ToList())
            if (Parent(copy.Body, path) is { } parent) parent.Remove(entity);
        using var buffer = new MemoryStream();
        copy.WriteTo(EmailParts.Crlf, buffer);
        return Value.FromText(Encodings.Utf8.GetString(buffer.ToArray()));
    }

    /// <summary>Every entity under <paramref name="entity"/> with its path of child indexes ("/0/1").</summary>
    static IEnumerable<(string Path, MimeEntity Entity)> Walk(MimeEntity? entity, string path)
    {
        if (entity is null) yield break;
        yield return (path, entity);
        if (entity is not Multipart multipart) yield break;
        for (var i = 0; i < multipart.Count; i++)
            foreach (var inner in Walk(multipart[i], path + "/" + i)) yield return inner;
    }

    static Multipart? Parent(MimeEntity? root, string path) =>
        Walk(root, "").FirstOrDefault(x => x.Path == path[..path.LastIndexOf('/')]).Entity as Multipart;

    [GeneratedRegex("cid:[^\"'\\s>)]+", RegexOptions.IgnoreCase)]
    private static partial Regex CidReference();

    /// <summary>Every cid: reference with its ':' and '/' replaced by '-', so the inline parts written to files of
    /// those names next to the HTML show in a web viewer.</summary>
    static Value ProcessImageReferences(Args a) =>
        Value.FromText(CidReference().Replace(a.Text(0), m => m.Value.Replace(':', '-').Replace('/', '-')));
}

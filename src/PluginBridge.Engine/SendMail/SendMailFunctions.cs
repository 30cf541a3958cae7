using System.Text;
using MimeKit;
using PluginBridge.Engine.Curl;

namespace PluginBridge.Engine.SendMail;

/// <summary>
/// The SendMail.* family: build an e-mail with MimeKit and hand it to a CURL handle (PrepareCURL), which sends
/// it over SMTP. Handles count from 14000 (kind "Email" in Plugin.ObjectCounts).
/// </summary>
static partial class SendMailFunctions
{
    internal static readonly HandleTable<EmailDraft> Emails = new("SendMail", 14000, kind: "Email");

    public static void Register(Registry r)
    {
        r.AddTable(Emails);
        r.Add("SendMail.CreateEmail", "{ ; Encoding }", CreateEmail);
        r.Add("SendMail.Release", "EmailID", Emails.ReleaseFunction);
        r.Add("SendMail.ReleaseAll", "", _ => { Emails.ReleaseAll(); return Value.Ok; });
        r.Add("SendMail.List", "", Emails.ListFunction);
        r.Add("SendMail.SetFrom", "EmailID; Email { ; Name }", SetFrom);
        r.Add("SendMail.SetSubject", "EmailID; Text", a => Change(a, d => d.Subject = a.Text(1)));
        r.Add("SendMail.SetPlainText", "EmailID; Text", a => Change(a, d => d.PlainText = a.Text(1)));
        r.Add("SendMail.SetHTMLText", "EmailID; Text", a => Change(a, d => d.HtmlText = a.Text(1)));
        r.Add("SendMail.AddTo", "EmailID; Email { ; Name }", a => Change(a, d => d.To.Add(Address(a))));
        r.Add("SendMail.AddCC", "EmailID; Email { ; Name }", a => Change(a, d => d.Cc.Add(Address(a))));
        r.Add("SendMail.AddBCC", "EmailID; Email { ; Name }", a => Change(a, d => d.Bcc.Add(Address(a))));
        r.Add("SendMail.AddReplyTo", "EmailID; Email { ; Name }", a => Change(a, d => d.ReplyTo.Add(Address(a))));
        r.Add("SendMail.AddHeader", "EmailID; Header", AddHeader);
        r.Add("SendMail.AddAttachmentFile", "EmailID; Path { ; Name; MimeType; InlineID; Method }", AddAttachmentFile);
        r.Add("SendMail.AddAttachmentContainer", "EmailID; Container { ; Name; MimeType; InlineID; Method }",
            AddAttachmentContainer);
        r.Add("SendMail.AddAttachmentText", "EmailID; Text; Encoding { ; Name; MimeType; InlineID; IsBase64; Method }",
            AddAttachmentText);
        r.Add("SendMail.SetSMTPServer", "EmailID; Server { ; TLS }", SetSmtpServer);
        r.Add("SendMail.SetSMTPUserName", "EmailID; UserName", a => Change(a, d => d.SmtpUserName = a.Text(1).Trim()));
        r.Add("SendMail.SetSMTPPassword", "EmailID; Password", a => Change(a, d => d.SmtpPassword = a.Text(1)));
        r.Add("SendMail.PrepareCURL", "EmailID; CURLID", PrepareCurl);
        r.Add("SendMail.GetSource", "EmailID", a => Value.FromText(Encoding.UTF8.GetString(Emails.Get(a, 0).Source())));
        RegisterAccessors(r);
    }

    static Value CreateEmail(Args a)
    {
        Encodings.EnsureRegistered();
        var charset = Encodings.Get(a.Text(0, ""), Encodings.Utf8);
        return Value.FromNumber(Emails.Add(new EmailDraft(charset)));
    }

    static Value Change(Args a, Action<EmailDraft> change)
    {
        Emails.Get(a, 0).Change(change);
        return Value.Ok;
    }

    // Like MBS, the Message-ID is made here (from the sender's domain), so GetSource and the sent message agree.
    static Value SetFrom(Args a)
    {
        var from = Address(a);
        return Change(a, d =>
        {
            d.From = from;
            if (d.MessageId.Length == 0) d.MessageId =
                MimeKit.Utils.MimeUtils.GenerateMessageId(from.Email[(from.Email.LastIndexOf('@') + 1)..]);
        });
    }

    static EmailDraft.Address Address(Args a) => Address(a, 1);

    /// <summary>The address at parameter <paramref name="index"/>, its display name at index + 1.</summary>
    static EmailDraft.Address Address(Args a, int index)
    {
        var email = a.Text(index).Trim();
        if (email.StartsWith('<') && email.EndsWith('>')) email = email[1..^1].Trim();
        if (email.Length == 0 || !MailboxAddress.TryParse(email, out var parsed) || parsed.Address != email
            || !email.Contains('@'))
            throw new MbsException($"\"{a.Text(index)}\" is not an e-mail address. Pass the address alone " +
                $"(user@example.com) and the display name as the next parameter.");
        return new EmailDraft.Address(email, a.Text(index + 1).Trim());
    }

    static Value AddHeader(Args a)
    {
        var lines = a.Text(1)
            .Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var line in lines)
            if (line.IndexOf(':') <= 0)
                throw new MbsException($"\"{line}\" is not a header line. Use \"Name: value\".");
        return Change(a, d => d.Headers.AddRange(lines));
    }

    static Value AddAttachmentFile(Args a)
    {
        var path = CurlFunctions.NativePath(a.Text(1));
        byte[] data;
        try { data = File.ReadAllBytes(path); }
        catch (Exception e)
            when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new MbsException($"Cannot read the attachment file \"{path}\": {e.Message}");
        }
        if (data.Length > 100 * 1024 * 1024) throw new MbsException("Attachments over 100 MB are not supported.");
        return Attach(a, data, a.Text(2, Path.GetFileName(path)), 3);
    }

    static Value AddAttachmentContainer(Args a)
    {
        var value = a[1];
        var data = value.AsBytes();
        var name = a.Text(2, value.Type == Core.ValueType.Container ? value.FileName ?? "" : "");
        if (name.Length == 0) name = "attachment";
        return Attach(a, data, name, 3);
    }

    static Value AddAttachmentText(Args a)
    {
        byte[] data;
        if (a.Bool(6))
        {
            try { data = Convert.FromBase64String(a.Text(1)); }
            catch (FormatException) { throw new MbsException("IsBase64 is 1 but the text is not valid Base64."); }
        }
        else data = Encodings.ToBytes(a.Text(1), a.Text(2, ""));
        var name = a.Text(3, "text.txt");
        var mime = a.Text(4, "");
        if (mime.Length == 0 && !a.Bool(6))
            mime = $"{MimeTypes.GetMimeType(name)}; charset={Encodings.Get(a.Text(2, "")).WebName}";
        return AttachWith(a, data, name, mime, a.Text(5, ""), a.Text(7, ""));
    }

    // Container/File: Name, MimeType, InlineID, Method from parameter index `first` on.
    static Value Attach(Args a, byte[] data, string name, int first) =>
        AttachWith(a, data, name, a.Text(first, ""), a.Text(first + 1, ""), a.Text(first + 2, ""));

    static Value AttachWith(Args a, byte[] data, string name, string mimeType, string inlineId, string method)
    {
        if (mimeType.Length == 0) mimeType = MimeTypes.GetMimeType(name);
        if (!ContentType.TryParse(mimeType, out _))
            throw new MbsException($"\"{mimeType}\" is not a MIME type like image/png.");
        return Change(a, d =>
            d.Attachments.Add(new EmailDraft.Attachment(data, name, mimeType, inlineId.Trim('<', '>', ' '), method)));
    }

    static Value SetSmtpServer(Args a)
    {
        var server = a.Text(1).Trim();
        if (server.Length == 0) throw new MbsException(
            "SendMail.SetSMTPServer needs a server name, e.g. smtp.example.com or smtp.example.com:587.");
        return Change(a, d => { d.SmtpServer = server; d.SmtpTls = a.Bool(2); });
    }

    static Value PrepareCurl(Args a)
    {
        var draft = Emails.Get(a, 0);
        var curl = CurlFunctions.Handles.Get(a, 1);
        var (url, user, password, from, recipients) = draft.Read(d => (
            Url(d.SmtpServer, d.SmtpTls), d.SmtpUserName, d.SmtpPassword, d.From?.Email ?? "",
            d.To.Concat(d.Cc).Concat(d.Bcc).Select(r => $"<{r.Email}>").ToList()));
        if (from.Length == 0) throw new MbsException("The e-mail has no sender. Call SendMail.SetFrom first.");
        if (recipients.Count == 0)
            throw new MbsException("The e-mail has no recipients. Call SendMail.AddTo, AddCC or AddBCC first.");
        var source = draft.Source();
        curl.Set(o =>
        {
            if (url.Length > 0) o.Url = url;
            if (user.Length > 0) o.UserName = user;
            if (password.Length > 0) o.Password = password;
            o.MailFrom = $"<{from}>";
            o.MailRecipients = recipients;
            o.Upload = true;
            o.InputData = source;
        });
        return Value.Ok;
    }

    /// <summary>"host", "host:port" or a URL → smtp://… (smtps:// when TLS from the start was asked for).</summary>
    internal static string Url(string server, bool tls)
    {
        if (server.Length == 0) return "";
        if (server.Contains("://", StringComparison.Ordinal))
            return tls && server.StartsWith("smtp://", StringComparison.OrdinalIgnoreCase) ? "smtps://" + server[7..]
                : server;
        return (tls ? "smtps://" : "smtp://") + server;
    }
}

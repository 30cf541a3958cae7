namespace PluginBridge.Engine.SendMail;

/// <summary>SendMail's getters, the clear functions and the setters beyond the article (reply, rich text, 8bit,
/// TLS).</summary>
static partial class SendMailFunctions
{
    static void RegisterAccessors(Registry r)
    {
        r.Add("SendMail.AddRecipient", "EmailID; Type; Email { ; Name }", AddRecipient);
        r.Add("SendMail.ClearRecipients", "EmailID",
            a => Change(a, d => { d.To.Clear(); d.Cc.Clear(); d.Bcc.Clear(); d.ReplyTo.Clear(); }));
        r.Add("SendMail.ClearAttachments", "EmailID", a => Change(a, d => d.Attachments.Clear()));
        r.Add("SendMail.ClearHeaders", "EmailID", a => Change(a, d => d.Headers.Clear()));
        r.Add("SendMail.SetMessageID", "EmailID; MessageID", a => Change(a, d => d.MessageId = MessageId(a)));
        r.Add("SendMail.GetMessageID", "EmailID", a => Get(a, d => d.MessageId));
        r.Add("SendMail.SetInReplyTo", "EmailID; MessageID", a => Change(a, d => d.InReplyTo = MessageId(a)));
        r.Add("SendMail.GetInReplyTo", "EmailID", a => Get(a, d => d.InReplyTo));
        r.Add("SendMail.SetRichText", "EmailID; Text", a => Change(a, d => d.RichText = a.Text(1)));
        r.Add("SendMail.GetRichText", "EmailID", a => Get(a, d => d.RichText));
        r.Add("SendMail.GetPlainText", "EmailID", a => Get(a, d => d.PlainText));
        r.Add("SendMail.GetHTMLText", "EmailID", a => Get(a, d => d.HtmlText));
        r.Add("SendMail.GetSubject", "EmailID", a => Get(a, d => d.Subject));
        r.Add("SendMail.GetSMTPServer", "EmailID", a => Get(a, d => d.SmtpServer));
        r.Add("SendMail.GetSMTPUserName", "EmailID", a => Get(a, d => d.SmtpUserName));
        r.Add("SendMail.GetSMTPPassword", "EmailID", a => Get(a, d => d.SmtpPassword));
        r.Add("SendMail.SetUse8BitMime", "EmailID; Value", a => Change(a, d => d.Use8BitMime = a.Bool(1)));
        r.Add("SendMail.GetUse8BitMime", "EmailID", a => Value.FromBool(Emails.Get(a, 0).Read(d => d.Use8BitMime)));
        r.Add("SendMail.SetUseSSL", "EmailID; Value", a => Change(a, d => d.SmtpTls = a.Bool(1)));
        r.Add("SendMail.GetUseSSL", "EmailID", a => Value.FromBool(Emails.Get(a, 0).Read(d => d.SmtpTls)));
    }

    static Value Get(Args a, Func<EmailDraft, string> read) => Value.FromText(Emails.Get(a, 0).Read(read));

    static string MessageId(Args a)
    {
        var id = a.Text(1).Trim().TrimStart('<').TrimEnd('>').Trim();
        if (id.Length > 0 && (id.Contains(' ') || !id.Contains('@')))
            throw new MbsException(
                $"\"{a.Text(1)}\" is not a Message-ID. Use the form id@domain, e.g. 6345767890@example.com.");
        return id;
    }

    static Value AddRecipient(Args a)
    {
        var type = a.Text(1).Trim().ToUpperInvariant();
        var address = Address(a, 2);
        return type switch
        {
            "TO" => Change(a, d => d.To.Add(address)),
            "CC" => Change(a, d => d.Cc.Add(address)),
            "BCC" => Change(a, d => d.Bcc.Add(address)),
            "REPLYTO" or "REPLY-TO" => Change(a, d => d.ReplyTo.Add(address)),
            _ => throw new MbsException(
                $"SendMail.AddRecipient: Type must be TO, CC, BCC or ReplyTo, got \"{a.Text(1)}\"."),
        };
    }
}

using PluginBridge.Engine.Core;

namespace PluginBridge.Engine.SendMail;

/// <summary>SendMail's getters, the clear functions and the setters beyond the article (reply, rich text, 8bit, TLS).</summary>
static partial class SendMailFunctions
{
    static void RegisterAccessors(Registry r)
    {
        r.Add("SendMail.AddRecipient", "EmailID; Type; Email { ; Name }", "Adds a recipient of Type TO, CC, BCC or ReplyTo (case-insensitive).", AddRecipient);
        r.Add("SendMail.ClearRecipients", "EmailID", "Removes all TO, CC, BCC and Reply-To addresses.", a => Change(a, d => { d.To.Clear(); d.Cc.Clear(); d.Bcc.Clear(); d.ReplyTo.Clear(); }));
        r.Add("SendMail.ClearAttachments", "EmailID", "Removes all attachments (inline ones too).", a => Change(a, d => d.Attachments.Clear()));
        r.Add("SendMail.ClearHeaders", "EmailID", "Removes the header lines added with SendMail.AddHeader.", a => Change(a, d => d.Headers.Clear()));
        r.Add("SendMail.SetMessageID", "EmailID; MessageID", "Sets the Message-ID (normally made by SendMail.SetFrom from the sender's domain); angle brackets are optional.", a => Change(a, d => d.MessageId = MessageId(a)));
        r.Add("SendMail.GetMessageID", "EmailID", "The Message-ID the e-mail will carry.", a => Get(a, d => d.MessageId));
        r.Add("SendMail.SetInReplyTo", "EmailID; MessageID", "Sets the In-Reply-To header to the Message-ID of the e-mail answered.", a => Change(a, d => d.InReplyTo = MessageId(a)));
        r.Add("SendMail.GetInReplyTo", "EmailID", "The In-Reply-To Message-ID.", a => Get(a, d => d.InReplyTo));
        r.Add("SendMail.SetRichText", "EmailID; Text", "The text/enriched body, sent as an alternative between the plain text and the HTML text.", a => Change(a, d => d.RichText = a.Text(1)));
        r.Add("SendMail.GetRichText", "EmailID", "The text/enriched body.", a => Get(a, d => d.RichText));
        r.Add("SendMail.GetPlainText", "EmailID", "The plain-text body.", a => Get(a, d => d.PlainText));
        r.Add("SendMail.GetHTMLText", "EmailID", "The HTML body.", a => Get(a, d => d.HtmlText));
        r.Add("SendMail.GetSubject", "EmailID", "The subject.", a => Get(a, d => d.Subject));
        r.Add("SendMail.GetSMTPServer", "EmailID", "The SMTP server as set with SendMail.SetSMTPServer.", a => Get(a, d => d.SmtpServer));
        r.Add("SendMail.GetSMTPUserName", "EmailID", "The SMTP login name.", a => Get(a, d => d.SmtpUserName));
        r.Add("SendMail.GetSMTPPassword", "EmailID", "The SMTP password (the script's own secret).", a => Get(a, d => d.SmtpPassword));
        r.Add("SendMail.SetUse8BitMime", "EmailID; Value", "1 sends the text parts as 8bit (for servers announcing 8BITMIME) instead of quoted-printable.", a => Change(a, d => d.Use8BitMime = a.Bool(1)));
        r.Add("SendMail.GetUse8BitMime", "EmailID", "1 when the text parts are sent as 8bit.", a => Value.FromBool(Emails.Get(a, 0).Read(d => d.Use8BitMime)));
        r.Add("SendMail.SetUseSSL", "EmailID; Value", "1 = TLS from the first byte (smtps, as SetSMTPServer's TLS parameter); 0 = plain, upgraded with CURL.SetOptionUseSSL 3.", a => Change(a, d => d.SmtpTls = a.Bool(1)));
        r.Add("SendMail.GetUseSSL", "EmailID", "1 when TLS from the first byte is set.", a => Value.FromBool(Emails.Get(a, 0).Read(d => d.SmtpTls)));
    }

    static Value Get(Args a, Func<EmailDraft, string> read) => Value.FromText(Emails.Get(a, 0).Read(read));

    static string MessageId(Args a)
    {
        var id = a.Text(1).Trim().TrimStart('<').TrimEnd('>').Trim();
        if (id.Length > 0 && (id.Contains(' ') || !id.Contains('@')))
            throw new MbsException($"\"{a.Text(1)}\" is not a Message-ID. Use the form id@domain, e.g. 6345767890@example.com.");
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
            _ => throw new MbsException($"SendMail.AddRecipient: Type must be TO, CC, BCC or ReplyTo, got \"{a.Text(1)}\"."),
        };
    }
}

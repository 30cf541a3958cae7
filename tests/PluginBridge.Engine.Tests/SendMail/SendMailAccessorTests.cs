using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.SendMail;

/// <summary>SendMail's getters, clear functions, reply headers, rich text and 8bit, read back from the source with
/// MimeKit.</summary>
[Collection("host")]
public class SendMailAccessorTests
{
    static MimeKit.MimeMessage Parse(string source) =>
        MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(source)));

    [Fact]
    public void GettersReturnWhatWasSet()
    {
        var email = Ok("SendMail.CreateEmail");
        Ok("SendMail.SetSubject", email, "Hi");
        Ok("SendMail.SetPlainText", email, "plain");
        Ok("SendMail.SetHTMLText", email, "<p>html</p>");
        Ok("SendMail.SetRichText", email, "<bold>rich</bold>");
        Ok("SendMail.SetSMTPServer", email, "smtp.example.test:587");
        Ok("SendMail.SetSMTPUserName", email, "alice");
        Ok("SendMail.SetSMTPPassword", email, "pw");
        Assert.Equal(("Hi", "plain", "<p>html</p>", "<bold>rich</bold>"),
            (Ok("SendMail.GetSubject", email), Ok("SendMail.GetPlainText", email), Ok("SendMail.GetHTMLText", email),
                Ok("SendMail.GetRichText", email)));
        Assert.Equal(("smtp.example.test:587", "alice", "pw"),
            (Ok("SendMail.GetSMTPServer", email), Ok("SendMail.GetSMTPUserName", email),
                Ok("SendMail.GetSMTPPassword", email)));
        Assert.Equal("0", Ok("SendMail.GetUseSSL", email));
        Ok("SendMail.SetUseSSL", email, "1");
        Assert.Equal("1", Ok("SendMail.GetUseSSL", email));
        Ok("SendMail.Release", email);
    }

    [Fact]
    public void MessageIdAndInReplyToAreInTheSource()
    {
        var email = Ok("SendMail.CreateEmail");
        Ok("SendMail.SetFrom", email, "alice@example.test");
        Assert.EndsWith("@example.test", Ok("SendMail.GetMessageID", email));
        Ok("SendMail.SetMessageID", email, "<12345@example.test>");
        Ok("SendMail.SetInReplyTo", email, "orig-1@example.test");
        Ok("SendMail.AddTo", email, "bob@example.test");
        Assert.Equal(("12345@example.test", "orig-1@example.test"),
            (Ok("SendMail.GetMessageID", email), Ok("SendMail.GetInReplyTo", email)));
        var m = Parse(Ok("SendMail.GetSource", email));
        Assert.Equal(("12345@example.test", "orig-1@example.test"), (m.MessageId, m.InReplyTo));
        Assert.True(Call("SendMail.SetMessageID", email, "not an id").IsError);
        Ok("SendMail.Release", email);
    }

    [Fact]
    public void AddRecipientAndClearRecipients()
    {
        var email = Ok("SendMail.CreateEmail");
        Ok("SendMail.SetFrom", email, "alice@example.test");
        Ok("SendMail.AddRecipient", email, "to", "bob@example.test", "Bob");
        Ok("SendMail.AddRecipient", email, "CC", "carol@example.test");
        Ok("SendMail.AddRecipient", email, "ReplyTo", "replies@example.test");
        Ok("SendMail.AddRecipient", email, "BCC", "dave@example.test");
        var m = Parse(Ok("SendMail.GetSource", email));
        Assert.Equal(("bob@example.test", "carol@example.test", "replies@example.test"),
            (string.Join(",", m.To.Mailboxes.Select(x => x.Address)), string.Join(",",
                m.Cc.Mailboxes.Select(x => x.Address)), string.Join(",", m.ReplyTo.Mailboxes.Select(x => x.Address))));
        var curl = New();
        Ok("SendMail.PrepareCURL", email, curl);
        Assert.True(Call("SendMail.AddRecipient", email, "XX", "x@example.test").IsError);

        Ok("SendMail.ClearRecipients", email);
        m = Parse(Ok("SendMail.GetSource", email));
        Assert.Empty(m.To);
        var r = Call("SendMail.PrepareCURL", email, curl);
        Assert.True(r.IsError);
        Assert.Contains("no recipients", r.Text);
        Ok("CURL.Release", curl);
        Ok("SendMail.Release", email);
    }

    [Fact]
    public void ClearHeadersAndAttachments()
    {
        var email = Ok("SendMail.CreateEmail");
        Ok("SendMail.SetPlainText", email, "x");
        Ok("SendMail.AddHeader", email, "X-Test: 1");
        Ok("SendMail.AddAttachmentText", email, "data", "UTF-8", "a.txt");
        Assert.Contains("X-Test: 1", Ok("SendMail.GetSource", email));
        Ok("SendMail.ClearHeaders", email);
        Ok("SendMail.ClearAttachments", email);
        var source = Ok("SendMail.GetSource", email);
        Assert.DoesNotContain("X-Test", source);
        Assert.DoesNotContain("a.txt", source);
        Ok("SendMail.Release", email);
    }

    [Fact]
    public void RichTextIsAnAlternativeAnd8BitReplacesQuotedPrintable()
    {
        var email = Ok("SendMail.CreateEmail");
        Ok("SendMail.SetPlainText", email, "Grüße plain");
        Ok("SendMail.SetRichText", email, "<bold>Grüße</bold>");
        Ok("SendMail.SetHTMLText", email, "<b>Grüße</b>");
        var m = Parse(Ok("SendMail.GetSource", email));
        var alternative = Assert.IsType<MimeKit.MultipartAlternative>(m.Body);
        Assert.Equal(["text/plain", "text/enriched", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Contains("quoted-printable", Ok("SendMail.GetSource", email));
        Assert.Equal("0", Ok("SendMail.GetUse8BitMime", email));
        Ok("SendMail.SetUse8BitMime", email, "1");
        var source = Ok("SendMail.GetSource", email);
        Assert.Contains("Content-Transfer-Encoding: 8bit", source);
        Assert.Contains("Grüße plain", source);
        Ok("SendMail.Release", email);
    }
}

using PluginBridge.Engine.Core;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.SendMail;

[Collection("host")]
public class SendMailTests
{
    static string Email()
    {
        var email = Ok("SendMail.CreateEmail");
        Ok("SendMail.SetFrom", email, "alice@example.test", "Alice Müller");
        Ok("SendMail.AddTO", email, "bob@example.test", "Bob");
        Ok("SendMail.SetSubject", email, "Grüße");
        return email;
    }

    static MimeKit.MimeMessage Parse(string source) =>
        MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(source)));

    [Fact]
    public void SourceIsAnRfc5322MessageWithEncodedHeaders()
    {
        var email = Email();
        Assert.True(long.Parse(email) >= 14000);
        Ok("SendMail.SetPlainText", email, "Hallo Bob,\rschöne Grüße");
        Ok("SendMail.AddCC", email, "carol@example.test");
        Ok("SendMail.AddBCC", email, "dave@example.test");
        Ok("SendMail.AddReplyTo", email, "replies@example.test");
        Ok("SendMail.AddHeader", email, "X-Priority: 1");
        var source = Ok("SendMail.GetSource", email);

        Assert.Contains("\r\n", source);
        Assert.DoesNotContain("Müller", source.Split("\r\n\r\n")[0]); // RFC 2047 in headers
        Assert.Contains("Content-Transfer-Encoding: quoted-printable", source);
        Assert.DoesNotContain("dave@example.test", source);
        var m = Parse(source);
        Assert.Equal("Alice Müller", m.From.Mailboxes.Single().Name);
        Assert.Equal("Grüße", m.Subject);
        Assert.Equal(["bob@example.test"], m.To.Mailboxes.Select(x => x.Address));
        Assert.Equal(["carol@example.test"], m.Cc.Mailboxes.Select(x => x.Address));
        Assert.Equal(["replies@example.test"], m.ReplyTo.Mailboxes.Select(x => x.Address));
        Assert.Equal("1", m.Headers["X-Priority"]);
        Assert.Equal("Hallo Bob,\nschöne Grüße", m.TextBody!.ReplaceLineEndings("\n"));
        Assert.EndsWith("@example.test", m.MessageId);
        Assert.Equal(m.MessageId, Parse(Ok("SendMail.GetSource", email)).MessageId); // made once, at SetFrom
        Ok("SendMail.Release", email);
    }

    [Fact]
    public void HtmlTextAndAttachmentsMakeAMultipartMessage()
    {
        var email = Email();
        Ok("SendMail.SetPlainText", email, "plain");
        Ok("SendMail.SetHTMLText", email, "<p>html <img src=\"cid:logo\"></p>");
        Ok("SendMail.AddAttachmentText", email, "a,b\r1,2", "UTF-8", "table.csv");
        var container = Plugin.Call("SendMail.AddAttachmentContainer",
            [Value.FromText(email), Value.FromContainer([0x89, 0x50, 0x4E, 0x47], "logo.png"), Value.FromText(""),
                Value.FromText(""), Value.FromText("logo")]);
        Assert.Equal("OK", container.Text);
        var path = Path.Combine(Path.GetTempPath(), $"pb-sendmail-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, [0x25, 0x50, 0x44, 0x46]);
        try { Ok("SendMail.AddAttachmentFile", email, path, "report.pdf"); }
        finally { File.Delete(path); }

        var m = Parse(Ok("SendMail.GetSource", email));
        Assert.Equal("plain", m.TextBody!.Trim());
        Assert.Contains("cid:logo", m.HtmlBody ?? "");
        var attachments = m.Attachments.OfType<MimeKit.MimePart>().ToList();
        Assert.Equal(["table.csv", "report.pdf"], attachments.Select(a => a.FileName));
        Assert.Equal("application/pdf", attachments[1].ContentType.MimeType);
        var inline = m.BodyParts.OfType<MimeKit.MimePart>().Single(p => p.ContentId == "logo");
        Assert.Equal("image/png", inline.ContentType.MimeType);
        Ok("SendMail.Release", email);
    }

    // mbs-functions.md writes a call whose only parameters are optional as MBS("Name" { ; Param }).
    [Theory]
    [InlineData("SendMail.CreateEmail", "MBS(\"SendMail.CreateEmail\" { ; Encoding })")]
    [InlineData("Plugin.ObjectCounts", "MBS(\"Plugin.ObjectCounts\" { ; SkipZeros })")]
    [InlineData("WebHook.Check", "MBS(\"WebHook.Check\" { ; WebHook })")]
    public void OptionalOnlySignaturesAreWrittenAsMbsDoes(string name, string signature)
    {
        var f = Plugin.Registry.Find(name)!;
        Assert.Equal(signature, f.Signature);
        Assert.Equal((0, 1), (f.MinArgs, f.MaxArgs));
    }

    // mbs-functions.md §0: Plugin.ObjectCounts has the keys "CURL", "Email", "WebHook", "WebRequest" — also before the
    // first e-mail was created (run alone, this is the first call of the process).
    [Fact]
    public void ObjectCountsHasEveryKindBeforeItsFirstObject()
    {
        var json = Ok("Plugin.ObjectCounts");
        foreach (var kind in new[] { "CURL", "Email", "WebHook", "WebRequest" })
            Assert.Contains($"\"{kind}\" : ", json);
    }

    [Fact]
    public void CreateEmailEncodingIsTheTextCharset()
    {
        var email = Ok("SendMail.CreateEmail", "ISO-8859-1");
        Ok("SendMail.SetFrom", email, "alice@example.test");
        Ok("SendMail.AddTo", email, "bob@example.test");
        Ok("SendMail.SetPlainText", email, "Grüße");
        var source = Ok("SendMail.GetSource", email);
        Assert.Contains("charset=iso-8859-1", source);
        Assert.Contains("Gr=FC=DFe", source);
        Ok("SendMail.Release", email);
    }

    [Fact]
    public void AddHeaderReplacesOrRemovesOurHeaders()
    {
        var email = Email();
        Ok("SendMail.AddHeader", email, "Date: Mon, 1 Jan 2024 10:00:00 +0000\rMessage-Id: <fixed@example.test>");
        var m = Parse(Ok("SendMail.GetSource", email));
        Assert.Equal("fixed@example.test", m.MessageId);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.Zero), m.Date);
        Assert.Single(m.Headers, h => h.Id == MimeKit.HeaderId.Date);
        Assert.True(Plugin.Call("SendMail.AddHeader", email, "no colon here").IsError);
        Ok("SendMail.Release", email);
    }

    [Fact]
    public void ScriptMistakesAreExplained()
    {
        var email = Ok("SendMail.CreateEmail");
        Assert.Equal("[MBS] \"Alice <alice@example.test>\" is not an e-mail address. Pass the address alone " +
            "(user@example.com) and the display name as the next parameter.",
            Plugin.Call("SendMail.SetFrom", email, "Alice <alice@example.test>").Text);
        var curl = New();
        Assert.Equal("[MBS] The e-mail has no sender. Call SendMail.SetFrom first.",
            Plugin.Call("SendMail.PrepareCURL", email, curl).Text);
        Ok("SendMail.SetFrom", email, "alice@example.test");
        Assert.Equal("[MBS] The e-mail has no recipients. Call SendMail.AddTo, AddCC or AddBCC first.",
            Plugin.Call("SendMail.PrepareCURL", email, curl).Text);
        Assert.StartsWith("[MBS] Invalid CURL reference number", Plugin.Call("SendMail.PrepareCURL", email, "1").Text);
        Assert.Contains(email, Ok("SendMail.List").Split('\r'));
        Ok("CURL.Release", curl);
        Ok("SendMail.Release", email);
        Assert.DoesNotContain(email, Ok("SendMail.List").Split('\r'));
    }

    [Theory]
    [InlineData("smtp.example.com", "0", "smtp://smtp.example.com")]
    [InlineData("smtp.example.com:587", "0", "smtp://smtp.example.com:587")]
    [InlineData("smtp.example.com", "1", "smtps://smtp.example.com")]
    [InlineData("smtp://smtp.example.com:2525", "1", "smtps://smtp.example.com:2525")]
    public void SmtpServerBecomesTheCurlUrl(string server, string tls, string url) =>
        Assert.Equal(url, Engine.SendMail.SendMailFunctions.Url(server, tls == "1"));
}

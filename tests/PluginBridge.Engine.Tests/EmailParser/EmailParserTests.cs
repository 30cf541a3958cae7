using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MimeKit;
using PluginBridge.Engine.Core;
using PluginBridge.Engine.Tests.Core;
using Xunit;
using ValueType = PluginBridge.Engine.Core.ValueType;

namespace PluginBridge.Engine.Tests.EmailParser;

/// <summary>
/// EmailParser.* on real mails: one written by Python's email package (Mails/python-multipart.eml, made by
/// Mails/make-mails.py: alternative text and HTML, an inline image in multipart/related, a PDF with an RFC 2231
/// file name, an attached message/rfc822, encoded words in From and Subject) and one built here by MimeKit's
/// BodyBuilder (HTML only, a linked image, an attachment).
/// </summary>
[Collection("host")] // holds reference numbers: apart from the tests that shut the plugin down
public class EmailParserTests
{
    static readonly string PythonMail =
        Path.Combine(RegistryTests.RepoRoot(), "tests", "PluginBridge.Engine.Tests", "EmailParser", "Mails",
            "python-multipart.eml");

    static readonly byte[] Png = Convert.FromHexString("89504E470D0A1A0A0000000D49484452000000010000000108060000001F" +
        "15C4890000000D4944415478DA63F8FFFF3F0005FE02FE0DEF46B80000000049454E44AE426082");

    static string Ok(string name, params string[] args)
    {
        var r = Plugin.Call(name, args);
        Assert.False(r.IsError, $"{name}: {r.Text}");
        return r.Text;
    }

    static string Local(string rfc5322) => DateTimeOffset.Parse(rfc5322, CultureInfo.InvariantCulture)
        .ToLocalTime().ToString("M/d/yyyy h:mm:ss tt", CultureInfo.InvariantCulture);

    [Fact]
    public void PythonMailGivesSubjectAddressesDatesAndHeaders()
    {
        var email = Ok("EmailParser.ParseFile", PythonMail);
        try
        {
            Assert.Equal("Grüße mit Bild und Anhang", Ok("EmailParser.Subject", email));
            Assert.Equal("<python-1@example.com>", Ok("EmailParser.MessageID", email));
            Assert.Equal("5", Ok("EmailParser.AddressCount", email));
            string Address(int i, string s) => Ok("EmailParser.Address", email, i.ToString(), s);
            Assert.Equal(["From", "Jörg Müller", "joerg@example.com"],
                new[] { Address(0, "type"), Address(0, "name"), Address(0, "email") });
            Assert.Equal(["TO", "Anna", "anna@example.org"], new[] { Address(1, "TYPE"), Address(1, "Name"),
                Address(1, "email") });
            Assert.Equal(["TO", "", "bob@example.org"], new[] { Address(2, "type"), Address(2, "name"),
                Address(2, "email") });
            Assert.Equal("CC|Carol", Address(3, "type") + "|" + Address(3, "name"));
            Assert.Equal("ReplyTo|replies@example.com", Address(4, "type") + "|" + Address(4, "email"));
            Assert.True(Plugin.Call("EmailParser.Address", email, "5", "email").IsError);
            Assert.True(Plugin.Call("EmailParser.Address", email, "0", "phone").IsError);

            Assert.Equal(Local("Tue, 02 Dec 2025 10:15:00 +0100"), Ok("EmailParser.SentDate", email));
            Assert.Equal(Local("Tue, 02 Dec 2025 09:15:30 +0000"), Ok("EmailParser.ReceiveDate", email));

            Assert.Equal("12", Ok("EmailParser.HeaderCount", email));
            Assert.Equal("Received", Ok("EmailParser.Header", email, "0", "name"));
            Assert.Equal("X-Mailer|Python email", Ok("EmailParser.Header", email, "8", "name") + "|" +
                Ok("EmailParser.Header", email, "8", "value"));
            Assert.Equal("Jörg Müller <joerg@example.com>", Ok("EmailParser.HeaderValue", email, "from"));
            Assert.Equal("1", Ok("EmailParser.HeaderValue", email, "X-Priority"));
            Assert.Equal("", Ok("EmailParser.HeaderValue", email, "X-Nope"));
            Assert.Equal("1|0", Ok("EmailParser.HasHeader", email, "x-mailer") + "|" +
                Ok("EmailParser.HasHeader", email, "X-Nope"));

            Assert.Equal(Convert.ToHexString(SHA512.HashData(File.ReadAllBytes(PythonMail))),
                Ok("EmailParser.Hash", email));
            Assert.Equal(File.ReadAllText(PythonMail), Ok("EmailParser.Source", email));
        }
        finally { Ok("EmailParser.Release", email); }
    }

    [Fact]
    public void PythonMailGivesTextsInlineImageAttachmentAndEmbeddedMail()
    {
        var email = Ok("EmailParser.Parse", File.ReadAllText(PythonMail), "UTF-8");
        try
        {
            Assert.Equal("Hallo Anna,\nanbei der Bericht.\n", Ok("EmailParser.PlainText", email));
            var html = Ok("EmailParser.HTMLText", email);
            Assert.StartsWith("<html><body><p>Hallo <b>Anna</b>,</p>", html);
            Assert.Contains("<img src=\"cid:logo@example.com\">", html);

            Assert.Equal("1", Ok("EmailParser.InlineCount", email));
            Assert.Equal("logo.png|image/png|logo@example.com|base64",
                string.Join('|', new[] { "Filename", "MimeType", "ContentID", "ContentTransferEncoding" }
                    .Select(s => Ok("EmailParser.Inline", email, "0", s))));
            var image = Plugin.Call("EmailParser.Inline", email, "0", "container");
            Assert.Equal(ValueType.Container, image.Type);
            Assert.Equal("logo.png", image.FileName);
            Assert.Equal(Png, image.Bytes);

            Assert.Equal("1", Ok("EmailParser.AttachmentCount", email));
            Assert.Equal("Bericht März.pdf", Ok("EmailParser.Attachment", email, "0", "filename"));
            Assert.Equal("application/pdf", Ok("EmailParser.Attachment", email, "0", "MimeType"));
            Assert.Equal("attachment; filename*=utf-8''Bericht%20M%C3%A4rz.pdf",
                Ok("EmailParser.Attachment", email, "0", "ContentDisposition"));
            Assert.Equal("%PDF-1.4\n% test report\n", Ok("EmailParser.Attachment", email, "0", "text"));
            var pdf = Plugin.Call("EmailParser.Attachment", email, "0", "container", "report.pdf");
            Assert.Equal(("report.pdf", "%PDF-1.4\n% test report\n"),
                (pdf.FileName, Encoding.ASCII.GetString(pdf.Bytes!)));
            Assert.True(Plugin.Call("EmailParser.Attachment", email, "1", "filename").IsError);

            var path = Path.Combine(Path.GetTempPath(), $"pb-emailparser-{Guid.NewGuid():N}.png");
            try
            {
                Assert.Equal("OK", Ok("EmailParser.WriteInline", email, "0", path));
                Assert.Equal(Png, File.ReadAllBytes(path));
                Assert.Equal("OK", Ok("EmailParser.WriteAttachment", email, "0", path));
                Assert.Equal("%PDF-1.4\n% test report\n", File.ReadAllText(path));
            }
            finally { File.Delete(path); }

            var inner = Ok("EmailParser.AttachedEmails", email);
            Assert.Equal(inner, Ok("EmailParser.AttachedEmails", email)); // made once
            Assert.Equal("Forwarded inner mail", Ok("EmailParser.Subject", inner));
            Assert.Equal("Inner body.\n", Ok("EmailParser.PlainText", inner));
            Ok("EmailParser.Release", inner);
        }
        finally { Ok("EmailParser.Release", email); }
    }

    [Fact]
    public void SourceWithoutAttachmentsKeepsTextAndInlineImage()
    {
        var email = Ok("EmailParser.ParseFile", PythonMail);
        var stripped = Ok("EmailParser.SourceWithoutAttachments", email);
        Ok("EmailParser.Release", email);
        Assert.DoesNotContain("JVBERi0xLjQK", stripped);          // the PDF's base64
        Assert.DoesNotContain("Forwarded inner mail", stripped);
        Assert.Contains("iVBORw0KGgo", stripped);                 // the inline PNG stays
        Assert.Contains("Hallo Anna,", stripped);
        var again = Ok("EmailParser.Parse", stripped);
        Assert.Equal("0|1|Grüße mit Bild und Anhang", Ok("EmailParser.AttachmentCount", again) + "|" +
            Ok("EmailParser.InlineCount", again) + "|" + Ok("EmailParser.Subject", again));
        Ok("EmailParser.Release", again);
    }

    [Fact]
    public void MimeKitHtmlOnlyMailFromAContainer()
    {
        var builder = new BodyBuilder
        {
            HtmlBody = "<html><head><style>p {color:red}</style></head><body><h1>Report</h1>" +
                "<p>Total: 5 &euro;<br>Thanks!</p><img src=\"cid:chart\"></body></html>",
        };
        var chart = builder.LinkedResources.Add("chart.png", Png, ContentType.Parse("image/png"));
        chart.ContentId = "chart";
        builder.Attachments.Add("data.csv", Encoding.UTF8.GetBytes("a;b\r\n1;2\r\n"), ContentType.Parse("text/csv"));
        var message = new MimeMessage
        {
            Subject = "HTML only", Body = builder.ToMessageBody(),
            Date = new DateTimeOffset(2026, 1, 31, 23, 30, 0, TimeSpan.FromHours(-5)),
        };
        message.From.Add(new MailboxAddress("Sender", "sender@example.com"));
        message.To.Add(new GroupAddress("Team", [new MailboxAddress("Ann", "ann@example.com"),
            new MailboxAddress("Ben", "ben@example.com")]));
        using var stream = new MemoryStream();
        var crlf = FormatOptions.Default.Clone();
        crlf.NewLineFormat = NewLineFormat.Dos; // as mail travels
        message.WriteTo(crlf, stream);

        var r = Plugin.Call("EmailParser.ParseContainer",
            [Value.Arg(ValueType.Container, "", stream.ToArray(), "mail.eml")]);
        Assert.False(r.IsError, r.Text);
        var email = r.Text;
        try
        {
            Assert.Equal("Report\rTotal: 5 €\rThanks!", Ok("EmailParser.PlainText", email));
            Assert.Equal("3|ann@example.com|ben@example.com", Ok("EmailParser.AddressCount", email) + "|" +
                Ok("EmailParser.Address", email, "1", "email") + "|" + Ok("EmailParser.Address", email, "2", "email"));
            Assert.Equal("1|chart.png|chart", Ok("EmailParser.InlineCount", email) + "|" +
                Ok("EmailParser.Inline", email, "0", "filename") + "|"
                    + Ok("EmailParser.Inline", email, "0", "contentid"));
            Assert.Equal("1|data.csv|a;b\r\n1;2\r\n", Ok("EmailParser.AttachmentCount", email) + "|" +
                Ok("EmailParser.Attachment", email, "0", "filename") + "|" +
                Ok("EmailParser.Attachment", email, "0", "text", "UTF-8"));
            Assert.Equal(Local("Sat, 31 Jan 2026 23:30:00 -0500"), Ok("EmailParser.SentDate", email));
            Assert.Equal("", Ok("EmailParser.ReceiveDate", email)); // no Received header
            Assert.Contains(email, Ok("EmailParser.List").Split('\r'));
            Assert.Contains("\"EmailParser\" : ", Ok("Plugin.ObjectCounts"));
        }
        finally { Ok("EmailParser.Release", email); }
        Assert.DoesNotContain(email, Ok("EmailParser.List").Split('\r'));
        Assert.True(Plugin.Call("EmailParser.Subject", email).IsError);
    }

    [Fact]
    public void StandaloneHelpersAndErrors()
    {
        Assert.Equal("Hello World", Ok("EmailParser.HTMLToPlainText", "<p>Hello World</p>"));
        Assert.Equal("Line 1\rLine 2\r\rA & B\rC", Ok("EmailParser.HTMLToPlainText",
            "<div>Line   1<br/>Line 2<br><br>A &amp; B</div><table><tr><td>C</td></tr></table><script>x()</script>"));
        Assert.Equal("<img src=\"cid-image001.png@01D-abc\">", Ok("EmailParser.ProcessImageReferences",
            "<img src=\"cid:image001.png@01D/abc\">"));
        var empty = Plugin.Call("EmailParser.Parse", "");
        Assert.True(empty.IsError);
        Assert.StartsWith("[MBS] The email source is empty", empty.Text);
        Assert.True(Plugin.Call("EmailParser.ParseFile", "/nonexistent/pb-test.eml").IsError);
        Assert.True(Plugin.Call("EmailParser.Subject", "12").IsError);
    }
}

using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace PluginBridge.Engine.Curl.Mail;

/// <summary>
/// CURL.SetOptionMailRcptAllowFails 1, as curl's CURLOPT_MAIL_RCPT_ALLOWFAILS: a refused RCPT is noted and the mail
/// goes to the recipients the server accepted; only when it accepted none does the send fail (55 with the last
/// refusal). Without the option the first refusal ends the transfer, as in curl.
/// </summary>
sealed class TolerantSmtpClient(IProtocolLogger logger) : SmtpClient(logger)
{
    public List<(MailboxAddress Recipient, int Code, string Response)> Refused { get; } = [];

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox,
        SmtpResponse response) =>
        Refused.Add((mailbox, (int)response.StatusCode, response.Response));

    protected override void OnNoRecipientsAccepted(MimeMessage message)
    {
        var (_, code, text) = Refused.LastOrDefault();
        throw new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, (SmtpStatusCode)code,
            Refused.LastOrDefault().Recipient, text);
    }
}

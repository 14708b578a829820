using Disputes.Application.Complaints;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Disputes.Web.Infrastructure.Integrations;

/// <summary>
/// Sends notifications by SMTP (MailKit). The message id is derived from the notification's idempotency key, so
/// a mail server or archive can recognise a resend after a retry.
/// </summary>
public sealed class SmtpNotificationSender(MailOptions options) : INotificationSender
{
    public async Task SendAsync(OutgoingNotification notification, CancellationToken cancellationToken)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(options.FromName, options.From));
        message.To.Add(MailboxAddress.Parse(notification.Email));
        message.Subject = notification.Subject;
        message.MessageId = $"{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(notification.IdempotencyKey)))[..32].ToLowerInvariant()}@disputes";
        message.Headers.Add("Content-Language", notification.Language);
        message.Body = new TextPart("plain") { Text = notification.Body };

        using var client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        var security = Enum.TryParse<SecureSocketOptions>(options.Security, true, out var s) ? s : SecureSocketOptions.StartTls;
        await client.ConnectAsync(options.Host ?? throw new InvalidOperationException("Mail:Host is not set."), options.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(options.UserName)) await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }
}

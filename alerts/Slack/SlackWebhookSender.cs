using System.Net;
using System.Text;
using CustomerData.Alerts.Outbox;

namespace CustomerData.Alerts.Slack;

/// <summary>Posts a message to a Slack incoming webhook. The URL is a secret: it never appears in a reason or a log.</summary>
public sealed class SlackWebhookSender(HttpClient http, Uri webhook) : INotificationSender
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(30);

    public async Task<DeliveryOutcome> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        using var content = new StringContent(message.Payload, Encoding.UTF8, "application/json");
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(webhook, content, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException error)
        {
            return new DeliveryOutcome(DeliveryResult.Retry, $"network error ({error.HttpRequestError})");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome(DeliveryResult.Retry, "timed out");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var reason = $"HTTP {(int)response.StatusCode} {Short(body)}".TrimEnd();
            return response.StatusCode switch
            {
                HttpStatusCode.OK => DeliveryOutcome.Sent,
                HttpStatusCode.TooManyRequests => new DeliveryOutcome(DeliveryResult.Retry, reason, RetryAfter(response)),
                >= HttpStatusCode.InternalServerError => new DeliveryOutcome(DeliveryResult.Retry, reason),
                _ => new DeliveryOutcome(DeliveryResult.Drop, reason),
            };
        }
    }

    private static TimeSpan RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta ?? DefaultRetryAfter;

    private static string Short(string body) => body.Length > 200 ? body[..200] + "…" : body;
}

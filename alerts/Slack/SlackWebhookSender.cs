using System.Net;
using System.Text;
using CustomerData.Alerts.Outbox;

namespace CustomerData.Alerts.Slack;

/// <summary>
/// Posts a message to a Slack incoming webhook and says what Slack's answer means for delivery. The URL is a secret:
/// it never appears in a reason or a log.
/// </summary>
public sealed class SlackWebhookSender(HttpClient http, Uri webhook, TimeProvider? time = null) : INotificationSender
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<DeliveryOutcome> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var content = new StringContent(message.Payload, Encoding.UTF8, "application/json");
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(webhook, content, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException error) when (NeverLeft(error.HttpRequestError))
        {
            return new DeliveryOutcome(DeliveryResult.Retry, $"network error ({error.HttpRequestError})");
        }
        catch (HttpRequestException error)
        {
            // The connection broke once the request may have been written: Slack may have shown it.
            return new DeliveryOutcome(DeliveryResult.Ambiguous, $"connection cut ({error.HttpRequestError})");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome(DeliveryResult.Ambiguous, $"no answer within {http.Timeout.TotalSeconds:0} s");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var reason = $"HTTP {(int)response.StatusCode} {Short(body)}".TrimEnd();
            return response.StatusCode switch
            {
                HttpStatusCode.OK => DeliveryOutcome.Sent,
                HttpStatusCode.TooManyRequests => new DeliveryOutcome(DeliveryResult.RateLimited, reason, RetryAfter(response)),
                // The server (or a proxy before it) gave up reading the request: not shown, and not refused for good.
                HttpStatusCode.RequestTimeout => new DeliveryOutcome(DeliveryResult.Retry, reason),
                >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError => new DeliveryOutcome(DeliveryResult.Drop, reason),
                _ => new DeliveryOutcome(DeliveryResult.Retry, reason),
            };
        }
    }

    /// <summary>Failures before a byte of the request could reach Slack: no connection was made.</summary>
    private static bool NeverLeft(HttpRequestError error) => error is HttpRequestError.ConnectionError
        or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;

    /// <summary>Retry-After in seconds or as an HTTP date; null when absent (the dispatcher's default applies).</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static string Short(string body) => body.Length > 200 ? body[..200] + "…" : body;
}

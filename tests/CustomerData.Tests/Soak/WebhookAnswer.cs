namespace CustomerData.Tests.Soak;

/// <summary>How the scripted Slack webhook answered one request.</summary>
internal enum WebhookAnswer
{
    /// <summary>200 "ok": Slack showed the message.</summary>
    Ok,

    /// <summary>500, 502 or 503 before posting: not shown.</summary>
    ServerError,

    /// <summary>429 with Retry-After 1 or 2 s: not shown.</summary>
    RateLimited,

    /// <summary>The connection cut before the request was read: not shown, the client cannot tell.</summary>
    CutBeforeReading,

    /// <summary>The whole request read (so shown), then the connection cut without an answer: ambiguous.</summary>
    CutAfterReading,

    /// <summary>The whole request read (so shown), then no answer until the client gives up: ambiguous.</summary>
    HangAfterReading,
}

/// <summary>One request the webhook received: when, for which channel, the exact body, and how it was answered.</summary>
internal sealed record WebhookRequest(DateTimeOffset At, string Channel, string Body, WebhookAnswer Answer)
{
    /// <summary>Slack read it but the sender never learnt so: a retry of it duplicates what Slack showed.</summary>
    public bool Ambiguous => Answer is WebhookAnswer.CutAfterReading or WebhookAnswer.HangAfterReading;
}

/// <summary>
/// The chances of each answer (the rest is 200), and of a rate-limit storm: every request answered 429 for 10 to 20 s,
/// as Slack does to a burst, more than ten Retry-After waits in a row.
/// </summary>
internal sealed record WebhookFaults(double ServerError, double RateLimited, double CutBeforeReading, double CutAfterReading, double Hang, double Storm)
{
    public static WebhookFaults Chaos { get; } = new(0.12, 0.10, 0.05, 0.06, 0.02, 0.02);

    public static WebhookFaults None { get; } = new(0, 0, 0, 0, 0, 0);

    public WebhookAnswer Draw(Random random)
    {
        var roll = random.NextDouble();
        foreach (var (chance, answer) in new[]
        {
            (ServerError, WebhookAnswer.ServerError), (RateLimited, WebhookAnswer.RateLimited), (CutBeforeReading, WebhookAnswer.CutBeforeReading),
            (CutAfterReading, WebhookAnswer.CutAfterReading), (Hang, WebhookAnswer.HangAfterReading),
        })
        {
            roll -= chance;
            if (roll < 0)
            {
                return answer;
            }
        }

        return WebhookAnswer.Ok;
    }
}

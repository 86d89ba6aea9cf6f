using Microsoft.Extensions.Logging;

namespace CustomerData.Alerts.Publishing;

/// <summary>Runs every publisher in turn; a failure is logged and the next one still runs, so telemetry never breaks alerting.</summary>
public sealed partial class PublisherFanout(IReadOnlyList<IResultPublisher> publishers, ILogger<PublisherFanout> logger) : IResultPublisher
{
    public string Name => "all";

    public async Task PublishAsync(RunOutcome run, CancellationToken cancellationToken)
    {
        foreach (var publisher in publishers)
        {
            try
            {
                await publisher.PublishAsync(run, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogFailed(logger, error, publisher.Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Publisher {Publisher} failed; the other publishers still ran")]
    private static partial void LogFailed(ILogger logger, Exception error, string publisher);
}

namespace CustomerData.Alerts.Publishing;

/// <summary>Sends a run's results somewhere (Datadog, the alert state machine); one failing publisher never stops the others.</summary>
public interface IResultPublisher
{
    string Name { get; }

    Task PublishAsync(RunOutcome run, CancellationToken cancellationToken);
}

using CustomerData.Alerts.Publishing;

namespace CustomerData.Monitors.Composition;

/// <summary>
/// A store-backed publisher whose store failure is kept as one operator line (raised once the other publishers ran),
/// instead of a logged stack trace; any other failure goes on to the fan-out as before.
/// </summary>
internal sealed class GuardedPublisher(IResultPublisher inner, Func<Exception, InfrastructureException?> explain, Action<InfrastructureException> failed) : IResultPublisher
{
    public string Name => inner.Name;

    public async Task PublishAsync(RunOutcome run, CancellationToken cancellationToken)
    {
        try
        {
            await inner.PublishAsync(run, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (explain(error) is { } failure)
        {
            failed(failure);
        }
    }
}

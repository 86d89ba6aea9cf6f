using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sources;

namespace CustomerData.Checks.Engine;

/// <summary>
/// The step after judging: the results whose kind asks for a follow-up (<see cref="IFollowUp"/>) get it, all at once,
/// each within its check's timeout. A follow-up that fails, times out or is cancelled leaves its result as judged,
/// with why in the message, so nothing is lost silently; the caller's cancellation is never thrown.
/// </summary>
internal sealed class FollowUps(Catalog catalog, DataSources sources, TimeProvider time)
{
    public async Task RunAsync(MonitorConfig config, Dictionary<CheckDefinition, CheckResult> results, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var context = new FollowUpContext(new CheckContext(now, TimeZones.Find(config.Defaults.Timezone), config.Defaults), sources);
        var wanted = results.Values.Select(result => (Result: result, FollowUp: Wanted(result))).Where(w => w.FollowUp is not null).ToList();
        var done = await Task.WhenAll(wanted.Select(w => RunOneAsync(w.FollowUp!, w.Result, context, config.TimeoutOf(w.Result.Check), cancellationToken))).ConfigureAwait(false);
        foreach (var result in done)
        {
            results[result.Check] = result;
        }
    }

    private IFollowUp? Wanted(CheckResult result)
    {
        try
        {
            return catalog.CheckKindOf(result.Check) is IFollowUp followUp && followUp.Wants(result.Check, result) ? followUp : null;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            return null; // A kind that cannot say is judged as it was; judging it already reported what is wrong.
        }
    }

    private async Task<CheckResult> RunOneAsync(IFollowUp followUp, CheckResult result, FollowUpContext context, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await followUp.FollowUpAsync(result, context, linked.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            var why = cancellationToken.IsCancellationRequested ? "cancelled at shutdown"
                : deadline.IsCancellationRequested ? $"timed out after {Duration.Format(timeout)}"
                : "failed: " + CheckResults.Describe(error);
            return result with { Message = TextCap.Message($"{result.Message} ({followUp.FollowUpName} {why})") };
        }
    }
}

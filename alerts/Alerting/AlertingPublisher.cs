using CustomerData.Alerts.DogStatsd;
using CustomerData.Alerts.Emission;
using CustomerData.Alerts.Publishing;
using CustomerData.Alerts.State;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;

namespace CustomerData.Alerts.Alerting;

/// <summary>
/// Moves each check's alert state on, enqueues the messages on-call should get (state and messages in one
/// transaction, so a crash loses neither and duplicates neither), and sends a Datadog event per status change.
/// </summary>
public sealed class AlertingPublisher(IAlertStore store, NotificationPlanner planner, IDogStatsd statsd) : IResultPublisher
{
    public string Name => "alerting";

    /// <summary>The transitions of the last run, for the CLI to report.</summary>
    public IReadOnlyList<(CheckResult Result, AlertTransition Transition)> LastTransitions { get; private set; } = [];

    public async Task PublishAsync(RunOutcome run, CancellationToken cancellationToken)
    {
        var states = await store.LoadStatesAsync(cancellationToken).ConfigureAwait(false);
        var mutes = await store.LoadMutesAsync(cancellationToken).ConfigureAwait(false);
        var transitions = run.Results
            .Select(result => (Result: result, Transition: AlertStateMachine.Next(
                states.GetValueOrDefault(result.Check.Name) ?? AlertState.Initial(result.Check.Name),
                result.Status,
                PolicyFor(result.Check, run.Config, mutes, run.At),
                run.At)))
            .ToList();
        var notifications = transitions.Where(t => t.Transition.Notify is not null).Select(t => new PendingNotification(t.Result, t.Transition)).ToList();
        var messages = planner.Plan(notifications, run.Config, run.At);
        await store.SaveAsync([.. transitions.Select(t => t.Transition.Next)], messages, cancellationToken).ConfigureAwait(false);
        LastTransitions = transitions;

        foreach (var (result, transition) in transitions.Where(t => t.Transition.StatusChanged))
        {
            SendEvent(result, transition, run);
        }
    }

    public static AlertPolicy PolicyFor(CheckDefinition check, MonitorConfig config, IReadOnlyDictionary<string, Mute> mutes, DateTimeOffset now) => new(
        config.AlertAfterOf(check),
        config.RenotifyAfterOf(check),
        check.MutedUntil > now || (mutes.TryGetValue(check.Name, out var mute) && mute.Until > now));

    private void SendEvent(CheckResult result, AlertTransition transition, RunOutcome run)
    {
        var status = result.Status.ToString().ToUpperInvariant();
        var title = result.Status == CheckStatus.Ok
            ? $"[CustomerData] {result.Check.Name} is OK again"
            : $"[CustomerData] {result.Check.Name} is {status}";
        var text = $"{result.Message}\nWas {transition.PreviousStatus.ToString().ToUpperInvariant()}.{(result.Check.Runbook is { } runbook ? $"\nRunbook: {runbook}" : string.Empty)}";
        var alertType = result.Status switch
        {
            CheckStatus.Ok => "success",
            CheckStatus.Warning => "warning",
            CheckStatus.Critical => "error",
            _ => "info",
        };
        // Datadog keeps at most 4,000 characters of event text.
        text = Slack.BlockKitLimits.Cut(text, 4000);
        statsd.Event(title, text, alertType, aggregationKey: "customer_data.check:" + result.Check.Name, sourceType: "customer_data",
            dateHappened: (int)run.At.ToUnixTimeSeconds(), tags: CheckTags.For(result, run.Config));
    }
}

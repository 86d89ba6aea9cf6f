using CustomerData.Alerts.Alerting;
using CustomerData.Alerts.DogStatsd;
using CustomerData.Alerts.Emission;
using CustomerData.Alerts.Outbox;
using CustomerData.Alerts.Publishing;
using CustomerData.Alerts.Slack;
using CustomerData.Alerts.State;
using CustomerData.Checks.Engine;
using CustomerData.Monitors.Cli;
using Microsoft.Extensions.Logging;

namespace CustomerData.Monitors.Composition;

/// <summary>What happens to a run's results: Datadog metrics and service checks, alert state, and Slack through the outbox.</summary>
internal static class ResultPipeline
{
    /// <summary>How long a run waits for Slack retries (rate limits, server errors) before leaving them for the next run.</summary>
    private static readonly TimeSpan DeliveryPatience = TimeSpan.FromSeconds(30);

    public static async Task PublishAsync(LoadedConfig loaded, IReadOnlyList<CheckResult> results, DateTimeOffset at, bool alerts, CliConsole console, TextWriter messages, CancellationToken cancellationToken)
    {
        using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));

        // Metrics use the real clock even under a test's fake one: their flushing is plumbing, not business time.
        using var statsd = new DogStatsdService(StatsdOptions(console), TimeProvider.System);
        var publishers = new List<IResultPublisher> { new DatadogMetricsPublisher(statsd) };
        SqliteAlertStore? store = null;
        if (alerts)
        {
            store = await SqliteAlertStore.OpenAsync(Path.Combine(loaded.DataDirectory, "state.db"), cancellationToken).ConfigureAwait(false);
            publishers.Add(new AlertingPublisher(store, new NotificationPlanner(loaded.Templates), statsd));
        }

        await new PublisherFanout(publishers, loggers.CreateLogger<PublisherFanout>()).PublishAsync(new RunOutcome(loaded.Config, results, at), cancellationToken).ConfigureAwait(false);
        if (store is not null)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var routing = new SlackRouting(loaded.Config, console.Environment, http, messages);
            var dispatcher = new OutboxDispatcher(store, routing.SenderFor, console.Time, loggers.CreateLogger<OutboxDispatcher>());
            var left = await dispatcher.DeliverAsync(DeliveryPatience, cancellationToken).ConfigureAwait(false);
            foreach (var note in routing.Notes)
            {
                console.Error.WriteLine("Slack: " + note);
            }

            if (left > 0)
            {
                console.Error.WriteLine($"Slack: {left} message(s) wait in the outbox ({Path.Combine(loaded.DataDirectory, "state.db")}) for the next run");
            }
        }

        await statsd.FlushAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
    }

    private static DogStatsdOptions StatsdOptions(CliConsole console)
    {
        try
        {
            var options = DogStatsdOptions.FromEnvironment(console.Environment);
            if (options.Validate() is { Count: > 0 } problems)
            {
                throw new ArgumentException(string.Join("; ", problems));
            }

            return options;
        }
        catch (Exception error) when (error is FormatException or ArgumentException)
        {
            // Telemetry never stops the checks: a bad setting falls back to the local agent's defaults.
            console.Error.WriteLine($"DogStatsD: {error.Message}; sending to 127.0.0.1:8125 instead");
            return new DogStatsdOptions();
        }
    }
}

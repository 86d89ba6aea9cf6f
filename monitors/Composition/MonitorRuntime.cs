using CustomerData.Alerts.Alerting;
using CustomerData.Alerts.DogStatsd;
using CustomerData.Alerts.Emission;
using CustomerData.Alerts.Outbox;
using CustomerData.Alerts.Publishing;
using CustomerData.Alerts.Slack;
using CustomerData.Checks.Engine;
using CustomerData.Monitors.Cli;
using CustomerData.Monitors.History;
using Microsoft.Extensions.Logging;

namespace CustomerData.Monitors.Composition;

/// <summary>
/// The long-lived pieces results flow through, shared by `run` (one run) and `serve` (many): DogStatsD,
/// the stores, the HTTP client for Slack. A run's results go to history first, then Datadog, then the
/// alert state machine; the outbox is delivered last.
/// </summary>
internal sealed class MonitorRuntime : IAsyncDisposable
{
    /// <summary>How long a run waits for Slack retries (rate limits, server errors) before leaving them for the next run.</summary>
    public static readonly TimeSpan DeliveryPatience = TimeSpan.FromSeconds(30);

    private readonly DogStatsdService _statsd;
    private readonly Stores? _stores;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Func<string, string?> _environment;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;

    private MonitorRuntime(DogStatsdService statsd, Stores? stores, Func<string, string?> environment, TimeProvider time, ILoggerFactory loggers)
    {
        _statsd = statsd;
        _stores = stores;
        _environment = environment;
        _time = time;
        _loggers = loggers;
    }

    public IDogStatsd Statsd => _statsd;

    public Stores? Stores => _stores;

    /// <param name="alerts">Whether to keep state: history, alert state and Slack. Without it only metrics go out.</param>
    public static async Task<MonitorRuntime> CreateAsync(LoadedConfig loaded, bool alerts, Func<string, string?> environment, TimeProvider time, ILoggerFactory loggers, TextWriter warnings, CancellationToken cancellationToken)
    {
        // Metrics use the real clock even under a test's fake one: their flushing is plumbing, not business time.
        var statsd = new DogStatsdService(StatsdOptions(environment, warnings), TimeProvider.System, logger: loggers.CreateLogger<DogStatsdService>());
        var stores = alerts ? await Stores.OpenAsync(loaded, environment, cancellationToken).ConfigureAwait(false) : null;
        return new MonitorRuntime(statsd, stores, environment, time, loggers);
    }

    /// <summary>Records and publishes a run's results, then delivers the outbox; returns how many messages still wait.</summary>
    /// <param name="messages">Where messages for channels without a webhook print.</param>
    /// <param name="notes">Where routing notes (an unset webhook variable) are written.</param>
    public async Task<int> PublishAsync(LoadedConfig loaded, IReadOnlyList<CheckResult> results, DateTimeOffset at, TextWriter messages, TextWriter notes, CancellationToken cancellationToken)
    {
        var publishers = new List<IResultPublisher>();
        if (_stores is not null)
        {
            publishers.Add(new HistoryPublisher(_stores.History));
        }

        publishers.Add(new DatadogMetricsPublisher(_statsd));
        if (_stores is not null)
        {
            publishers.Add(new AlertingPublisher(_stores.Alerts, new NotificationPlanner(loaded.Templates), _statsd));
        }

        await new PublisherFanout(publishers, _loggers.CreateLogger<PublisherFanout>()).PublishAsync(new RunOutcome(loaded.Config, results, at), cancellationToken).ConfigureAwait(false);
        var left = 0;
        if (_stores is not null)
        {
            var routing = new SlackRouting(loaded.Config, _environment, _http, messages);
            left = await new OutboxDispatcher(_stores.Outbox, routing.SenderFor, _time, _loggers.CreateLogger<OutboxDispatcher>()).DeliverAsync(DeliveryPatience, cancellationToken).ConfigureAwait(false);
            foreach (var note in routing.Notes)
            {
                await notes.WriteLineAsync("Slack: " + note).ConfigureAwait(false);
            }

            if (left > 0)
            {
                await notes.WriteLineAsync($"Slack: {left} message(s) wait in the outbox ({_stores.Description}) for the next run").ConfigureAwait(false);
            }
        }

        await _statsd.FlushAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        return left;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        _statsd.Dispose();
        if (_stores is not null)
        {
            await _stores.DisposeAsync().ConfigureAwait(false);
        }
    }

    // A bad agent address is a start-up error (DogStatsdAddressException, one line, exit 3): falling back to
    // 127.0.0.1:8125 would send nothing where the agent is, and without the env, service and version tags.
    private static DogStatsdOptions StatsdOptions(Func<string, string?> environment, TextWriter warnings)
    {
        var options = DogStatsdOptions.FromEnvironment(environment);
        if (options.Validate() is { Count: > 0 } problems)
        {
            throw new DogStatsdAddressException(string.Join("; ", problems), "DD_* variables", "fix the DogStatsD settings");
        }

        _ = warnings; // nothing is left to warn about: what used to fall back is now an error
        return options;
    }
}

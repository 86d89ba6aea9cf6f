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
/// The composition root: the long-lived pieces results flow through, built once from the configuration and shared by
/// `run` (one run) and `serve` (many, concurrently): DogStatsD, the stores, the HTTP client for Slack and ONE outbox
/// dispatcher. A run's results go to history first, then Datadog, then the alert state machine; the outbox is
/// delivered last. A store failure ends the publication with one <see cref="InfrastructureException"/>.
/// </summary>
internal sealed class MonitorRuntime : IAsyncDisposable
{
    /// <summary>How long a run waits for Slack retries (rate limits, server errors) before leaving them for the next run.</summary>
    public static readonly TimeSpan DeliveryPatience = TimeSpan.FromSeconds(30);

    private readonly DogStatsdService _statsd;
    private readonly Stores? _stores;
    private readonly OutboxDispatcher? _dispatcher;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Func<string, string?> _environment;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly Dictionary<string, string> _announced = new(StringComparer.Ordinal);

    private MonitorRuntime(DogStatsdService statsd, Stores? stores, Func<string, string?> environment, TimeProvider time, ILoggerFactory loggers)
    {
        _statsd = statsd;
        _stores = stores;
        _environment = environment;
        _time = time;
        _loggers = loggers;
        if (stores is not null)
        {
            _dispatcher = new OutboxDispatcher(
                stores.Outbox, senderFor: null, time, loggers.CreateLogger<OutboxDispatcher>(), statsd: statsd);
        }
    }

    public IDogStatsd Statsd => _statsd;

    public Stores? Stores => _stores;

    /// <summary>The results kinds judge against (learned thresholds, schema changes); none without stores.</summary>
    public IResultHistory History => _stores is null ? IResultHistory.None : new StoredHistory(_stores.History);

    /// <summary>The process's one outbox dispatcher (null without stores, as with `run --no-alerts`).</summary>
    public OutboxDispatcher? Dispatcher => _dispatcher;

    /// <summary>What the last delivery could not send, per channel, and why: for serve's /readyz.</summary>
    public IReadOnlyList<BlockedChannel> BlockedDelivery => _dispatcher?.Blocked ?? [];

    /// <param name="alerts">Whether to keep state: history, alert state and Slack. Without it only metrics go out.</param>
    public static async Task<MonitorRuntime> CreateAsync(LoadedConfig loaded, bool alerts, Func<string, string?> environment, TimeProvider time, ILoggerFactory loggers, TextWriter warnings, CancellationToken cancellationToken)
    {
        // Metrics use the real clock even under a test's fake one: their flushing is plumbing, not business time.
        var statsd = new DogStatsdService(StatsdOptions(environment, warnings), TimeProvider.System, logger: loggers.CreateLogger<DogStatsdService>());
        try
        {
            var stores = alerts ? await Stores.OpenAsync(loaded, environment, cancellationToken, time).ConfigureAwait(false) : null;
            return new MonitorRuntime(statsd, stores, environment, time, loggers);
        }
        catch
        {
            statsd.Dispose();
            throw;
        }
    }

    /// <summary>Records and publishes a run's results, then delivers the outbox, and says what still waits and why.</summary>
    /// <param name="messages">Where messages of channels whose webhook is "console" print.</param>
    /// <param name="notes">Where what waits in the outbox, and why, is written (once per channel and reason).</param>
    /// <exception cref="InfrastructureException">The store failed; the other publishers still ran.</exception>
    /// <param name="deliveryPatience">How long delivery waits for retries (default <see cref="DeliveryPatience"/>; less at shutdown).</param>
    /// <param name="deliver">Whether to deliver the outbox after publishing (serve's fires leave it to the outbox pump).</param>
    public async Task<DeliveryReport> PublishAsync(LoadedConfig loaded, IReadOnlyList<CheckResult> results, DateTimeOffset at, TextWriter messages, TextWriter notes, CancellationToken cancellationToken, TimeSpan? deliveryPatience = null, bool deliver = true)
    {
        InfrastructureException? failure = null;
        var publishers = new List<IResultPublisher>();
        if (_stores is not null)
        {
            publishers.Add(Guarded(new HistoryPublisher(_stores.History), _stores, f => failure ??= f));
        }

        publishers.Add(new DatadogMetricsPublisher(_statsd));
        if (_stores is not null)
        {
            publishers.Add(Guarded(new AlertingPublisher(_stores.Alerts, new NotificationPlanner(loaded.Templates), _statsd), _stores, f => failure ??= f));
        }

        try
        {
            await new PublisherFanout(publishers, _loggers.CreateLogger<PublisherFanout>()).PublishAsync(new RunOutcome(loaded.Config, results, at), cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                throw failure;
            }

            return _stores is null || !deliver
                ? new DeliveryReport(0, [], string.Empty)
                : await DeliverAsync(loaded, messages, notes, deliveryPatience ?? DeliveryPatience, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await _statsd.FlushAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One delivery pass of the shared dispatcher with the configuration's routing (also for a pump between runs).</summary>
    public async Task<DeliveryReport> DeliverAsync(LoadedConfig loaded, TextWriter messages, TextWriter notes, TimeSpan patience, CancellationToken cancellationToken)
    {
        if (_stores is null || _dispatcher is null)
        {
            return new DeliveryReport(0, [], string.Empty);
        }

        var routing = new SlackRouting(loaded.Config, _environment, _http, messages, _time);
        int left;
        try
        {
            left = await _dispatcher.DeliverAsync(routing.SenderFor, patience, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (_stores.Explain(error) is { } failure)
        {
            throw failure;
        }

        var report = new DeliveryReport(left, _dispatcher.Blocked, _stores.Description);
        await AnnounceAsync(report, notes).ConfigureAwait(false);
        return report;
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

    /// <summary>Says why messages wait: once per channel and reason in a long-lived process, every time in `run`.</summary>
    private async Task AnnounceAsync(DeliveryReport report, TextWriter notes)
    {
        List<string> lines;
        lock (_announced)
        {
            foreach (var gone in _announced.Keys.Except(report.Blocked.Select(b => b.Channel)).ToList())
            {
                _announced.Remove(gone);
            }

            lines = [.. report.Blocked
                .Where(b => !_announced.TryGetValue(b.Channel, out var said) || said != b.Reason)
                .Select(b =>
                {
                    _announced[b.Channel] = b.Reason;
                    return report.Describe(b);
                })];
        }

        if (report.Retrying > 0)
        {
            lines.Add(report.DescribeRetrying());
        }

        foreach (var line in lines)
        {
            await notes.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    private static GuardedPublisher Guarded(IResultPublisher inner, Stores stores, Action<InfrastructureException> failed) => new(inner, stores.Explain, failed);


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

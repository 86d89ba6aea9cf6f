using CustomerData.Alerts.Alerting;
using CustomerData.Alerts.Outbox;
using CustomerData.Alerts.Publishing;
using CustomerData.Alerts.Slack;
using CustomerData.Alerts.State;
using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Alerting;

/// <summary>The real alerting path (state machine, store, outbox, Slack sender) against a loopback Slack server; SQLite unless a store is given.</summary>
internal sealed class AlertingHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "customerdata-alerting-" + Guid.NewGuid().ToString("N"));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly Func<AlertingHarness, Task<HarnessStore>> _openStore;

    private AlertingHarness(MonitorConfig config, LoopbackSlackServer slack, Func<AlertingHarness, Task<HarnessStore>> openStore)
    {
        Config = config;
        Slack = slack;
        _openStore = openStore;
    }

    public MonitorConfig Config { get; }

    public HarnessStore Store { get; private set; } = null!;

    public LoopbackSlackServer Slack { get; }

    public RecordingDogStatsd Statsd { get; } = new();

    public FakeLogger<OutboxDispatcher> DispatcherLog { get; } = new();

    public FakeTimeProvider Time { get; } = new(T0);

    public string StorePath => Path.Combine(_directory, "state.db");

    /// <summary>Starts the harness; <paramref name="openStore"/> opens the store at start and again on each restart.</summary>
    public static async Task<AlertingHarness> StartAsync(
        string checksJson,
        string defaultsJson = """{ "notify": { "slack": "#alerts" } }""",
        int digestAfter = 5,
        Func<AlertingHarness, Task<HarnessStore>>? openStore = null)
    {
        var config = Configs.Valid($$"""
            {
              "defaults": {{defaultsJson}},
              "notifications": { "slack": { "webhooks": { "#alerts": "SLACK_TEST_WEBHOOK" }, "mentions": { "order-data": "<!subteam^S0ORDERS>" }, "digest_after": {{digestAfter}} } },
              "sources": { "mem": { "type": "duckdb", "path": ":memory:" } },
              "checks": {{checksJson}}
            }
            """);
        var harness = new AlertingHarness(
            config,
            new LoopbackSlackServer(),
            openStore ?? (async h => HarnessStore.Of(await SqliteAlertStore.OpenAsync(h.StorePath, CancellationToken.None))));
        harness.Store = await harness._openStore(harness);
        return harness;
    }

    public static CheckResult Result(CheckDefinition check, CheckStatus status, DateTimeOffset at, string message = "newest updated_at is 7h old") =>
        new(check, status, 25200, "7h old", message, "warning after 2h; critical after 6h", TimeSpan.FromMilliseconds(12), "SELECT 1;", at)
        { Type = Catalog.Default.CheckKindOf(check).TypeName };

    /// <summary>One run: publish the results through the alerting path, then deliver the outbox.</summary>
    public async Task RunAsync(DateTimeOffset at, params (string Check, CheckStatus Status)[] statuses)
    {
        Time.SetUtcNow(at);
        var results = statuses.Select(s => Result(Config.Checks.Single(c => c.Name == s.Check), s.Status, at)).ToList();
        await Publisher().PublishAsync(new RunOutcome(Config, results, at), CancellationToken.None);
        await DeliverAsync();
    }

    public AlertingPublisher Publisher()
    {
        var (templates, errors) = SlackTemplates.Load(Config, Path.Combine(_directory, "checks.json"));
        Assert.IsEmpty(errors, string.Join("\n", errors));
        return new AlertingPublisher(Store, new NotificationPlanner(templates!), Statsd);
    }

    /// <summary>The dispatcher's clock: real time passing, read from the scenario's date (T0 at the start).</summary>
    public TimeProvider Clock { get; } = new ShiftedTimeProvider(T0);

    public Task<int> DeliverAsync(TimeSpan? patience = null) =>
        new OutboxDispatcher(Store, _ => new SlackWebhookSender(_http, Slack.Url, Clock), Clock, DispatcherLog, new Random(1)).DeliverAsync(patience ?? TimeSpan.Zero, CancellationToken.None);

    /// <summary>Opens the store anew, as a restarted process would.</summary>
    public async Task RestartAsync() => Store = await _openStore(this);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Slack.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

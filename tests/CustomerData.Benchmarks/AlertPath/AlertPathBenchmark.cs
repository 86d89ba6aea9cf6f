using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using CustomerData.Alerts.Alerting;
using CustomerData.Alerts.Outbox;
using CustomerData.Alerts.Publishing;
using CustomerData.Alerts.Slack;
using CustomerData.Alerts.State;
using CustomerData.Benchmarks.Report;
using CustomerData.Benchmarks.Support;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using Microsoft.Extensions.Logging.Abstractions;

namespace CustomerData.Benchmarks.AlertPath;

/// <summary>
/// Item 5: time from a check result to its Slack request arriving at a loopback webhook, through the real
/// alert path (AlertingPublisher: state machine, rendering, SQLite state and outbox in one transaction; then
/// OutboxDispatcher and SlackWebhookSender), against a bare HttpClient POST of the same payload.
/// </summary>
internal sealed class AlertPathBenchmark : IBenchmarkItem
{
    private const int WarmUps = 50;
    private const int Samples = 2_000;

    public int Number => 5;

    public string Title => "Alert path";

    public async Task<ItemResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        using var directory = new TemporaryDirectory("customerdata-bench-alerts-");
        using var agent = new LoopbackAgent();
        using var statsd = DogStatsd.Datagrams.Client(agent.Port);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await using var slack = await TimedSlackServer.StartAsync(cancellationToken).ConfigureAwait(false);

        var config = CheckJson.Load(CheckJson.Document(
            new JsonObject { ["notify"] = new JsonObject { ["slack"] = "#alerts" }, ["renotify_after"] = "4h" },
            new JsonObject { ["mem"] = new JsonObject { ["type"] = "duckdb", ["path"] = ":memory:" } },
            [Check()],
            new JsonObject { ["slack"] = new JsonObject { ["webhooks"] = new JsonObject { ["#alerts"] = "BENCH_SLACK_WEBHOOK" }, ["mentions"] = new JsonObject { ["order-data"] = "<!subteam^S0ORDERS>" } } }));
        var (templates, errors) = SlackTemplates.Load(config, directory.File("checks.json"));
        if (templates is null)
        {
            throw new InvalidOperationException(string.Join("\n", errors));
        }

        var store = await SqliteAlertStore.OpenAsync(directory.File("state.db"), cancellationToken).ConfigureAwait(false);
        var publisher = new AlertingPublisher(store, new NotificationPlanner(templates), statsd);
        var sender = new SlackWebhookSender(http, slack.Url);
        var dispatcher = new OutboxDispatcher(store, _ => sender, TimeProvider.System, NullLogger<OutboxDispatcher>.Instance);

        var path = new List<Sample>();
        var baseline = new List<double>();
        string? payload = null;
        context.Say($"{WarmUps} warm-up and {Samples:N0} measured alerts, each followed by a bare POST");
        for (var i = 0; i < WarmUps + Samples; i++)
        {
            // Alternating CRITICAL and OK makes every run a status change: a failure, then a recovery message.
            var status = i % 2 == 0 ? CheckStatus.Critical : CheckStatus.Ok;
            var sample = await AlertAsync(config.Checks[0], status, config, publisher, dispatcher, slack, context.Time, cancellationToken).ConfigureAwait(false);
            payload ??= sample.Payload;
            var bare = await PostAsync(http, slack, payload, cancellationToken).ConfigureAwait(false);
            if (i >= WarmUps)
            {
                path.Add(sample);
                baseline.Add(bare);
            }
        }

        return Report(path, baseline, payload!.Length);
    }

    private static JsonObject Check()
    {
        var check = CheckJson.Freshness("orders_freshness", "mem", "sales.orders", "updated_at", "2h", "6h");
        check["description"] = "New orders reach the warehouse within two hours.";
        check["owner"] = "order-data";
        check["runbook"] = "https://wiki.example/runbooks/orders";
        check["tags"] = new JsonArray("domain:sales");
        return check;
    }

    private static async Task<Sample> AlertAsync(CheckDefinition check, CheckStatus status, MonitorConfig config, AlertingPublisher publisher, OutboxDispatcher dispatcher, TimedSlackServer slack, TimeProvider time, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var result = status == CheckStatus.Ok
            ? new CheckResult(check, status, 1200, "20m old", "newest updated_at is 20m old", "warning after 2h; critical after 6h", TimeSpan.FromMilliseconds(14), "SELECT epoch_us(max(\"updated_at\")) AS m0\nFROM \"sales\".\"orders\";", at) { Type = "freshness", ValueMetric = "customer_data.freshness.lag_seconds" }
            : new CheckResult(check, status, 30120, "8h22m old", "newest updated_at is 8h22m old (2026-11-26 03:59:54 +01:00); critical after 6h", "warning after 2h; critical after 6h", TimeSpan.FromMilliseconds(14), "SELECT epoch_us(max(\"updated_at\")) AS m0\nFROM \"sales\".\"orders\";", at) { Type = "freshness", ValueMetric = "customer_data.freshness.lag_seconds" };
        var started = Stopwatch.GetTimestamp();
        await publisher.PublishAsync(new RunOutcome(config, [result], at), cancellationToken).ConfigureAwait(false);
        var published = Stopwatch.GetTimestamp();
        var left = await dispatcher.DeliverAsync(TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        var delivered = Stopwatch.GetTimestamp();
        if (left != 0 || !slack.Arrivals.TryDequeue(out var arrival) || !slack.Arrivals.IsEmpty)
        {
            throw new InvalidOperationException($"expected exactly one Slack request per alert ({left} left in the outbox)");
        }

        return new Sample(Stats.Milliseconds(started, arrival.ArrivedAt), Stats.Milliseconds(started, published), Stats.Milliseconds(published, arrival.ArrivedAt), Stats.Milliseconds(arrival.ArrivedAt, delivered), arrival.Body);
    }

    private static async Task<double> PostAsync(HttpClient http, TimedSlackServer slack, string payload, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var content = new StringContent(payload, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(slack.Url, content, cancellationToken).ConfigureAwait(false);
        await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!slack.Arrivals.TryDequeue(out var arrival))
        {
            throw new InvalidOperationException("the bare POST did not arrive");
        }

        return Stats.Milliseconds(started, arrival.ArrivedAt);
    }

    private static ItemResult Report(List<Sample> path, List<double> baseline, int payloadLength)
    {
        var latency = path.Select(s => s.ArrivalMs).ToList();
        string P(IEnumerable<double> values, double p) => Stats.Ms(Stats.Percentile(values, p));
        var p99 = Stats.Percentile(latency, 99);
        Measurement[] rows =
        [
            new("result → Slack request arrived, p50", P(latency, 50), P(baseline, 50)),
            new("result → Slack request arrived, p95", P(latency, 95), P(baseline, 95)),
            new("result → Slack request arrived, p99", Stats.Ms(p99), P(baseline, 99), "< 50 ms", p99 < 50),
            new("result → Slack request arrived, max", Stats.Ms(latency.Max()), Stats.Ms(baseline.Max())),
        ];
        var notes = new List<string>
        {
            $"{Stats.Count(path.Count)} alerts after {WarmUps} warm-ups; one check alternating CRITICAL and OK, so every run moves its state and sends one message (failure, then recovery), payload about {Stats.Count(payloadLength)} characters of Block Kit JSON. Every request was answered 200.",
            "Where the time goes (p50 / p99): "
                + $"AlertingPublisher.PublishAsync (load states and mutes, state machine, render the Scriban template, save state and enqueue the message in one SQLite transaction) {P(path.Select(s => s.PublishMs), 50)} / {P(path.Select(s => s.PublishMs), 99)}; "
                + $"OutboxDispatcher until the request arrived (read the pending outbox, POST through SlackWebhookSender) {P(path.Select(s => s.DeliverMs), 50)} / {P(path.Select(s => s.DeliverMs), 99)}; "
                + $"after arrival, not counted in the latency (Slack's answer, marking the message sent, re-reading the outbox) {P(path.Select(s => s.AfterMs), 50)} / {P(path.Select(s => s.AfterMs), 99)}.",
            "The SQLite store is a real file in a temp directory (WAL, a pooled connection per call), as `run` and `serve` use it; the webhook is a Kestrel endpoint on 127.0.0.1 that timestamps each request once its body is read.",
        };
        return new ItemResult(5, "Alert path",
            $"Stopwatch harness in-process, {Stats.Count(Samples)} samples: the clock starts before AlertingPublisher.PublishAsync and stops when the loopback webhook has read the request body; each alert is followed by a bare POST so both see the same machine state. "
                + "Latency percentiles of an I/O path, which BenchmarkDotNet's mean-oriented runs do not give.",
            "a bare `HttpClient.PostAsync` of the same payload to the same loopback webhook (the network floor of the path).", rows, notes);
    }

    private sealed record Sample(double ArrivalMs, double PublishMs, double DeliverMs, double AfterMs, string Payload);
}

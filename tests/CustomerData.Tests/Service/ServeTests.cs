using System.Net.Http.Json;
using System.Text.Json;
using CustomerData.Checks.Engine;
using CustomerData.Monitors.History;
using CustomerData.Tests.DogStatsd;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace CustomerData.Tests.Service;

[TestClass]
public sealed class ServeTests
{
    private static string Config(string schedulerName, string checks, string extra = "") => $$"""
        {
          "defaults": { "schedule": "* * * * * ?", "notify": { "slack": "#alerts" } },
          "notifications": { "slack": { "webhooks": { "#alerts": "console" } } },
          "scheduler": { "instance_name": "{{schedulerName}}", "shutdown_grace": "20s" }{{extra}},
          "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": [
            "CREATE TABLE t AS SELECT range AS id, TIMESTAMP '2026-01-01' AS ts FROM range(10)",
            "CREATE VIEW slow AS SELECT a.range AS n FROM range(40000) a, range(40000) b"
          ] } },
          "checks": {{checks}}
        }
        """;

    private const string RowsCheck = """{ "name": "t_rows", "type": "volume", "source": "mem", "table": "t", "critical": { "min": 1 } }""";

    [TestMethod]
    public async Task Serve_RunsChecksOnTheirSchedules()
    {
        await using var serve = ServeHarness.Create(Config(ServeHarness.UniqueName(), $"[{RowsCheck}, {RowsCheck.Replace("t_rows", "t_rows_every_2s", StringComparison.Ordinal).Replace("\"critical\"", "\"schedule\": \"*/2 * * * * ?\", \"critical\"", StringComparison.Ordinal)}]"));
        await serve.StartAsync();
        var history = await serve.HistoryAsync();
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);

        await ServeHarness.WaitUntilAsync(async () => (await history.ReadAsync("t_rows", since, CancellationToken.None)).Count >= 3, "three runs of t_rows");
        await ServeHarness.WaitUntilAsync(async () => (await history.ReadAsync("t_rows_every_2s", since, CancellationToken.None)).Count >= 2, "two runs of t_rows_every_2s");

        var rows = await history.ReadAsync("t_rows", since, CancellationToken.None);
        Assert.IsTrue(rows.All(r => r.Status == CheckStatus.Ok && r.Value == 10));
        var every2s = await history.ReadAsync("t_rows_every_2s", since, CancellationToken.None);
        Assert.IsTrue(every2s.Zip(every2s.Skip(1)).All(p => (p.Second.MeasuredAt - p.First.MeasuredAt).TotalSeconds > 1.5), "a 2 s schedule never runs twice within 1.5 s");
    }

    [TestMethod]
    public async Task EditedChecksJson_IsReloaded_AndAnInvalidEditKeepsTheRunningConfiguration()
    {
        using var agent = AgentListener.Udp();
        var name = ServeHarness.UniqueName();
        await using var serve = ServeHarness.Create(Config(name, $"[{RowsCheck}]"), new Dictionary<string, string>
        {
            ["DD_AGENT_HOST"] = agent.Environment("DD_AGENT_HOST")!,
            ["DD_DOGSTATSD_PORT"] = agent.Environment("DD_DOGSTATSD_PORT")!,
        });
        await serve.StartAsync();
        var history = await serve.HistoryAsync();
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);

        await File.WriteAllTextAsync(serve.ConfigPath, Config(name, $"[{RowsCheck}, {RowsCheck.Replace("t_rows", "t_rows_added", StringComparison.Ordinal)}]"));
        await ServeHarness.WaitUntilAsync(async () => (await history.ReadAsync("t_rows_added", since, CancellationToken.None)).Count >= 1, "the added check to run");

        await File.WriteAllTextAsync(serve.ConfigPath, Config(name, """[{ "name": "broken", "type": "volume", "source": "nowhere", "table": "t", "critical": { "min": 1 } }]"""));
        var errors = await ReceiveAsync(agent, "customer_data.config.errors:1|");
        var before = (await history.ReadAsync("t_rows_added", since, CancellationToken.None)).Count;
        await ServeHarness.WaitUntilAsync(async () => (await history.ReadAsync("t_rows_added", since, CancellationToken.None)).Count > before + 1, "the running configuration to keep running");
        var repeats = await CountAsync(agent, "customer_data.config.errors:", TimeSpan.FromSeconds(5));

        Assert.AreEqual("customer_data.config.errors:1|g", errors);
        Assert.AreEqual(0, repeats, "an invalid file is reported once, not at every poll");
    }

    [TestMethod]
    public async Task StopDuringARun_RecordsTheResultAndItsAlert()
    {
        var slow = """{ "name": "slow_rows", "type": "volume", "source": "mem", "table": "slow", "schedule": "0/5 * * * * ?", "critical": { "max": 1 } }""";
        await using var serve = ServeHarness.Create(Config(ServeHarness.UniqueName(), $"[{slow}]"));
        await serve.StartAsync();
        var scheduler = await serve.Host!.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        await ServeHarness.WaitUntilAsync(async () => (await scheduler.QueryFireInstances(new FireInstanceQuery(), CancellationToken.None)).Items.Count > 0, "the slow check to start", seconds: 20);
        await serve.StopAsync();

        var history = await serve.HistoryAsync();
        var results = await history.ReadAsync("slow_rows", DateTimeOffset.UtcNow.AddMinutes(-1), CancellationToken.None);
        Assert.HasCount(1, results);
        Assert.AreEqual(1_600_000_000.0, results[0].Value);
        var alerts = await Alerts.State.SqliteAlertStore.OpenAsync(Path.Combine(serve.DataDirectory, "state.db"), CancellationToken.None);
        Assert.AreEqual(CheckStatus.Critical, (await alerts.LoadStatesAsync(CancellationToken.None))["slow_rows"].NotifiedStatus, "the failure was decided and recorded before the process stopped");
    }

    [TestMethod]
    public async Task MissedScheduleWhileDown_RunsOnceAtStart()
    {
        var hourly = """{ "name": "hourly_rows", "type": "volume", "source": "mem", "table": "t", "schedule": "0 0 * * * ?", "critical": { "min": 1 } }""";
        await using var serve = ServeHarness.Create(Config(ServeHarness.UniqueName(), $"[{hourly}]"));
        var history = await serve.HistoryAsync();
        var twoHoursAgo = DateTimeOffset.UtcNow.AddHours(-2);
        await history.AppendAsync([new HistoryRecord("hourly_rows", "volume", "mem", "t", CheckStatus.Ok, 10, "10 rows", "critical below 1", "10 rows", 1, null, null, null, null, twoHoursAgo)], CancellationToken.None);

        await serve.StartAsync();
        await ServeHarness.WaitUntilAsync(async () => (await history.ReadAsync("hourly_rows", twoHoursAgo.AddMinutes(1), CancellationToken.None)).Count >= 1, "the missed run");
        await Task.Delay(1500);

        var runs = await history.ReadAsync("hourly_rows", twoHoursAgo.AddMinutes(1), CancellationToken.None);
        Assert.HasCount(1, runs, "two missed fires give one run, not two");
        var now = DateTimeOffset.UtcNow;
        var latestSlot = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        Assert.AreEqual(latestSlot, runs[0].MeasuredAt, "the catch-up records under the latest slot it missed, as its cron fire would have");
    }

    [TestMethod]
    public async Task ResultsOlderThanTheRetention_AreDeleted()
    {
        await using var serve = ServeHarness.Create(Config(ServeHarness.UniqueName(), $"[{RowsCheck}]", """, "store": { "retention": "30d" }"""));
        var history = await serve.HistoryAsync();
        var old = DateTimeOffset.UtcNow.AddDays(-31);
        var kept = DateTimeOffset.UtcNow.AddDays(-29);
        await history.AppendAsync(
            [
                new HistoryRecord("t_rows", "volume", "mem", "t", CheckStatus.Ok, 10, "10 rows", "critical below 1", "10 rows", 1, null, null, null, null, old),
                new HistoryRecord("t_rows", "volume", "mem", "t", CheckStatus.Ok, 10, "10 rows", "critical below 1", "10 rows", 1, null, null, null, null, kept),
            ],
            CancellationToken.None);

        await serve.StartAsync();
        await ServeHarness.WaitUntilAsync(async () => (await history.ReadAsync("t_rows", old.AddDays(-1), CancellationToken.None)).All(r => r.MeasuredAt != old), "the old result to be deleted");

        Assert.AreEqual(kept, (await history.ReadAsync("t_rows", old.AddDays(-1), CancellationToken.None))[0].MeasuredAt);
    }

    [TestMethod]
    public async Task HealthEndpoints_ReportSchedulerStoreAndConfiguration()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        await using var serve = ServeHarness.Create(Config(ServeHarness.UniqueName(), $"[{RowsCheck}]"));
        await serve.StartAsync(healthPort: port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        // Quartz starts once the host has started (AwaitApplicationStarted): until then the scheduler check is unhealthy.
        await ServeHarness.WaitUntilAsync(async () => (await http.GetAsync("/readyz")).IsSuccessStatusCode, "the scheduler to start");

        var live = await http.GetFromJsonAsync<JsonElement>("/healthz");
        var ready = await http.GetFromJsonAsync<JsonElement>("/readyz");

        Assert.AreEqual("healthy", live.GetProperty("status").GetString());
        Assert.AreEqual("healthy", live.GetProperty("checks").GetProperty("store").GetProperty("status").GetString());
        Assert.AreEqual("1 check", ready.GetProperty("checks").GetProperty("configuration").GetProperty("description").GetString());
    }

    private static async Task<int> CountAsync(AgentListener agent, string prefix, TimeSpan during)
    {
        var count = 0;
        var until = TimeProvider.System.GetUtcNow() + during;
        while (TimeProvider.System.GetUtcNow() < until)
        {
            count += (await agent.ReceivePacketAsync()).Split('\n').Count(l => l.StartsWith(prefix, StringComparison.Ordinal));
        }

        return count;
    }

    private static async Task<string> ReceiveAsync(AgentListener agent, string prefix)
    {
        while (true)
        {
            var packet = await agent.ReceivePacketAsync();
            var line = packet.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }
        }
    }
}

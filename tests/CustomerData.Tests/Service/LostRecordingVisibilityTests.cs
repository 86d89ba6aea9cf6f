using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CustomerData.Alerts.State;
using CustomerData.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace CustomerData.Tests.Service;

/// <summary>
/// `serve` whose store takes reads but refuses writes (a full disk, a file another process broke): a fire whose alert
/// state and messages cannot be saved decides no alert, and an outbox that cannot be updated delivers none. Both are
/// said on /readyz and by a CRITICAL heartbeat (which Datadog's exported heartbeat monitor pages on), not only in a
/// log line, and both clear once the store writes again.
/// </summary>
[TestClass]
public sealed partial class LostRecordingVisibilityTests
{
    private const string Webhook = "SLACK_WEBHOOK_LOST_RECORDING_TEST";

    private static string Config() => $$"""
        {
          "defaults": { "schedule": "* * * * * ?", "notify": { "slack": "#alerts" } },
          "notifications": { "slack": { "webhooks": { "#alerts": "{{Webhook}}" } } },
          "scheduler": { "instance_name": "{{ServeHarness.UniqueName()}}", "shutdown_grace": "5s" },
          "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": [
            "CREATE TABLE t AS SELECT range AS id FROM range(10)"
          ] } },
          "checks": [ { "name": "t_rows", "type": "volume", "source": "mem", "table": "t", "critical": { "min": 100 } } ]
        }
        """;

    /// <summary>state.db as serve will open it, with a trigger that fails the named write as a full disk would.</summary>
    private static async Task BreakWritesAsync(ServeHarness serve, string statement)
    {
        Directory.CreateDirectory(serve.DataDirectory);
        var path = Path.Combine(serve.DataDirectory, "state.db");
        await SqliteAlertStore.OpenAsync(path, CancellationToken.None);

        await ExecuteAsync(path, $"CREATE TRIGGER broken_disk BEFORE {statement} BEGIN SELECT RAISE(ABORT, 'simulated: disk full'); END");
    }

    private static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<(HttpStatusCode Status, List<string> Problems)> ReadyAsync(HttpClient http)
    {
        var answer = await http.GetAsync("/readyz");
        var body = await answer.Content.ReadAsStringAsync();
        var problems = JsonDocument.Parse(body).RootElement.TryGetProperty("problems", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(p => p.GetString()!).ToList()
            : [];
        return (answer.StatusCode, problems);
    }

    [GeneratedRegex(@"^results of schedule \* \* \* \* \* \? @ UTC for its slot \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ not recorded, so no alert was decided: "
        + @"SQLite failed \(SQLite error 19: 'simulated: disk full'\), /\S+/data/state\.db: check the file and the disk$")]
    private static partial Regex NotRecorded();

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task FiresThatCannotSaveTheirAlerts_MakeReadyz503AndTheHeartbeatCritical_UntilTheStoreWritesAgain()
    {
        await using var agent = new DatagramLog();
        await using var slack = new LoopbackSlackServer();
        await using var serve = ServeHarness.Create(Config(), agent.Environment(new Dictionary<string, string> { [Webhook] = slack.Url.ToString() }));
        await BreakWritesAsync(serve, "INSERT ON alert_state");
        var port = ServeHarness.FreePort();
        await serve.StartAsync(healthPort: port, heartbeat: TimeSpan.FromSeconds(1), instanceId: "node-3");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        List<string> problems = [];
        await ServeHarness.WaitUntilAsync(async () => (problems = (await ReadyAsync(http)).Problems).Count > 0, "/readyz says the results are lost");
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, (await ReadyAsync(http)).Status);
        Assert.HasCount(1, problems, string.Join("\n", problems));
        Assert.MatchesRegex(NotRecorded(), problems[0]);
        var (critical, at) = await agent.NextAsync("_sc|customer_data.heartbeat|2|");
        StringAssert.StartsWith(critical, "_sc|customer_data.heartbeat|2|#instance:node-3|m:results of schedule ");
        StringAssert.Contains(critical, "not recorded, so no alert was decided: SQLite failed (SQLite error 19: 'simulated: disk full')");
        Assert.IsEmpty(slack.Posts, "nothing was decided, so nothing was sent");

        await ExecuteAsync(Path.Combine(serve.DataDirectory, "state.db"), "DROP TRIGGER broken_disk");

        await ServeHarness.WaitUntilAsync(async () => (await ReadyAsync(http)).Status == HttpStatusCode.OK, "/readyz 200 once a fire records");
        await ServeHarness.WaitUntilAsync(() => Task.FromResult(slack.Delivered.Count >= 1), "the failure announced once recorded");
        StringAssert.Contains(slack.Delivered[0], "t_rows is CRITICAL");
        var (ok, _) = await agent.NextAsync("_sc|customer_data.heartbeat|0|", at + 1);
        Assert.AreEqual("_sc|customer_data.heartbeat|0|#instance:node-3", ok);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task AnOutboxThatCannotBeUpdated_MakesReadyz503_AndTheMessageLeavesOnceItCan()
    {
        await using var slack = new LoopbackSlackServer();
        await using var serve = ServeHarness.Create(Config(), new Dictionary<string, string> { [Webhook] = slack.Url.ToString() });
        await BreakWritesAsync(serve, "UPDATE ON outbox");
        var port = ServeHarness.FreePort();
        await serve.StartAsync(healthPort: port, heartbeat: TimeSpan.FromHours(1));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        List<string> problems = [];
        await ServeHarness.WaitUntilAsync(
            async () => (problems = (await ReadyAsync(http)).Problems).Any(p => p.StartsWith("Slack delivery failed", StringComparison.Ordinal)),
            "/readyz says the outbox cannot be delivered");
        Assert.AreEqual(
            "Slack delivery failed, the outbox cannot be read or updated: SQLite failed (SQLite error 19: 'simulated: disk full'), "
                + Path.Combine(serve.DataDirectory, "state.db") + ": check the file and the disk",
            problems.Single(p => p.StartsWith("Slack delivery failed", StringComparison.Ordinal)));
        Assert.AreEqual(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode, "alive: the store still answers reads");
        Assert.IsEmpty(slack.Posts);

        await ExecuteAsync(Path.Combine(serve.DataDirectory, "state.db"), "DROP TRIGGER broken_disk");

        await ServeHarness.WaitUntilAsync(() => Task.FromResult(slack.Delivered.Count >= 1), "the waiting message posted");
        await ServeHarness.WaitUntilAsync(async () => (await ReadyAsync(http)).Status == HttpStatusCode.OK, "/readyz 200 once the outbox moves");
        StringAssert.Contains(slack.Delivered[0], "t_rows is CRITICAL");
    }
}

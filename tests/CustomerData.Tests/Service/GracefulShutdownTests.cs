using System.Diagnostics;
using System.Text.Json;
using CustomerData.Checks.Engine;
using CustomerData.Monitors.History;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Service;

/// <summary>SIGTERM to a real `serve` process while a check runs (issue 11 item 3): it keeps the promise of scheduler.shutdown_grace.</summary>
[TestClass]
public sealed class GracefulShutdownTests
{
    private static string Config(string grace, string view) => $$"""
        {
          "defaults": { "schedule": "0/5 * * * * ?", "notify": { "slack": "#alerts" } },
          "notifications": { "slack": { "webhooks": { "#alerts": "SLACK_ALERTS_URL" } } },
          "scheduler": { "instance_name": "{{ServeHarness.UniqueName()}}", "shutdown_grace": "{{grace}}" },
          "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": [
            "CREATE VIEW slow AS SELECT a.range AS n FROM {{view}}"
          ] } },
          "checks": [ { "name": "slow_rows", "type": "volume", "source": "mem", "table": "slow", "critical": { "max": 1 } } ]
        }
        """;

    /// <summary>Sends SIGTERM and waits; the process must exit 0 within a minute. Returns how long it took.</summary>
    private static async Task<TimeSpan> TerminateAsync(ServiceNode node)
    {
        var stopping = Stopwatch.StartNew();
        node.Terminate();
        var exited = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));
        stopping.Stop();
        Assert.IsTrue(exited, "still running 60 s after SIGTERM:\n" + node.Output());
        Assert.AreEqual(0, node.ExitCode, node.Output());
        return stopping.Elapsed;
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task Sigterm_LetsTheRunningCheckFinishWithinTheGrace_RecordsAndAlertsIt_AndExits0()
    {
        await using var slack = new LoopbackSlackServer();
        var (node, directory) = Start("sigterm-finish", Config("20s", "range(40000) a, range(40000) b"), slack);
        using (node)
        {
            var slot = await WaitForStartAsync(node);
            var stopping = await TerminateAsync(node);

            Assert.IsLessThan(20 + 10, stopping.TotalSeconds, "stopped within the grace (and its margin)");
            var results = await ReadAsync(directory, slot);
            Assert.HasCount(1, results, "one result, under the slot the fire was scheduled for");
            Assert.AreEqual(CheckStatus.Critical, results[0].Status);
            Assert.AreEqual(1_600_000_000.0, results[0].Value);
            Assert.IsFalse(node.Output().Contains("cancelling its queries", StringComparison.Ordinal), "the check finished on its own");
            Assert.HasCount(1, slack.Delivered, "the alert was delivered before the process ended");
            StringAssert.Contains(slack.Delivered[0], "slow_rows");
        }

        Directory.Delete(directory, recursive: true);
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task Sigterm_CancelsACheckStillRunningAfterTheGrace_RecordsItUnknownUnderItsSlot_AndExits0()
    {
        await using var slack = new LoopbackSlackServer();
        var (node, directory) = Start("sigterm-cancel", Config("2s", "range(5000000) a, range(5000000) b"), slack);
        using (node)
        {
            var slot = await WaitForStartAsync(node);
            var stopping = await TerminateAsync(node);

            Assert.IsGreaterThanOrEqualTo(2.0, stopping.TotalSeconds, "the check had its whole grace");
            Assert.IsLessThan(2 + 20, stopping.TotalSeconds, "and was then cancelled, not waited for");
            var results = await ReadAsync(directory, slot);
            Assert.HasCount(1, results, "one result, under the slot the fire was scheduled for");
            Assert.AreEqual(CheckStatus.Unknown, results[0].Status);
            Assert.AreEqual("cancelled at shutdown before it was measured", results[0].Message);
            StringAssert.Contains(node.Output(), "still running after the 00:00:02 shutdown grace: cancelling its queries");
        }

        Directory.Delete(directory, recursive: true);
    }

    private static (ServiceNode Node, string Directory) Start(string id, string config, LoopbackSlackServer slack)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("customerdata-shutdown-").FullName;
        var path = Path.Combine(directory, "checks.json");
        File.WriteAllText(path, config);
        var environment = new Dictionary<string, string> { ["SLACK_ALERTS_URL"] = slack.Url.ToString(), ["DOTNET_NOLOGO"] = "1" };
        return (ServiceNode.Start(id, path, Path.Combine(directory, "data"), environment), directory);
    }

    /// <summary>The slot of the first fire, once its job has started measuring.</summary>
    private static async Task<DateTimeOffset> WaitForStartAsync(ServiceNode node)
    {
        JsonElement? started = null;
        await ServeHarness.WaitUntilAsync(
            () =>
            {
                started = node.Logs().Where(l => l.GetProperty("Category").GetString()!.EndsWith("CheckGroupJob", StringComparison.Ordinal)
                    && l.GetProperty("State").TryGetProperty("Slot", out _)).Cast<JsonElement?>().FirstOrDefault();
                return Task.FromResult(started is not null || node.Exited);
            },
            "the slow check to start",
            seconds: 60);
        Assert.IsNotNull(started, "serve ended before the check started:\n" + node.Output());
        // Measuring has begun (the query runs for seconds); the signal lands while it runs.
        await Task.Delay(500);
        var slot = DateTimeOffset.Parse(started.Value.GetProperty("State").GetProperty("Slot").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.AreEqual(0, slot.Second % 5, "a slot of the 5 s schedule");
        return slot;
    }

    private static async Task<IReadOnlyList<HistoryRecord>> ReadAsync(string directory, DateTimeOffset slot)
    {
        var history = await SqliteHistoryStore.OpenAsync(Path.Combine(directory, "data", "state.db"), CancellationToken.None);
        var results = await history.ReadAsync("slow_rows", slot.AddMinutes(-1), CancellationToken.None);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.IsTrue(results.All(r => r.MeasuredAt == slot), string.Join("\n", results.Select(r => $"{r.MeasuredAt:O} {r.Status} {r.Message}")));
        return results;
    }
}

using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;

namespace CustomerData.Tests.Service;

/// <summary>One check that cannot even be planned never stops its schedule: every fire still records every check.</summary>
[TestClass]
public sealed class ScheduleFailureTests
{
    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task ACheckThatCannotBePlanned_IsUnknown_AndItsScheduleKeepsRecordingEveryCheck()
    {
        await using var serve = ServeHarness.Create($$"""
            {
              "defaults": { "schedule": "* * * * * ?" },
              "scheduler": { "instance_name": "{{ServeHarness.UniqueName()}}" },
              "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": ["CREATE TABLE t AS SELECT range AS id, TIMESTAMP '2026-01-01' AS ts FROM range(10)"] } },
              "checks": [
                { "name": "t_rows", "type": "volume", "source": "mem", "table": "t", "critical": { "min": 1 } },
                { "name": "huge_window", "type": "volume", "source": "mem", "table": "t", "time_column": "ts", "window": "1d", "critical": { "min": 1 } }
              ]
            }
            """);
        // 740,000 days reach before year 1: whatever validation says of it, serve must survive a check it cannot plan.
        await serve.StartAsync(adjust: loaded => loaded with
        {
            Config = loaded.Config with
            {
                Checks = [.. loaded.Config.Checks.Select(c => c is VolumeCheckDefinition v && v.Name == "huge_window" ? v with { Window = new Duration(TimeSpan.FromDays(740_000)) } : c)],
            },
        });
        var history = await serve.HistoryAsync();
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);

        await ServeHarness.WaitUntilAsync(async () => (await history.ReadAsync("huge_window", since, CancellationToken.None)).Count >= 3, "three fires of the schedule", seconds: 60);
        var huge = await history.ReadAsync("huge_window", since, CancellationToken.None);
        var rows = await history.ReadAsync("t_rows", since, CancellationToken.None);

        Assert.IsTrue(huge.All(r => r.Status == CheckStatus.Unknown && r.Message.Length > 0), string.Join("\n", huge.Select(r => $"{r.Status} {r.Message}")));
        CollectionAssert.IsSubsetOf(huge.Select(r => r.MeasuredAt).ToList(), rows.Select(r => r.MeasuredAt).ToList(), "every fire recorded the other check of the schedule too");
        // The engine isolates the failure to its own check (the engine's part of the issue); serve's fallback, should the
        // engine still give up on the whole fire, records the others UNKNOWN with the reason rather than nothing.
        Assert.IsTrue(
            rows.All(r => (r.Status == CheckStatus.Ok && r.Value == 10) || (r.Status == CheckStatus.Unknown && r.Message.StartsWith("the run of its schedule failed: ", StringComparison.Ordinal))),
            string.Join("\n", rows.Select(r => $"{r.Status} {r.Message}")));
    }
}

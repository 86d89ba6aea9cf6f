using CustomerData.Checks.Engine;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Engine;

/// <summary>Each check keeps its own timeout while it shares a statement with checks that allow longer.</summary>
[TestClass]
public sealed class DeadlineTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 30, 0, TimeSpan.Zero);

    private static readonly string[] Init = ["CREATE TABLE t AS SELECT range AS id, CASE WHEN range % 4 = 0 THEN NULL ELSE 1 END AS v FROM range(1000)"];

    private const string Checks = """
        [
          { "name": "quick", "type": "volume", "source": "mem", "table": "t", "timeout": "1s", "critical": { "min": 1 } },
          { "name": "patient", "type": "null_rate", "source": "mem", "table": "t", "column": "v", "timeout": "60s", "critical": { "max": 0.5 } }
        ]
        """;

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task OneSecondCheckSharingWithSixtySecondCheck_IsUnknownAtItsOwnDeadline_WhileTheQueryGoesOnForTheOther()
    {
        var config = Configs.InMemory(Init, Checks);
        // The shared read takes 6 s (real clock); the 1 s check is settled at its deadline, not when the read ends
        // (the margin is wide because CI machines are loaded: the point is "well before the read ends").
        var slow = ScriptedSource.Over(config, TimeProvider.System, (_, token) => Task.Delay(TimeSpan.FromSeconds(6), TimeProvider.System, token));

        var results = await ScriptedSource.RunAsync(config, slow, TimeProvider.System, Now);

        Assert.AreEqual(CheckStatus.Unknown, results[0].Status);
        Assert.AreEqual("timed out after 1s; the shared query went on for the checks with longer timeouts", results[0].Message);
        Assert.IsTrue(results[0].Duration >= TimeSpan.FromSeconds(0.9) && results[0].Duration < TimeSpan.FromSeconds(5), $"settled at {results[0].Duration}, its own deadline");
        Assert.AreEqual(CheckStatus.Ok, results[1].Status);
        Assert.AreEqual(0.25, results[1].Value);
        Assert.IsTrue(results[1].Duration >= TimeSpan.FromSeconds(6), results[1].Duration.ToString());
        Assert.IsEmpty(slow.CancelledTables, "the shared query was not cancelled for the quick check");
        Assert.AreSame(results[0].Statement, results[1].Statement, "both were measured with the one shared statement");
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task DeadlinesFollowTheInjectedClock_TheLastOneCancelsTheQuery()
    {
        var config = Configs.InMemory(Init, Checks);
        var time = new FakeTimeProvider(Now);
        // The read never ends by itself: only a cancelled token stops it.
        var endless = ScriptedSource.Over(config, time, (_, token) => Task.Delay(Timeout.InfiniteTimeSpan, token));

        var running = ScriptedSource.RunAsync(config, endless, time, Now);
        await endless.Started.Task;
        time.Advance(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(59));
        var results = await running;

        Assert.AreEqual("timed out after 1s; the shared query went on for the checks with longer timeouts", results[0].Message);
        Assert.AreEqual("timed out after 1m; the query was cancelled", results[1].Message);
        Assert.AreEqual(TimeSpan.FromSeconds(60), results[1].Duration);
        CollectionAssert.AreEqual(new[] { "t" }, endless.CancelledTables);
    }
}

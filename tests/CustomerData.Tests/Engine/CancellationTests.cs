using CustomerData.Checks.Engine;
using CustomerData.Monitors.Cli;
using CustomerData.Tests.Cli;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Engine;

/// <summary>Contract C2: a cancelled run keeps what it measured and marks the rest, and never throws.</summary>
[TestClass]
public sealed class CancellationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 30, 0, TimeSpan.Zero);

    private static readonly string[] Init =
    [
        "CREATE TABLE a AS SELECT range AS id FROM range(700)",
        "CREATE TABLE b AS SELECT range AS id FROM range(800)",
        "CREATE TABLE c AS SELECT range AS id FROM range(900)",
    ];

    private const string Checks = """
        [
          { "name": "rows_a", "type": "volume", "source": "mem", "table": "a", "critical": { "min": 1 } },
          { "name": "rows_b", "type": "volume", "source": "mem", "table": "b", "critical": { "min": 1 } },
          { "name": "rows_c", "type": "volume", "source": "mem", "table": "c", "critical": { "min": 1 } }
        ]
        """;

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task CancelledMidRun_MeasuredChecksKeepTheirValues_TheRestAreUnknownCancelled()
    {
        var config = Configs.InMemory(Init, Checks);
        var time = new FakeTimeProvider(Now);
        using var shutdown = new CancellationTokenSource();
        var reachedB = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Table b's read hangs until shutdown; table c's is never started.
        var source = ScriptedSource.Over(config, time, async (measurement, token) =>
        {
            if (measurement.Table == "b")
            {
                reachedB.SetResult();
                await Task.Delay(Timeout.InfiniteTimeSpan, token);
            }
        });

        var running = ScriptedSource.RunAsync(config, source, time, Now, shutdown.Token);
        await reachedB.Task;
        await shutdown.CancelAsync();
        var results = await running;

        Assert.AreEqual(CheckStatus.Ok, results[0].Status);
        Assert.AreEqual(700.0, results[0].Value);
        foreach (var result in results.Skip(1))
        {
            Assert.AreEqual(CheckStatus.Unknown, result.Status, result.Check.Name);
            Assert.AreEqual("cancelled at shutdown before it was measured", result.Message);
        }

        Assert.AreEqual(2, source.Reads, "table c was never read");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task RunCommand_CtrlC_PrintsAndRecordsWhatWasMeasured()
    {
        var config = CliRunner.WriteConfig("""
            {
              "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": [
                "CREATE TABLE t AS SELECT range AS id FROM range(640)",
                "CREATE VIEW endless AS SELECT a.range AS n FROM range(100000000) a, range(100000000) b"
              ] } },
              "checks": [
                { "name": "quick_rows", "type": "volume", "source": "mem", "table": "t", "critical": { "min": 1 } },
                { "name": "endless_rows", "type": "volume", "source": "mem", "table": "endless", "critical": { "min": 1 } }
              ]
            }
            """);
        var data = CliRunner.NewDataDirectory();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new CliConsole(output, error, new FakeTimeProvider(Now), _ => null);
        using var ctrlC = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        var code = await CliApp.RunAsync(["run", "--config", config, "--data-dir", data], console, ctrlC.Token);

        Assert.AreEqual(3, code, output + error.ToString());
        StringAssert.Contains(output.ToString(), "UNKNOWN endless_rows: cancelled at shutdown before it was measured");
        StringAssert.Contains(output.ToString(), "2 checks: 1 ok, 0 warning, 0 critical, 1 unknown");
        var history = await CliRunner.RunWithAsync(new Dictionary<string, string>(), Now, "history", "--config", config, "--data-dir", data, "--check", "quick_rows");
        StringAssert.Contains(history.Out, "640", "the measured result was recorded");
    }
}

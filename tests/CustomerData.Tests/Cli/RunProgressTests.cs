using System.Text.Json;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sql;
using CustomerData.Monitors.Output;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Cli;

/// <summary>run's progress on standard error: counted as reads finish, the slow read named, never on standard output.</summary>
[TestClass]
[DoNotParallelize]
public sealed class RunProgressTests
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);

    [TestMethod]
    public async Task AskedFor_CountsChecksAsReadsFinish_AtMostOneLineAnInterval_NamesTheSlowRead_AndCloses()
    {
        var time = new FakeTimeProvider(DemoFixture.Now);
        using var error = new StringWriter();
        var progress = new RunProgress(error, time, total: 4, Every, quietFor: TimeSpan.Zero);
        var source = new GatedSource();
        var watched = progress.Watch(source);

        await watched.MeasureAsync(Read("t1", "a", "b"), CancellationToken.None);
        await watched.MeasureAsync(Read("t2", "c"), CancellationToken.None);
        var slow = watched.MeasureAsync(Read("t3", "d"), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));
        time.Advance(Every);
        source.Open.SetResult();
        await slow;
        progress.Done(4);

        Assert.AreEqual(
            "measured 2/4 checks (50%)\n"
            + "measured 3/4 checks (75%); reading src:t3 for 2s\n"
            + "measured 3/4 checks (75%); reading src:t3 for 4s\n"
            + "measured 4/4 checks (100%) in 4s\n",
            error.ToString().ReplaceLineEndings("\n"));
    }

    [TestMethod]
    public async Task OnATerminal_AShortRunPrintsNothing()
    {
        var time = new FakeTimeProvider(DemoFixture.Now);
        using var error = new StringWriter();
        var progress = new RunProgress(error, time, total: 2, Every, quietFor: TimeSpan.FromSeconds(2));
        var watched = progress.Watch(new GatedSource());

        await watched.MeasureAsync(Read("t1", "a"), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        await watched.MeasureAsync(Read("t2", "b"), CancellationToken.None);
        progress.Done(2);

        Assert.AreEqual(string.Empty, error.ToString());
    }

    [TestMethod]
    public async Task RunWithProgress_WritesItToStandardError_AndStandardOutputStaysJson()
    {
        var outcome = await CliRunner.RunAsync("run", "--format", "json", "--progress", "--no-alerts", "--config", CliRunner.RootConfig);

        Assert.AreEqual(1, outcome.ExitCode, outcome.Error);
        var lines = outcome.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.IsTrue(lines.All(l => JsonDocument.Parse(l).RootElement.ValueKind == JsonValueKind.Object), outcome.Out);
        Assert.DoesNotContain("checks (100%)", outcome.Out);
        var progress = outcome.Error.ReplaceLineEndings("\n").Split('\n').Where(l => l.StartsWith("measured ", StringComparison.Ordinal)).ToList();
        StringAssert.Matches(progress[0], new System.Text.RegularExpressions.Regex(@"^measured ([1-9]|1[0-5])/16 checks \(\d+%\)$"));
        StringAssert.StartsWith(progress[^1], "measured 16/16 checks (100%) in ");
    }

    [TestMethod]
    public async Task RunWithoutProgress_WhenStandardErrorIsNoTerminal_PrintsNone()
    {
        var outcome = await CliRunner.RunAsync("run", "--no-alerts", "--config", CliRunner.RootConfig);

        Assert.AreEqual(1, outcome.ExitCode, outcome.Error);
        Assert.DoesNotContain("measured ", outcome.Error);
    }

    private static TableMeasurement Read(string table, params string[] checks) =>
        new("src", table, [new Measure(MeasureFunction.RowCount, RowScope.All)])
        {
            Checks = [.. checks.Select(name => new ServedCheck(new VolumeCheckDefinition { Name = name, Source = "src", Table = table }, [0]))],
        };

    /// <summary>A source whose reads of table t3 wait until <see cref="Open"/> is set.</summary>
    private sealed class GatedSource : IDataSource
    {
        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task OpenAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public IReadOnlyList<string> Describe(TableMeasurement measurement) => [];

        public async Task<MeasurementResult> MeasureAsync(TableMeasurement measurement, CancellationToken cancellationToken)
        {
            if (measurement.Table == "t3")
            {
                await Open.Task;
            }

            return new MeasurementResult([CustomerData.Checks.Values.MeasuredValue.Count(1)]);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

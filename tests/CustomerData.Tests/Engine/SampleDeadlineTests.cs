using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sql;
using CustomerData.Tests.Kinds;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Engine;

/// <summary>A sample that hangs is held to its check's timeout, or ends with the run; the verdict stays, the reason is said.</summary>
[TestClass]
public sealed class SampleDeadlineTests
{
    private static readonly PaymentsTable Payments = new(300, seed: 3);

    private const string Check = """
        [{ "name": "ids_unique", "type": "uniqueness", "source": "mem", "table": "shop.payments", "columns": ["id"], "critical": { "max": 0 },
           "sample_columns": ["id"], "timeout": "1m" }]
        """;

    [TestMethod]
    public async Task HangingSample_TimesOutAfterTheChecksTimeout_ThroughServesLimitedSource()
    {
        var config = Configs.InMemory(Payments.Init(), Check);
        var time = new FakeTimeProvider(PaymentsTable.Now);
        var source = new LimitedDataSource(new HangingSamples(Real(config, time), started: () => time.Advance(TimeSpan.FromMinutes(2))), 1);

        var result = (await RunAsync(config, source, time, CancellationToken.None)).Single();

        Assert.AreEqual(CheckStatus.Critical, result.Status);
        Assert.AreEqual("the sample timed out after 1m", result.Sample!.Error);
        StringAssert.StartsWith(result.Sample.Query, "SELECT CAST(\"id\" AS VARCHAR)\nFROM (");
    }

    [TestMethod]
    public async Task RunCancelledDuringTheSample_ReturnsTheVerdict_WithTheReason()
    {
        var config = Configs.InMemory(Payments.Init(), Check);
        var time = new FakeTimeProvider(PaymentsTable.Now);
        using var shutdown = new CancellationTokenSource();
        var source = new HangingSamples(Real(config, time), started: shutdown.Cancel);

        var result = (await RunAsync(config, source, time, shutdown.Token)).Single();

        Assert.AreEqual(CheckStatus.Critical, result.Status);
        Assert.AreEqual("cancelled at shutdown before the sample was fetched", result.Sample!.Error);
    }

    private static IDataSource Real(MonitorConfig config, TimeProvider time) =>
        Catalog.Default.SourceKindOf(config.Sources["mem"]).Create(config.Sources["mem"], new SourceEnvironment(".", time));

    private static async Task<IReadOnlyList<CheckResult>> RunAsync(MonitorConfig config, IDataSource source, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var sources = new DataSources(new Dictionary<string, IDataSource> { ["mem"] = source });
        return await new CheckEngine(Catalog.Default, sources, time).RunAsync(config, config.Checks, cancellationToken);
    }

    /// <summary>Measures for real; a sample waits until its token is cancelled, after a scripted step.</summary>
    private sealed class HangingSamples(IDataSource inner, Action started) : IDataSource, ISampleSource
    {
        public Task OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

        public IReadOnlyList<string> Describe(TableMeasurement measurement) => inner.Describe(measurement);

        public string Reproduce(TableMeasurement measurement) => inner.Reproduce(measurement);

        public Task<MeasurementResult> MeasureAsync(TableMeasurement measurement, CancellationToken cancellationToken) => inner.MeasureAsync(measurement, cancellationToken);

        public string DescribeSample(SampleRequest request) => ((ISampleSource)inner).DescribeSample(request);

        public async Task<IReadOnlyList<IReadOnlyList<string?>>> SampleAsync(SampleRequest request, CheckDefinition check, CancellationToken cancellationToken)
        {
            started();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return [];
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Kinds;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Values;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Engine;

/// <summary>A check that throws while planned, measured or judged is UNKNOWN alone; a failed shared read costs one more round.</summary>
[TestClass]
public sealed class FailureIsolationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 30, 0, TimeSpan.Zero);

    // 1,000 orders, one a minute back from 10:00; email NULL for every tenth; half in FR.
    private static readonly string[] Init =
    [
        "CREATE SCHEMA shop",
        "CREATE TABLE shop.orders AS SELECT range AS id, TIMESTAMP '2026-11-26 10:00:00' - to_minutes(range) AS created_at, CASE WHEN range % 10 = 0 THEN NULL ELSE 'x' END AS email, CASE WHEN range % 2 = 0 THEN 'FR' ELSE 'DE' END AS country FROM range(1000)",
    ];

    private const string ThreeChecks = """
        [
          { "name": "huge_window", "type": "volume", "source": "mem", "table": "shop.orders", "time_column": "created_at", "window": "1d", "critical": { "min": 1 } },
          { "name": "orders_fr", "type": "volume", "source": "mem", "table": "shop.orders", "filter": "country = 'FR'", "critical": { "min": 1 } },
          { "name": "email_nulls", "type": "null_rate", "source": "mem", "table": "shop.orders", "column": "email", "critical": { "max": 0.5 } }
        ]
        """;

    [TestMethod]
    public async Task WindowThatCannotBePlanned_IsUnknownAlone_AndItsNeighboursOnTheTableReportExactCounts()
    {
        // The loader may refuse such a window; the engine must hold even when a definition slips through.
        var loaded = Configs.InMemory(Init, ThreeChecks);
        var config = loaded with
        {
            Checks = [((VolumeCheckDefinition)loaded.Checks[0]) with { Window = new Duration(TimeSpan.FromDays(740_000)) }, .. loaded.Checks.Skip(1)],
        };
        var time = new FakeTimeProvider(Now);
        var source = new CountingDataSource(ScriptedSource.Over(config, time));

        var results = await ScriptedSource.RunAsync(config, source, time, Now);

        Assert.AreEqual(CheckStatus.Unknown, results[0].Status);
        StringAssert.StartsWith(results[0].Message, "cannot be planned: ArgumentOutOfRangeException: ");
        Assert.IsNull(results[0].Query);
        Assert.AreEqual(500.0, results[1].Value);
        Assert.AreEqual(CheckStatus.Ok, results[1].Status);
        Assert.AreEqual(0.1, results[2].Value);
        Assert.AreEqual(1, source.Queries, "the two neighbours still share one statement");
    }

    [TestMethod]
    public async Task KindThatThrowsWhileJudging_IsUnknownWithTheReason_OthersJudged()
    {
        var config = Configs.InMemory(Init, ThreeChecks);
        var catalog = new Catalog([new FreshnessKind(), new JudgeThrows("orders_fr"), new NullRateKind()], Catalog.Default.SourceKinds);
        var time = new FakeTimeProvider(Now);
        await using var sources = new DataSources(new Dictionary<string, IDataSource> { ["mem"] = ScriptedSource.Over(config, time) });

        var results = await new CheckEngine(catalog, sources, time).RunAsync(config, config.Checks, CancellationToken.None, Now);

        Assert.AreEqual(CheckStatus.Unknown, results[1].Status);
        Assert.AreEqual("cannot be judged: InvalidOperationException: the kind broke on orders_fr", results[1].Message);
        Assert.AreEqual("unknown", results[1].Expected, "the kind cannot even describe its thresholds");
        Assert.AreEqual(1000.0, results[0].Value, "every order lies in the trailing day");
        Assert.AreEqual(0.1, results[2].Value);
        Assert.AreEqual(CheckStatus.Ok, results[2].Status);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task ThirtyChecksOneMisspelledColumn_OneSharedReadThenOneRoundOfThirtyReadsAllInFlightTogether()
    {
        // Column cN is NULL where id % (N + 2) = 0, so its NULL count over ids 0..999 is floor(999 / (N + 2)) + 1.
        var columns = string.Join(", ", Enumerable.Range(0, 30).Select(n => $"CASE WHEN range % {n + 2} = 0 THEN NULL ELSE 1 END AS c{n}"));
        var checks = string.Join(",\n", Enumerable.Range(0, 30).Select(n =>
            $$"""{ "name": "nulls_c{{n}}", "type": "null_rate", "source": "mem", "table": "t", "column": "{{(n == 7 ? "c7x" : "c" + n)}}", "critical": { "max": 0.9 } }"""));
        var config = Configs.InMemory([$"CREATE TABLE t AS SELECT range AS id, {columns} FROM range(1000)"], "[" + checks + "]");
        var time = new FakeTimeProvider(Now);
        // Every read of one check waits until all thirty have been issued: an engine that waited for one read before
        // issuing the next would never get there, and its reads would give up after 20 s.
        var arrived = 0;
        var allIssued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var rounds = ScriptedSource.Over(config, time, async (measurement, token) =>
        {
            if (measurement.Measures.Count <= 2)
            {
                if (Interlocked.Increment(ref arrived) == 30)
                {
                    allIssued.SetResult();
                }

                await allIssued.Task.WaitAsync(TimeSpan.FromSeconds(20), token);
            }
        });
        var counting = new CountingDataSource(rounds);

        var results = await ScriptedSource.RunAsync(config, counting, time, Now);

        Assert.AreEqual(31, counting.Queries, "the shared statement, then each check once");
        Assert.AreEqual(30, rounds.MaxInFlight, "the thirty reads of the isolating round were all in flight at once: one round, not thirty");
        for (var n = 0; n < 30; n++)
        {
            if (n == 7)
            {
                Assert.AreEqual(CheckStatus.Unknown, results[n].Status);
                StringAssert.Contains(results[n].Message, "Referenced column \"c7x\" not found");
                continue;
            }

            Assert.AreEqual(((999 / (n + 2)) + 1) / 1000.0, results[n].Value!.Value, 1e-12, results[n].Check.Name);
            Assert.AreEqual(CheckStatus.Ok, results[n].Status);
        }
    }

    [TestMethod]
    public async Task SourceThatThrowsBeforeReading_MakesItsChecksUnknown_RunDoesNotThrow()
    {
        var config = Configs.InMemory(Init, ThreeChecks);
        var time = new FakeTimeProvider(Now);
        var broken = new ScriptedSource(ScriptedSource.Over(config, time), (_, _) => throw new InvalidOperationException("driver lost its mind"));

        var results = await ScriptedSource.RunAsync(config, broken, time, Now);

        foreach (var result in results)
        {
            Assert.AreEqual(CheckStatus.Unknown, result.Status);
            Assert.AreEqual("InvalidOperationException: driver lost its mind", result.Message);
        }

        Assert.AreEqual(4, broken.Reads, "the shared read, then one round of three");
    }

    /// <summary>The volume kind, except that it throws when asked to judge one named check.</summary>
    private sealed class JudgeThrows(string name) : ICheckKind
    {
        private readonly VolumeKind _inner = new();

        public string TypeName => _inner.TypeName;

        public Type DefinitionType => _inner.DefinitionType;

        public string ValueMetric => _inner.ValueMetric;

        public IReadOnlyList<Measure> Measures(CheckDefinition check, CheckContext context) => _inner.Measures(check, context);

        public string Expected(CheckDefinition check) =>
            check.Name == name ? throw new InvalidOperationException("the kind broke on " + name) : _inner.Expected(check);

        public Evaluation Evaluate(CheckDefinition check, IReadOnlyList<MeasuredValue> values, CheckContext context) =>
            check.Name == name ? throw new InvalidOperationException("the kind broke on " + name) : _inner.Evaluate(check, values, context);

        public IEnumerable<ConfigProblem> Validate(CheckDefinition check, string path, DefaultsDefinition defaults) => _inner.Validate(check, path, defaults);
    }
}

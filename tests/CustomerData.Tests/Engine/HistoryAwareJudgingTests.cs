using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Kinds;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Values;
using CustomerData.Monitors.History;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Engine;

/// <summary>
/// The checks whose kind asks for their past read it once per run, before anything is planned or read; every slice
/// is measured before any check is judged; a history that cannot be read makes only those checks UNKNOWN.
/// </summary>
[TestClass]
public sealed class HistoryAwareJudgingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 30, 0, TimeSpan.Zero);

    private static readonly string[] Init =
    [
        "CREATE SCHEMA shop",
        "CREATE TABLE shop.orders AS SELECT range AS id, CASE WHEN range % 2 = 0 THEN 'FR' ELSE 'DE' END AS country FROM range(1000)",
        "CREATE TABLE shop.refunds AS SELECT range AS id FROM range(40)",
    ];

    private const string Checks = """
        [
          { "name": "orders", "type": "volume", "source": "mem", "table": "shop.orders", "critical": { "min": 1 } },
          { "name": "orders_fr", "type": "volume", "source": "mem", "table": "shop.orders", "filter": "country = 'FR'", "critical": { "min": 1 } },
          { "name": "refunds", "type": "volume", "source": "mem", "table": "shop.refunds", "critical": { "min": 1 } }
        ]
        """;

    [TestMethod]
    public async Task HistoryIsReadOnce_BeforeAnyRead_AndReachesOnlyTheKindsThatAskForIt()
    {
        var config = Configs.InMemory(Init, Checks);
        var time = new FakeTimeProvider(Now);
        var events = new List<string>();
        var source = new ScriptedSource(ScriptedSource.Over(config, time), (m, _) => { lock (events) { events.Add("read " + m.Table); } return Task.CompletedTask; });
        var history = new ScriptedHistory(events)
        {
            ["orders"] = [new PastResult(Now.AddHours(-2), CheckStatus.Ok, 990), new PastResult(Now.AddHours(-1), CheckStatus.Warning, 400)],
            ["refunds"] = [new PastResult(Now.AddHours(-1), CheckStatus.Ok, 41)],
        };
        var catalog = new Catalog([new FreshnessKind(), new Remembering(["orders", "refunds"]), new NullRateKind()], Catalog.Default.SourceKinds);
        await using var sources = new DataSources(new Dictionary<string, IDataSource> { ["mem"] = source });

        var results = await new CheckEngine(catalog, sources, time, history).RunAsync(config, config.Checks, CancellationToken.None, Now);

        CollectionAssert.AreEqual(new[] { "history orders since 2026-11-19T10:30:00Z, refunds since 2026-11-19T10:30:00Z", "read shop.orders", "read shop.refunds" }, events);
        Assert.AreEqual("1,000 rows; 2 earlier results: 990 OK, 400 WARNING", results[0].Message);
        Assert.AreEqual("500 rows; no history asked", results[1].Message);
        Assert.AreEqual("40 rows; 1 earlier results: 41 OK", results[2].Message);
    }

    [TestMethod]
    public async Task HistoryThatCannotBeRead_MakesOnlyTheChecksThatAskedUnknown()
    {
        var config = Configs.InMemory(Init, Checks);
        var time = new FakeTimeProvider(Now);
        var history = new ScriptedHistory([]) { Failure = new IOException("database is locked") };
        var catalog = new Catalog([new FreshnessKind(), new Remembering(["refunds"]), new NullRateKind()], Catalog.Default.SourceKinds);
        await using var sources = new DataSources(new Dictionary<string, IDataSource> { ["mem"] = ScriptedSource.Over(config, time) });

        var results = await new CheckEngine(catalog, sources, time, history).RunAsync(config, config.Checks, CancellationToken.None, Now);

        Assert.AreEqual(CheckStatus.Ok, results[0].Status);
        Assert.AreEqual(CheckStatus.Ok, results[1].Status);
        Assert.AreEqual(CheckStatus.Unknown, results[2].Status);
        Assert.AreEqual("cannot read its history: IOException: database is locked", results[2].Message);
        Assert.IsNull(results[2].Query, "a check that cannot know its past is not read at all");
    }

    [TestMethod]
    public async Task StoredHistory_ReadsWhatTheSqliteStoreRecorded_OldestFirst_SinceTheLookback()
    {
        var directory = Directory.CreateTempSubdirectory("customerdata-history-");
        try
        {
            var store = await SqliteHistoryStore.OpenAsync(Path.Combine(directory.FullName, "state.db"), CancellationToken.None);
            HistoryRecord Record(string check, double value, DateTimeOffset at) =>
                new(check, "volume", "mem", "shop.orders", CheckStatus.Ok, value, "", "", "", 1, null, null, null, null, at);
            await store.AppendAsync([Record("orders", 7, Now.AddDays(-8)), Record("orders", 9, Now.AddHours(-1)), Record("orders", 8, Now.AddDays(-2)), Record("other", 1, Now.AddHours(-1))], CancellationToken.None);

            var past = await new StoredHistory(store).ReadAsync([new HistoryRequest("orders", Now.AddDays(-7)), new HistoryRequest("never", Now.AddDays(-7))], CancellationToken.None);

            CollectionAssert.AreEqual(new double?[] { 8, 9 }, past["orders"].Select(p => p.Value).ToArray());
            Assert.AreEqual(Now.AddDays(-2), past["orders"][0].MeasuredAt);
            Assert.AreEqual(0, past["never"].Count);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(true);
        }
    }

    [TestMethod]
    public void MeasuredValues_AreTyped_AndSayWhatWasExpectedWhenReadAsTheWrongType()
    {
        Assert.AreEqual(1_000L, MeasureFunction.RowCount.Typed(1_000).AsCount());
        Assert.AreEqual(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero), MeasureFunction.NewestEpochMicros.Typed(1_795_687_200_000_000).AsInstant());
        Assert.IsTrue(MeasureFunction.NewestEpochMicros.Typed(null).IsMissing);
        Assert.IsTrue(MeasuredValue.Number(double.NaN).IsMissing, "NaN cannot be judged");
        Assert.AreEqual(2.5, MeasuredValue.Number(2.5).AsNumber());
        Assert.AreEqual(12L, MeasuredValue.Number(12).AsCount());
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => MeasureFunction.NewestEpochMicros.Typed(0).AsCount());
        Assert.AreEqual("the source returned 1970-01-01T00:00:00.0000000Z where a count was expected", error.Message);
        Assert.AreEqual("order_id BIGINT, email VARCHAR", new ColumnsValue([new ColumnType("order_id", "BIGINT"), new ColumnType("email", "VARCHAR")]).ToString());
    }

    /// <summary>The volume kind, reading a week of its own past for the named checks and saying what it saw.</summary>
    private sealed class Remembering(string[] asking) : ICheckKind
    {
        private readonly VolumeKind _inner = new();

        public string TypeName => _inner.TypeName;

        public Type DefinitionType => _inner.DefinitionType;

        public string ValueMetric => _inner.ValueMetric;

        public TimeSpan? HistoryNeeded(CheckDefinition check) => asking.Contains(check.Name) ? TimeSpan.FromDays(7) : null;

        public IReadOnlyList<Measure> Measures(CheckDefinition check, CheckContext context) => _inner.Measures(check, context);

        public string Expected(CheckDefinition check) => _inner.Expected(check);

        public Evaluation Evaluate(CheckDefinition check, IReadOnlyList<MeasuredValue> values, CheckContext context)
        {
            var seen = asking.Contains(check.Name)
                ? $"{context.History.Count} earlier results: " + string.Join(", ", context.History.Select(p => $"{p.Value} {p.Status.ToString().ToUpperInvariant()}"))
                : "no history asked";
            var verdict = _inner.Evaluate(check, values, context);
            return verdict with { Message = $"{verdict.Observed}; {seen}" };
        }

        public IEnumerable<ConfigProblem> Validate(CheckDefinition check, string path, DefaultsDefinition defaults) => _inner.Validate(check, path, defaults);
    }

    /// <summary>History from a dictionary; logs each read into the shared event list, or fails as told.</summary>
    private sealed class ScriptedHistory(List<string> events) : Dictionary<string, IReadOnlyList<PastResult>>, IResultHistory
    {
        public Exception? Failure { get; init; }

        public Task<IReadOnlyDictionary<string, IReadOnlyList<PastResult>>> ReadAsync(IReadOnlyList<HistoryRequest> requests, CancellationToken cancellationToken)
        {
            if (Failure is not null)
            {
                throw Failure;
            }

            lock (events)
            {
                events.Add("history " + string.Join(", ", requests.OrderBy(r => r.Check, StringComparer.Ordinal).Select(r => $"{r.Check} since {r.Since.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}")));
            }

            return Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<PastResult>>>(this.Where(p => requests.Any(r => r.Check == p.Key)).ToDictionary(p => p.Key, p => p.Value));
        }
    }
}

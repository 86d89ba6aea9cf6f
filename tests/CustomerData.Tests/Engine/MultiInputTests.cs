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

/// <summary>
/// A kind plans inputs on several sources and targets: each input folds into the measurement of its source and table
/// with the other checks there, and the check is judged once with its values in input order.
/// </summary>
[TestClass]
public sealed class MultiInputTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 30, 0, TimeSpan.Zero);

    private const string Json = """
        {
          "sources": {
            "ops": { "type": "duckdb", "path": ":memory:", "init": [ "CREATE TABLE orders AS SELECT range AS id FROM range(1000)" ] },
            "warehouse": { "type": "duckdb", "path": ":memory:", "init": [ "CREATE TABLE orders_copy AS SELECT range AS id FROM range(970)" ] }
          },
          "checks": [
            { "name": "orders_volume", "type": "volume", "source": "ops", "table": "orders", "critical": { "min": 1 } },
            { "name": "copy_volume", "type": "volume", "source": "warehouse", "table": "orders_copy", "critical": { "min": 1 } },
            { "name": "orders_copied", "type": "null_rate", "source": "ops", "table": "orders", "column": "id", "critical": { "max": 0.5 } }
          ]
        }
        """;

    [TestMethod]
    public async Task CheckReadingTwoSources_SharesEachSidesStatement_AndIsJudgedWithBothValuesInInputOrder()
    {
        var config = Configs.Valid(Json);
        var time = new FakeTimeProvider(Now);
        var catalog = new Catalog([new FreshnessKind(), new VolumeKind(), new Copied()], Catalog.Default.SourceKinds);
        await using var sources = DataSources.Open(config, catalog, new SourceEnvironment(".", time));
        var ops = new CountingDataSource(sources["ops"]);
        var warehouse = new CountingDataSource(sources["warehouse"]);
        await using var counted = new DataSources(new Dictionary<string, IDataSource> { ["ops"] = ops, ["warehouse"] = warehouse });

        var results = await new CheckEngine(catalog, counted, time).RunAsync(config, config.Checks, CancellationToken.None, Now);

        Assert.AreEqual("left 1,000 rows, right 970 rows (0.03 (3%) missing)", results[2].Message);
        Assert.AreEqual(CheckStatus.Warning, results[2].Status);
        Assert.AreEqual(1000.0, results[0].Value);
        Assert.AreEqual(970.0, results[1].Value);
        Assert.AreEqual(1, ops.Queries, "the left side folds into the statement orders_volume already makes");
        Assert.AreEqual(1, warehouse.Queries, "the right side folds into copy_volume's statement");
        Assert.AreEqual("SELECT\n  count(*) AS m0\nFROM \"orders\";\n\nSELECT\n  count(*) AS m0\nFROM \"orders_copy\";", results[2].Query);
    }

    [TestMethod]
    public async Task OneSideThatCannotBeRead_MakesTheCheckUnknownWithThatSidesReason()
    {
        var config = Configs.Valid(Json.Replace("CREATE TABLE orders_copy", "CREATE TABLE renamed", StringComparison.Ordinal));
        var time = new FakeTimeProvider(Now);
        var catalog = new Catalog([new FreshnessKind(), new VolumeKind(), new Copied()], Catalog.Default.SourceKinds);
        await using var sources = DataSources.Open(config, catalog, new SourceEnvironment(".", time));

        var results = await new CheckEngine(catalog, sources, time).RunAsync(config, config.Checks, CancellationToken.None, Now);

        Assert.AreEqual(CheckStatus.Ok, results[0].Status);
        Assert.AreEqual(CheckStatus.Unknown, results[2].Status);
        StringAssert.StartsWith(results[2].Message, "DuckDBException: Catalog Error: Table with name orders_copy does not exist!");
        Assert.AreEqual(results[1].Message, results[2].Message);
    }

    /// <summary>The null_rate definition reused as "rows of the table against rows of its copy on another source".</summary>
    private sealed class Copied : CheckKind<NullRateCheckDefinition>
    {
        public override string TypeName => "null_rate";

        public override string ValueMetric => "customer_data.test.missing_ratio";

        protected override IReadOnlyList<Measure> Measures(NullRateCheckDefinition check, CheckContext context) => [new Measure(MeasureFunction.RowCount, RowScope.All)];

        protected override IReadOnlyList<Input> Inputs(NullRateCheckDefinition check, CheckContext context) =>
        [
            new Input("ops", new TableTarget("orders"), new Measure(MeasureFunction.RowCount, RowScope.All)),
            new Input("warehouse", new TableTarget("orders_copy"), new Measure(MeasureFunction.RowCount, RowScope.All)),
        ];

        protected override IThreshold Threshold(NullRateCheckDefinition check) => StaticBounds.Ratio(new RatioLimit { Max = 0.01 }, check.Critical);

        protected override Evaluation Evaluate(NullRateCheckDefinition check, IReadOnlyList<MeasuredValue> values, CheckContext context)
        {
            var (left, right) = (values[0].AsCount()!.Value, values[1].AsCount()!.Value);
            var missing = (double)(left - right) / left;
            return new Evaluation(Threshold(check).Judge(missing), missing, "", $"left {ThresholdText.Count(left)} rows, right {ThresholdText.Count(right)} rows ({ThresholdText.Ratio(missing)} missing)", Threshold(check).Expected);
        }

        protected override IEnumerable<ConfigProblem> Validate(NullRateCheckDefinition check, string path, DefaultsDefinition defaults) => [];
    }
}

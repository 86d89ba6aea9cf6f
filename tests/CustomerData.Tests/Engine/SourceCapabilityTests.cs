using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources.DynamoDb;
using CustomerData.Checks.Sql;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Engine;

/// <summary>Sources say what they can measure (Supports) and carry their own hints as typed options of their inputs.</summary>
[TestClass]
public sealed class SourceCapabilityTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task MeasureTheSourceDoesNotSupport_IsUnknownWithTheSourcesReason_AndTheOtherChecksRun()
    {
        var loaded = Configs.InMemory(
            ["CREATE TABLE t AS SELECT range AS id FROM range(7)"],
            """[{ "name": "rows", "type": "volume", "source": "mem", "table": "t", "critical": { "min": 1 } }]""");
        // Built past the loader (which refuses it at "mode"): the planner still asks the source.
        var metadata = (VolumeCheckDefinition)loaded.Checks[0] with { Name = "rows_from_metadata", Mode = MeasureMode.Metadata };
        var config = loaded with { Checks = [loaded.Checks[0], metadata] };

        var results = await Runs.RunAsync(config, new FakeTimeProvider(Now));

        Assert.AreEqual(7, results.Single("rows").Value);
        Assert.AreEqual(CheckStatus.Unknown, results.Single("rows_from_metadata").Status);
        Assert.AreEqual(
            "cannot be planned: NotSupportedException: duckdb sources cannot compute this: duckdb sources have no table metadata "
            + "to answer from (use \"mode\": \"scan\" (the default): DuckDB scans are cheap)",
            results.Single("rows_from_metadata").Message);
    }

    [TestMethod]
    public void Loader_RefusesAnUnsupportedMeasure_AtTheFieldTheSourceNames()
    {
        var errors = Configs.Load("""
            {
              "sources": { "dyn": { "type": "dynamodb", "region": "eu-west-1", "max_read_units_per_second": 50 } },
              "checks": [ { "name": "fresh", "type": "freshness", "source": "dyn", "table": "profiles", "column": "updated_at",
                            "time_format": "iso8601", "mode": "metadata", "critical_after": "1h" } ]
            }
            """).Errors;

        var error = errors.Single(e => e.Path == "$.checks[0].mode");
        Assert.AreEqual("DynamoDB table metadata has no last-modified time", error.Message);
    }

    [TestMethod]
    public void DynamoDbHints_TravelAsTypedOptionsOfItsInputs_SqlInputsCarryNone()
    {
        var config = Configs.Valid("""
            {
              "sources": { "dyn": { "type": "dynamodb", "region": "eu-west-1", "max_read_units_per_second": 50 }, "mem": { "type": "duckdb", "path": ":memory:" } },
              "checks": [
                { "name": "fresh", "type": "freshness", "source": "dyn", "table": "profiles", "column": "updated_at",
                  "time_format": "epoch_millis", "index": "by_time", "partition_key_values": ["all"], "critical_after": "1h" },
                { "name": "emails", "type": "null_rate", "source": "dyn", "table": "profiles", "column": "email", "sample": 500,
                  "critical": { "max": 0.1 } },
                { "name": "sql_fresh", "type": "freshness", "source": "mem", "table": "t", "column": "updated_at", "critical_after": "1h" }
              ]
            }
            """);

        var plan = new Planner(Catalog.Default).Plan(config, config.Checks, Now);

        var dynamo = plan.Single(p => p.Measurement.Source == "dyn").Measurement;
        Assert.AreEqual(new DynamoDbOptions(TimeFormat.EpochMillis, new IndexLookup("by_time", ["all"]), null), dynamo.Measures[0].Options);
        Assert.AreEqual(new DynamoDbOptions(null, null, 500), dynamo.Measures[1].Options);
        Assert.AreEqual(new DynamoDbOptions(null, null, 500), dynamo.Measures[2].Options);
        CollectionAssert.AreEqual(new[] { "fresh", "emails" }, dynamo.Checks.Select(c => c.Check.Name).ToArray());
        Assert.IsNull(plan.Single(p => p.Measurement.Source == "mem").Measurement.Measures.Single().Options);
        Assert.AreEqual(MeasureFunction.NewestEpochMicros, dynamo.Measures[0].Function);
    }
}

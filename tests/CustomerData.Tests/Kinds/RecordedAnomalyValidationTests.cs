using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Kinds;

/// <summary>What validate says of "anomaly" on the kinds that learn from their recorded runs, and on those that cannot.</summary>
[TestClass]
public sealed class RecordedAnomalyValidationTests
{
    private const string Source = """ "sources": { "mem": { "type": "duckdb", "path": ":memory:" } } """;

    [TestMethod]
    [DataRow("""{ "name": "a", "type": "freshness", "source": "mem", "table": "t", "column": "updated_at", "anomaly": {} }""")]
    [DataRow("""{ "name": "a", "type": "uniqueness", "source": "mem", "table": "t", "columns": ["id"], "anomaly": { "direction": "up" } }""")]
    [DataRow("""{ "name": "a", "type": "validity", "source": "mem", "table": "t", "column": "amount", "range": { "min": 0 }, "window": "1d", "time_column": "at", "anomaly": {} }""")]
    [DataRow("""{ "name": "a", "type": "sql", "source": "mem", "table": "t", "query": "SELECT 1 AS x", "anomaly": {} }""")]
    [DataRow("""{ "name": "a", "type": "sql", "source": "mem", "table": "t", "query": "SELECT 1 AS x, 2 AS y", "columns": { "x": {}, "y": { "critical": { "max": 3 } } }, "anomaly": {} }""")]
    [DataRow("""{ "name": "a", "type": "volume", "source": "mem", "table": "t", "anomaly": {} }""")]
    [DataRow("""{ "name": "a", "type": "null_rate", "source": "mem", "table": "t", "column": "email", "anomaly": {} }""")]
    [DataRow("""{ "name": "a", "type": "freshness", "source": "mem", "table": "t", "column": "updated_at", "schedule": "0 0 * * * ?", "anomaly": { "seasonality": "hour_of_day" } }""")]
    public void AnomalyAlone_IsAccepted_WhereTheCheckLearnsFromItsRuns(string check) =>
        Configs.Valid($$"""{ {{Source}}, "checks": [ {{check}} ] }""");

    [TestMethod]
    [DataRow("""{ "name": "a", "type": "schema", "source": "mem", "table": "t", "on_change": "warning", "anomaly": {} }""",
        "$.checks[0].anomaly", "a schema check has no usual range to learn")]
    [DataRow("""{ "name": "a", "type": "reconciliation", "left": { "source": "mem", "table": "a" }, "right": { "source": "mem", "table": "b" }, "critical": { "max": 0.01 }, "anomaly": {} }""",
        "$.checks[0].anomaly", "a reconciliation takes no learned threshold: both sides should agree")]
    [DataRow("""{ "name": "a", "type": "freshness", "source": "mem", "table": "t", "column": "updated_at", "schedule": "0 0 6 * * ?", "anomaly": { "seasonality": "hour_of_day" } }""",
        "$.checks[0].anomaly", "seasonality hour_of_day needs buckets that divide 1h, not 1.00:00:00 (it learns from the check's recorded runs, one bucket per scheduled run, every 1d)")]
    [DataRow("""{ "name": "a", "type": "uniqueness", "source": "mem", "table": "t", "columns": ["id"], "schedule": "* * * * * ?", "anomaly": {} }""",
        "$.checks[0].anomaly", "a learned threshold learns from the check's recorded runs, one per scheduled run, and its schedule runs every 1s: at least 1m apart is needed")]
    [DataRow("""{ "name": "a", "type": "freshness", "source": "mem", "table": "t", "column": "updated_at" }""",
        "$.checks[0]", "a freshness check needs \"warn_after\" or \"critical_after\", or \"anomaly\"")]
    [DataRow("""{ "name": "a", "type": "sql", "source": "mem", "table": "t", "query": "SELECT 1 AS x, 2 AS y", "columns": { "x": {}, "y": {} }, "anomaly": {} }""",
        "$.checks[0].columns.y", "column y has no \"warn\" or \"critical\" bounds")]
    public void WhatCannotWork_IsAPositionedErrorThatSaysWhy(string check, string path, string message)
    {
        var result = Configs.Load($$"""{ {{Source}}, "checks": [ {{check}} ] }""");

        var error = result.Errors.SingleOrDefault(e => e.Path == path) ?? throw new AssertFailedException("no error at " + path + ":\n" + string.Join("\n", result.Errors));
        Assert.StartsWith(message, error.Message);
    }
}

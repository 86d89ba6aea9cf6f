using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.DynamoDb;

/// <summary>What a DynamoDB check or source must say, refused when the configuration loads, with the path and a hint.</summary>
[TestClass]
public sealed class DynamoDbValidationTests
{
    private const string Fresh = "\"name\": \"a\", \"type\": \"freshness\", \"source\": \"dyn\", \"table\": \"profiles\", \"column\": \"updated_at\", \"critical_after\": \"6h\"";
    private const string Volume = "\"name\": \"a\", \"type\": \"volume\", \"source\": \"dyn\", \"table\": \"profiles\", \"critical\": { \"min\": 1 }";
    private const string NullRate = "\"name\": \"a\", \"type\": \"null_rate\", \"source\": \"dyn\", \"table\": \"profiles\", \"column\": \"email\", \"critical\": { \"max\": 0.1 }";

    private static string Config(string check, string source = "\"region\": \"eu-west-1\", \"max_read_units_per_second\": 50") => $$"""
        {
          "sources": { "dyn": { "type": "dynamodb", {{source}} } },
          "checks": [ {{check}} ]
        }
        """;

    [TestMethod]
    public void HyphenatedAndDottedTableNames_AreValidOnDynamoDb()
    {
        var config = Configs.Valid(Config("{\"name\": \"a\", \"type\": \"volume\", \"source\": \"dyn\", \"table\": \"prod-user.profiles_v2\", \"critical\": { \"min\": 1 }}"));

        Assert.AreEqual("prod-user.profiles_v2", config.Checks[0].Table);
    }

    [TestMethod]
    [DataRow("{" + Fresh + "}", "$.checks[0]", "\"time_format\" is required: DynamoDB has no timestamp type, so how \"updated_at\" is stored must be stated", "add \"time_format\"")]
    [DataRow("{" + Fresh + ", \"time_format\": \"epoch_millis\", \"mode\": \"metadata\"}", "$.checks[0].mode", "DynamoDB table metadata has no last-modified time", "make it cheap with \"index\"")]
    [DataRow("{" + Fresh + ", \"time_format\": \"epoch_millis\", \"index\": \"by_time\"}", "$.checks[0].index", "\"index\" needs \"partition_key_values\": a Query reads one partition", "[\"all\"] for a sparse index")]
    [DataRow("{" + Fresh + ", \"time_format\": \"epoch_millis\", \"partition_key_values\": [\"eu\"]}", "$.checks[0].partition_key_values", "\"partition_key_values\" without \"index\" has no effect", "name the index")]
    [DataRow("{" + Volume + ", \"filter\": \"country = 'FR'\"}", "$.checks[0].filter", "DynamoDB checks take no SQL filter", "restrict by time with \"time_column\" and \"window\"")]
    [DataRow("{" + Volume + ", \"mode\": \"metadata\", \"time_column\": \"t\", \"window\": \"1d\", \"time_format\": \"iso8601\"}", "$.checks[0].window", "DescribeTable's ItemCount counts the whole table, not a window", "use \"mode\": \"scan\" for a window")]
    [DataRow("{" + Volume + ", \"time_column\": \"t\", \"window\": \"1d\"}", "$.checks[0]", "\"time_format\" is required: DynamoDB has no timestamp type, so how \"t\" is stored must be stated", "\"epoch_seconds\"")]
    [DataRow("{" + Volume + ", \"time_format\": \"iso8601\"}", "$.checks[0].time_format", "\"time_format\" has no effect without a time attribute", "remove it")]
    [DataRow("{" + NullRate + ", \"sample\": 0}", "$.checks[0].sample", "sample is 0", "a few thousand")]
    [DataRow("{\"name\": \"a\", \"type\": \"volume\", \"source\": \"dyn\", \"table\": \"ab\", \"critical\": { \"min\": 1 }}", "$.checks[0].table", "DynamoDB table names have 3 to 255 characters, \"ab\" has 2", "as DynamoDB shows it")]
    [DataRow("{\"name\": \"a\", \"type\": \"volume\", \"source\": \"dyn\", \"table\": \"user profiles\", \"critical\": { \"min\": 1 }}", "$.checks[0].table", "invalid DynamoDB table name \"user profiles\"", "letters, digits, _, - and .")]
    [DataRow("{" + NullRate + ", \"time_format\": \"epoch_minutes\"}", "$.checks[0].time_format", "unknown value \"epoch_minutes\"", "\"epoch_millis\"")]
    public void CheckMistake_IsReportedAtItsPath(string check, string path, string message, string hint)
    {
        var error = Configs.Load(Config(check)).Errors.Single();

        Assert.AreEqual(path, error.Path);
        Assert.AreEqual(message, error.Message);
        StringAssert.Contains(error.Hint, hint);
    }

    [TestMethod]
    [DataRow("\"region\": \"Ireland\", \"max_read_units_per_second\": 50", "$.sources.dyn.region", "\"Ireland\" is not an AWS region")]
    [DataRow("\"region\": \"eu-west-1\", \"max_read_units_per_second\": 0", "$.sources.dyn.max_read_units_per_second", "max_read_units_per_second is 0")]
    [DataRow("\"region\": \"eu-west-1\", \"max_read_units_per_second\": 50, \"endpoint\": \"localhost:8000\"", "$.sources.dyn.endpoint", "\"localhost:8000\" is not an http or https URL")]
    [DataRow("\"region\": \"eu-west-1\", \"max_read_units_per_second\": 50, \"scan_segments\": 0", "$.sources.dyn.scan_segments", "scan_segments is 0")]
    [DataRow("\"region\": \"eu-west-1\"", "$.sources.dyn", "missing required field \"max_read_units_per_second\"")]
    public void SourceMistake_IsReportedAtItsPath(string source, string path, string message)
    {
        var error = Configs.Load(Config("{" + Volume + "}", source)).Errors.Single();

        Assert.AreEqual(path, error.Path);
        Assert.AreEqual(message, error.Message);
    }

    [TestMethod]
    public void WellFormedChecks_Load_WithTheirDynamoDbFields()
    {
        var config = Configs.Valid(Config($$"""
            {{{Fresh}}, "time_format": "iso8601", "index": "by_time", "partition_key_values": ["eu", "us"] },
            { "name": "b", "type": "null_rate", "source": "dyn", "table": "profiles", "column": "email", "sample": 2000, "time_column": "created_ms", "window": "1d", "time_format": "epoch_millis", "critical": { "max": 0.1 } },
            { "name": "c", "type": "volume", "source": "dyn", "table": "profiles", "mode": "metadata", "critical": { "min": 1 } }
            """, "\"region\": \"eu-west-1\", \"endpoint\": \"http://127.0.0.1:8000\", \"max_read_units_per_second\": 25.5, \"consistent_read\": true"));

        var freshness = (Checks.Definitions.FreshnessCheckDefinition)config.Checks[0];
        Assert.AreEqual("by_time", freshness.Index);
        CollectionAssert.AreEqual(new[] { "eu", "us" }, freshness.PartitionKeyValues!.ToArray());
        Assert.AreEqual(Checks.Definitions.TimeFormat.Iso8601, freshness.TimeFormat);
        Assert.AreEqual(2000, ((Checks.Definitions.NullRateCheckDefinition)config.Checks[1]).Sample);
        var source = (Checks.Sources.DynamoDb.DynamoDbSourceDefinition)config.Sources["dyn"];
        Assert.IsTrue(source.ConsistentRead);
        Assert.AreEqual(25.5, source.MaxReadUnitsPerSecond);
        Assert.AreEqual(4, source.ScanSegments);
    }
}

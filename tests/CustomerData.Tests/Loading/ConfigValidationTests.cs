using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Loading;

/// <summary>Each malformed configuration yields exactly the expected error: its message, JSON path, line and hint.</summary>
[TestClass]
public sealed class ConfigValidationTests
{
    // The check under test always sits alone on line 4.
    private static string WithCheck(string check) => $$"""
        {
          "sources": { "db": { "type": "duckdb", "path": ":memory:" } },
          "checks": [
            {{check}}
          ]
        }
        """;

    private const string Fresh = "\"name\": \"a\", \"type\": \"freshness\", \"source\": \"db\", \"table\": \"t\", \"column\": \"c\"";
    private const string Volume = "\"name\": \"a\", \"type\": \"volume\", \"source\": \"db\", \"table\": \"t\"";
    private const string NullRate = "\"name\": \"a\", \"type\": \"null_rate\", \"source\": \"db\", \"table\": \"t\", \"column\": \"c\"";

    [TestMethod]
    [DataRow("{" + Fresh + ", \"critical_afer\": \"6h\"}", "$.checks[0].critical_afer", "unknown field \"critical_afer\"", "did you mean \"critical_after\"?")]
    [DataRow("{\"type\": \"freshness\", \"source\": \"db\", \"table\": \"t\", \"column\": \"c\", \"critical_after\": \"6h\"}", "$.checks[0]", "missing required field \"name\"", "add \"name\": unique lowercase snake_case")]
    [DataRow("{\"name\": \"a\", \"source\": \"db\", \"table\": \"t\"}", "$.checks[0]", "missing required field \"type\"", "set \"type\" to one of: \"freshness\", \"volume\", \"null_rate\"")]
    [DataRow("{\"name\": \"a\", \"type\": \"freshnes\", \"source\": \"db\", \"table\": \"t\"}", "$.checks[0].type", "unknown type \"freshnes\"", "did you mean \"freshness\"?")]
    [DataRow("{\"name\": \"a\", \"type\": 3, \"source\": \"db\", \"table\": \"t\"}", "$.checks[0].type", "unknown type \"3\"", "expected one of: \"freshness\", \"volume\", \"null_rate\"")]
    [DataRow("{\"name\": \"a\", \"type\": \"freshness\", \"table\": \"t\", \"column\": \"c\", \"critical_after\": \"6h\"}", "$.checks[0]", "missing required field \"source\"", "add \"source\": the name of a source")]
    [DataRow("{\"name\": \"a\", \"type\": \"freshness\", \"source\": \"db\", \"column\": \"c\", \"critical_after\": \"6h\"}", "$.checks[0]", "missing required field \"table\"", "add \"table\": the table, as dotted identifiers")]
    [DataRow("{\"name\": \"a\", \"type\": \"freshness\", \"source\": \"db\", \"table\": \"t\", \"critical_after\": \"6h\"}", "$.checks[0]", "a freshness check needs \"column\": the timestamp whose newest value is measured", "add \"column\": \"updated_at\", or use \"mode\": \"metadata\"")]
    [DataRow("{\"name\": \"a\", \"type\": \"freshness\", \"source\": \"db\", \"table\": 5, \"column\": \"c\", \"critical_after\": \"6h\"}", "$.checks[0].table", "expected a string, found the number 5", "The table, as dotted identifiers")]
    [DataRow("{" + Fresh + ", \"critical_after\": \"6h\", \"enabled\": \"yes\"}", "$.checks[0].enabled", "expected true or false, found the string \"yes\"", "Whether the check runs")]
    [DataRow("{" + Fresh + ", \"critical_after\": \"6h\", \"tags\": \"domain:sales\"}", "$.checks[0].tags", "expected an array, found the string \"domain:sales\"", "Tags such as")]
    [DataRow("{" + Fresh + ", \"critical_after\": \"6h\", \"tags\": [1]}", "$.checks[0].tags[0]", "expected a string, found the number 1", null)]
    [DataRow("{" + Fresh + ", \"critical_after\": \"2 hours\"}", "$.checks[0].critical_after", "invalid duration \"2 hours\"", "write a number and a unit")]
    [DataRow("{" + Fresh + ", \"critical_after\": 7200}", "$.checks[0].critical_after", "expected a string, found the number 7200", "CRITICAL when the newest row is older than this")]
    [DataRow("{\"name\": \"Orders-Freshness\", \"type\": \"freshness\", \"source\": \"db\", \"table\": \"t\", \"column\": \"c\", \"critical_after\": \"6h\"}", "$.checks[0].name", "invalid check name \"Orders-Freshness\"", "use lowercase snake_case, such as \"orders_freshness\"")]
    [DataRow("{\"name\": \"a\", \"type\": \"freshness\", \"source\": \"dbb\", \"table\": \"t\", \"column\": \"c\", \"critical_after\": \"6h\"}", "$.checks[0].source", "unknown source \"dbb\"", "did you mean \"db\"? (sources are defined under \"sources\")")]
    [DataRow("{\"name\": \"a\", \"type\": \"freshness\", \"source\": \"db\", \"table\": \"sales orders\", \"column\": \"c\", \"critical_after\": \"6h\"}", "$.checks[0].table", "invalid table name \"sales orders\"", "use dotted identifiers")]
    [DataRow("{\"name\": \"a\", \"type\": \"freshness\", \"source\": \"db\", \"table\": \"t\", \"column\": \"updated-at\", \"critical_after\": \"6h\"}", "$.checks[0].column", "invalid column name \"updated-at\"", "use dotted identifiers")]
    [DataRow("{" + Fresh + ", \"critical_after\": \"6h\", \"filter\": \"1=1; DROP TABLE t\"}", "$.checks[0].filter", "the filter holds \";\", which ends a statement: a filter is one expression (at character 4 of the filter)", "such as \"country = 'FR' AND status <> 'test'\"")]
    [DataRow("{" + Fresh + ", \"critical_after\": \"6h\", \"schedule\": \"every 5 minutes\"}", "$.checks[0].schedule", "invalid cron expression \"every 5 minutes\"", "Quartz cron has seconds first")]
    [DataRow("{" + Fresh + "}", "$.checks[0]", "a freshness check needs \"warn_after\" or \"critical_after\"", "add \"critical_after\": \"6h\"")]
    [DataRow("{" + Fresh + ", \"warn_after\": \"6h\", \"critical_after\": \"2h\"}", "$.checks[0].warn_after", "warn_after (6h) must be shorter than critical_after (2h)", "WARNING fires before CRITICAL")]
    [DataRow("{" + Volume + ", \"warn\": {\"min\": 10}, \"critical\": {\"min\": 100}}", "$.checks[0].critical.min", "critical.min (100) is above warn.min (10)", "make critical.min the smaller number")]
    [DataRow("{" + Volume + ", \"warn\": {\"max\": 100}, \"critical\": {\"max\": 10}}", "$.checks[0].critical.max", "critical.max (10) is below warn.max (100)", "make critical.max the larger number")]
    [DataRow("{" + Volume + ", \"warn\": {\"min\": 100, \"max\": 10}}", "$.checks[0].warn.min", "warn.min (100) is above warn.max (10)", "must not exceed max")]
    [DataRow("{" + Volume + ", \"warn\": {}}", "$.checks[0].warn", "\"warn\" sets neither min nor max", "give it \"min\", \"max\" or both")]
    [DataRow("{" + Volume + "}", "$.checks[0]", "a volume check needs \"warn\" or \"critical\" bounds", "add \"critical\": { \"min\": 1 }")]
    [DataRow("{" + Volume + ", \"window\": \"1d\", \"critical\": {\"min\": 1}}", "$.checks[0]", "\"window\" needs \"time_column\"", "name the timestamp column")]
    [DataRow("{" + Volume + ", \"time_column\": \"ts\", \"critical\": {\"min\": 1}}", "$.checks[0].time_column", "\"time_column\" without \"window\" has no effect", "add a window such as")]
    [DataRow("{" + NullRate + ", \"critical\": {\"max\": 5}}", "$.checks[0].critical.max", "critical.max is 5, but a null rate lies between 0 and 1", "0.05 means 5%")]
    [DataRow("{" + NullRate + ", \"warn\": {\"max\": 0.2}, \"critical\": {\"max\": 0.1}}", "$.checks[0].warn.max", "warn.max (0.2) is above critical.max (0.1)", "make warn.max the smaller ratio")]
    [DataRow("{" + NullRate + ", \"min_rows\": 1.5, \"critical\": {\"max\": 0.1}}", "$.checks[0].min_rows", "expected a whole number, found the number 1.5", "Below this many rows")]
    [DataRow("{" + NullRate + ", \"critical\": {\"max\": \"0.1\"}}", "$.checks[0].critical.max", "expected a number, found the string \"0.1\"", "The largest acceptable ratio")]
    [DataRow("{" + NullRate + ", \"critical\": {\"max\": 0.1, \"min\": 0}}", "$.checks[0].critical.min", "unknown field \"min\"", "did you mean \"max\"?")]
    [DataRow("{" + NullRate + ", \"critical\": {}}", "$.checks[0].critical", "missing required field \"max\"", "add \"max\": the largest acceptable ratio")]
    [DataRow("{" + Volume + ", \"time_column\": \"ts\", \"window\": \"1d\", \"window_alignment\": \"rolling\", \"critical\": {\"min\": 1}}", "$.checks[0].window_alignment", "unknown value \"rolling\"", "expected one of: \"trailing\", \"complete\"")]
    [DataRow("{" + Volume + ", \"time_column\": \"ts\", \"window\": \"7h\", \"window_alignment\": \"complete\", \"critical\": {\"min\": 1}}", "$.checks[0].window", "window \"7h\" does not cut a day into complete buckets", "use whole days or a window that divides 24h")]
    [DataRow("{\"name\": \"a\", \"type\": \"freshness\", \"source\": \"db\", \"table\": null, \"column\": \"c\", \"critical_after\": \"6h\"}", "$.checks[0].table", "expected a string, found null", "The table, as dotted identifiers")]
    [DataRow("{" + Fresh + ", \"critical_after\": \"${MISSING_LAG}\"}", "$.checks[0].critical_after", "environment variable MISSING_LAG is not set", "set MISSING_LAG, or give a default with ${MISSING_LAG:-value}")]
    [DataRow("{" + Fresh + ", \"critical_after\": \"6h\", \"filter\": \"  \"}", "$.checks[0].filter", "the filter is empty", "remove \"filter\" to check every row")]
    [DataRow("{" + Volume + ", \"mode\": \"metadata\", \"critical\": {\"min\": 1}}", "$.checks[0].mode", "duckdb sources have no table metadata to answer from", "use \"mode\": \"scan\"")]
    [DataRow("{" + Fresh + ", \"mode\": \"meta\", \"critical_after\": \"6h\"}", "$.checks[0].mode", "unknown value \"meta\"", "expected one of: \"scan\", \"metadata\"")]
    [DataRow("{" + Fresh + ", \"critical_after\": \"6h\", \"muted_until\": \"next tuesday\"}", "$.checks[0].muted_until", "invalid date and time \"next tuesday\"", "write ISO 8601 with an offset")]
    [DataRow("{" + Fresh + ", \"critical_after\": \"6h\", \"alert_after\": 0}", "$.checks[0].alert_after", "alert_after is 0", "alert after 1 or more")]
    [DataRow("{" + Fresh + ", \"critical_after\": \"6h\", \"notify\": {\"slack\": \"#a\", \"template\": {}}}", "$.checks[0].notify.template", "unknown field \"template\"", "did you mean \"templates\"?")]
    public void CheckWithOneMistake_ReportsExactlyThatMistakeOnItsLine(string check, string path, string message, string? hint)
    {
        var result = Configs.Load(WithCheck(check));

        Assert.IsFalse(result.IsValid);
        var error = result.Errors.Single();
        Assert.AreEqual("checks.json", error.File);
        Assert.AreEqual(path, error.Path);
        Assert.AreEqual(4, error.Line);
        Assert.StartsWith(message, error.Message);
        if (hint is not null)
        {
            Assert.Contains(hint, error.Hint ?? string.Empty);
        }
    }

    [TestMethod]
    [DataRow("{\n  \"sources\": {}\n  \"checks\": []\n}", "malformed JSON: '\"' is invalid after a value. Expected either ',', '}', or ']'", 3, 3)]
    [DataRow("[]", "expected an object, found an array", 1, 1)]
    [DataRow("{\n  \"sources\": {}\n}", "missing required field \"checks\"", 1, 1)]
    [DataRow("{\n  \"defaults\": { \"timezone\": \"Europe/Pariss\" },\n  \"sources\": {},\n  \"checks\": []\n}", "unknown time zone \"Europe/Pariss\"", 2, 17)]
    [DataRow("{\n  \"defaults\": { \"schedul\": \"0 0 * * * ?\" },\n  \"sources\": {},\n  \"checks\": []\n}", "unknown field \"schedul\"", 2, 17)]
    [DataRow("{\n  \"defaults\": { \"alert_after\": 0 },\n  \"sources\": {},\n  \"checks\": []\n}", "alert_after is 0", 2, 17)]
    [DataRow("{\n  \"sources\": {\n    \"pg\": { \"type\": \"snowflake\" }\n  },\n  \"checks\": []\n}", "unknown type \"snowflake\"", 3, 13)]
    [DataRow("{\n  \"sources\": {\n    \"db\": { \"type\": \"duckdb\" }\n  },\n  \"checks\": []\n}", "missing required field \"path\"", 3, 5)]
    [DataRow("{\n  \"sources\": {\n    \"db\": { \"type\": \"duckdb\", \"path\": \"x.duckdb\", \"init\": [\"CREATE TABLE t (a INT)\"] }\n  },\n  \"checks\": []\n}", "\"init\" is only allowed with \"path\": \":memory:\"", 3, 51)]
    [DataRow("{\n  \"sources\": {\n    \"my db\": { \"type\": \"duckdb\", \"path\": \":memory:\" }\n  },\n  \"checks\": []\n}", "invalid source name \"my db\"", 3, 5)]
    [DataRow("{\n  \"sources\": {},\n  \"sources\": {},\n  \"checks\": []\n}", "field \"sources\" appears twice in the same object", 3, 3)]
    [DataRow("{\n  \"notifications\": { \"slack\": { \"webhooks\": { \"#alerts\": \"https://hooks.slack.com/services/T/B/x\" } } },\n  \"sources\": {},\n  \"checks\": []\n}", "a webhook URL is a secret and must not be written in checks.json", 2, 47)]
    [DataRow("{\n  \"notifications\": { \"slack\": { \"digest_after\": 0 } },\n  \"sources\": {},\n  \"checks\": []\n}", "digest_after is 0", 2, 33)]
    public void DocumentWithOneMistake_ReportsItsLineAndColumn(string json, string message, int line, int column)
    {
        var error = Configs.Load(json).Errors.Single();

        Assert.StartsWith(message, error.Message);
        Assert.AreEqual((line, column), (error.Line, error.Column));
    }

    [TestMethod]
    public void DuplicateCheckNames_PointAtTheSecondAndNameTheFirstLine()
    {
        var check = "{\"name\": \"orders\", \"type\": \"volume\", \"source\": \"db\", \"table\": \"t\", \"critical\": {\"min\": 1}}";
        var result = Configs.Load(WithCheck(check + ",\n    " + check));

        var error = result.Errors.Single();
        Assert.AreEqual("$.checks[1].name", error.Path);
        Assert.AreEqual(5, error.Line);
        Assert.AreEqual("duplicate check name \"orders\"", error.Message);
        Assert.AreEqual("names must be unique; \"orders\" is first defined at line 4", error.Hint);
    }

    [TestMethod]
    public void SeveralMistakes_AreAllReportedAtOnceInLineOrder()
    {
        var json = """
            {
              "defaults": { "schedule": "0 */15 * * *" },
              "sources": { "db": { "type": "duckdb", "path": ":memory:" } },
              "checks": [
                { "name": "a", "type": "freshness", "source": "db", "table": "t", "column": "c", "critical_afer": "6h" },
                { "name": "a", "type": "volume", "source": "dbb", "table": "t", "critical": { "min": 1 } },
                { "name": "b", "type": "null_rate", "source": "db", "table": "t", "column": "c", "window": "1 day", "critical": { "max": 0.1 } }
              ]
            }
            """;

        var errors = Configs.Load(json).Errors;

        CollectionAssert.AreEqual(
            new[] { "$.defaults.schedule", "$.checks[0].critical_afer", "$.checks[1].name", "$.checks[1].source", "$.checks[2].window" },
            errors.Select(e => e.Path).ToArray());
        CollectionAssert.AreEqual(new[] { 2, 5, 6, 6, 7 }, errors.Select(e => e.Line).ToArray());
    }

    [TestMethod]
    public void ErrorText_NamesFileLineColumnPathAndHint()
    {
        var error = Configs.Load(WithCheck("{" + Fresh + ", \"critical_afer\": \"6h\"}")).Errors.Single();

        Assert.AreEqual(
            "checks.json:4:85: $.checks[0].critical_afer: unknown field \"critical_afer\"\n    hint: did you mean \"critical_after\"?",
            error.ToString());
    }
}

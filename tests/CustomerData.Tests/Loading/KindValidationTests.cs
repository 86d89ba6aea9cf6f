using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Loading;

/// <summary>Uniqueness, validity and sample settings: each mistake is one error at its field, with its line and hint.</summary>
[TestClass]
public sealed class KindValidationTests
{
    // The check under test always sits alone on line 4.
    private static string WithCheck(string check, string source = "{ \"type\": \"duckdb\", \"path\": \":memory:\" }") => $$"""
        {
          "sources": { "db": {{source}} },
          "checks": [
            {{check}}
          ]
        }
        """;

    private const string Unique = "\"name\": \"u\", \"type\": \"uniqueness\", \"source\": \"db\", \"table\": \"t\", \"critical\": { \"max\": 0 }";
    private const string Valid = "\"name\": \"v\", \"type\": \"validity\", \"source\": \"db\", \"table\": \"t\", \"column\": \"c\", \"critical\": { \"max\": 0 }";

    [TestMethod]
    [DataRow("{" + Valid + ", \"acepted_values\": [\"a\"]}", "$.checks[0].acepted_values", "unknown field \"acepted_values\"", "did you mean \"accepted_values\"?")]
    [DataRow("{" + Valid + "}", "$.checks[0]", "a validity check needs one rule: \"accepted_values\", \"range\", \"pattern\" or \"condition\"", "\"range\": { \"min\": 0 }")]
    [DataRow("{" + Valid + ", \"accepted_values\": [\"a\"], \"pattern\": \"^a$\"}", "$.checks[0].pattern", "a validity check takes exactly one rule, and this one also has \"accepted_values\"", "split it into two validity checks")]
    [DataRow("{" + Valid + ", \"pattern\": \"^(?=.*@).+$\"}", "$.checks[0].pattern", "RE2, the regular expression engine of DuckDB and BigQuery, refuses the pattern: invalid perl operator: (?= (at character 2 of the pattern)", "no lookahead, lookbehind or backreference")]
    [DataRow("{" + Valid + ", \"pattern\": \"^(a)\\\\1$\"}", "$.checks[0].pattern", "RE2, the regular expression engine of DuckDB and BigQuery, refuses the pattern: invalid escape sequence: \\1 (at character 5 of the pattern)", null)]
    [DataRow("{" + Valid + ", \"pattern\": \"[a-\"}", "$.checks[0].pattern", "RE2, the regular expression engine of DuckDB and BigQuery, refuses the pattern: missing ]: [a- (at character 1 of the pattern)", null)]
    [DataRow("{" + Valid + ", \"condition\": \"read_csv('/etc/passwd') IS NOT NULL\"}", "$.checks[0].condition", "the condition calls read_csv, which is not an allowed function (at character 1 of the condition)", "held to the rules of filters")]
    [DataRow("{" + Valid + ", \"condition\": \"c > 0) OR (1 = 1\"}", "$.checks[0].condition", "the condition closes a parenthesis it did not open, so it is not one expression", null)]
    [DataRow("{" + Valid + ", \"accepted_values\": [\"a\", 1]}", "$.checks[0].accepted_values[1]", "accepted_values mixes strings and numbers", "only strings or only numbers")]
    [DataRow("{" + Valid + ", \"accepted_values\": [true]}", "$.checks[0].accepted_values[0]", "an accepted value is a string or a number, not true", null)]
    [DataRow("{" + Valid + ", \"accepted_values\": []}", "$.checks[0].accepted_values", "accepted_values is empty, so every value would be invalid", null)]
    [DataRow("{" + Valid + ", \"range\": { \"min\": 10, \"max\": 1 }}", "$.checks[0].range.min", "range.min (10) is above range.max (1)", null)]
    [DataRow("{" + Valid + ", \"range\": { }}", "$.checks[0].range", "range needs \"min\" or \"max\"", null)]
    [DataRow("{" + Unique + ", \"columns\": []}", "$.checks[0].columns", "columns is empty: a uniqueness check needs the key it counts", "\"columns\": [\"order_id\"]")]
    [DataRow("{" + Unique + ", \"columns\": [\"a\", \"a\"]}", "$.checks[0].columns[1]", "\"a\" is named twice in the key", null)]
    [DataRow("{" + Unique + ", \"columns\": [\"a b\"]}", "$.checks[0].columns[0]", "invalid column name \"a b\"", null)]
    [DataRow("{\"name\": \"u\", \"type\": \"uniqueness\", \"source\": \"db\", \"table\": \"t\", \"critical\": { \"max\": 0 }}", "$.checks[0]", "missing required field \"columns\"", null)]
    [DataRow("{" + Unique + ", \"columns\": [\"a\"], \"sample_columns\": [\"a\"], \"pii_columns\": [\"email\"]}", "$.checks[0].pii_columns[0]", "\"email\" is not one of sample_columns", "list it in sample_columns too")]
    [DataRow("{" + Unique + ", \"columns\": [\"a\"], \"sample_columns\": [\"email\"], \"pii_columns\": [\"email\"]}", "$.checks[0].pii_columns", "every sample column is personal data, so a sample would show nothing", null)]
    [DataRow("{" + Unique + ", \"columns\": [\"a\"], \"sample_columns\": [\"a\"], \"sample_size\": 101}", "$.checks[0].sample_size", "sample_size is 101", "fetch 1 to 100 rows")]
    [DataRow("{" + Unique + ", \"columns\": [\"a\"], \"sample_columns\": [\"*\"]}", "$.checks[0].sample_columns[0]", "invalid column name \"*\"", null)]
    [DataRow("{" + Unique + ", \"columns\": [\"a\"], \"sample_size\": 10}", "$.checks[0]", "pii_columns and sample_size have no effect without sample_columns", null)]
    public void CheckWithOneMistake_ReportsExactlyThatMistakeOnItsLine(string check, string path, string message, string? hint)
    {
        var result = Configs.Load(WithCheck(check));

        Assert.IsFalse(result.IsValid);
        var error = result.Errors.Single();
        Assert.AreEqual(path, error.Path);
        Assert.AreEqual(4, error.Line);
        Assert.StartsWith(message, error.Message);
        if (hint is not null)
        {
            Assert.Contains(hint, error.Hint ?? string.Empty);
        }
    }

    [TestMethod]
    public void BadPattern_IsPrintedWithFileLineColumnAndPath()
    {
        var error = Configs.Load(WithCheck("{" + Valid + ", \"pattern\": \"(?<!x)y\"}")).Errors.Single();

        Assert.AreEqual(
            "checks.json:4:110: $.checks[0].pattern: RE2, the regular expression engine of DuckDB and BigQuery, refuses the pattern: invalid perl operator: (?< (at character 1 of the pattern)\n"
            + "    hint: RE2 has no lookahead, lookbehind or backreference; anchor with ^ and $, such as \"^[^@ ]+@[^@ ]+\\.[a-z]+$\"",
            error.ToString());
    }

    [TestMethod]
    public void DynamoDb_RefusesUniquenessValidityAndSamples_WithTheReason()
    {
        var dynamo = "{ \"type\": \"dynamodb\", \"region\": \"eu-west-1\", \"max_read_units_per_second\": 10 }";

        var unique = Configs.Load(WithCheck("{\"name\": \"u\", \"type\": \"uniqueness\", \"source\": \"db\", \"table\": \"orders\", \"columns\": [\"id\"], \"critical\": { \"max\": 0 }}", dynamo)).Errors;
        var nulls = Configs.Load(WithCheck("{\"name\": \"n\", \"type\": \"null_rate\", \"source\": \"db\", \"table\": \"orders\", \"column\": \"c\", \"critical\": { \"max\": 0.1 }, \"sample_columns\": [\"id\"]}", dynamo)).Errors;

        Assert.AreEqual("$.checks[0].type: DynamoDB sources compute no uniqueness or validity: a budgeted scan counts items and NULLs, not distinct keys or values breaking a rule", unique.Single().Path + ": " + unique.Single().Message);
        Assert.AreEqual("$.checks[0].sample_columns: dynamodb sources fetch no failed-row samples", nulls.Single().Path + ": " + nulls.Single().Message);
    }
}

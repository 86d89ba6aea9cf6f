using CustomerData.Tests.Cli;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Postgres;

/// <summary>
/// What validate says about postgres sources: locally (a connection string written in checks.json, metadata mode, a
/// table PostgreSQL cannot name), and with --remote against the run's PostgreSQL (missing tables and columns, a time
/// column that holds no instants, a filter naming a missing column), each at its JSON path and line.
/// </summary>
[TestClass]
public sealed class PostgresSourceValidationTests
{
    [TestMethod]
    public void AConnectionStringWrittenInChecksJson_IsRefusedAtItsLine_WithoutRepeatingIt()
    {
        var json = """
            {
              "sources": {
                "pg": { "type": "postgres", "connection_string_env": "Host=db.internal;Username=monitor;Password=hunter2" },
                "url": { "type": "postgres", "connection_string_env": "postgres://monitor:hunter2@db.internal/shop" },
                "odd": { "type": "postgres", "connection_string_env": "my variable" }
              },
              "checks": []
            }
            """;

        var errors = Configs.Load(json).Errors;

        Assert.AreEqual(
            """
            checks.json:3:33: $.sources.pg.connection_string_env: a connection string is a secret and must not be written in checks.json
                hint: put the connection string in an environment variable and name the variable here, such as "CUSTOMERDATA_PG_WAREHOUSE"
            checks.json:4:34: $.sources.url.connection_string_env: a connection string is a secret and must not be written in checks.json
                hint: put the connection string in an environment variable and name the variable here, such as "CUSTOMERDATA_PG_WAREHOUSE"
            checks.json:5:34: $.sources.odd.connection_string_env: this is not an environment variable name (letters, digits and _, not starting with a digit); its text is not repeated here, as it may be a secret
                hint: put the connection string in an environment variable and name the variable here, such as "CUSTOMERDATA_PG_WAREHOUSE"
            """.ReplaceLineEndings("\n"),
            string.Join("\n", errors));
        Assert.IsFalse(errors.Any(e => e.ToString().Contains("hunter2", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void AnEnvironmentFieldWrittenAsAVariableReference_NeverRepeatsTheExpandedSecret()
    {
        // ${VAR} is expanded before validation: a secret without the marks of a URL or a connection string (a bare
        // password, a key) was repeated in the error as "<secret>" is not an environment variable name.
        var environment = new Dictionary<string, string> { ["PG_PASSWORD"] = "hunter2 !x", ["KEY"] = "-----BEGIN PRIVATE KEY-----", ["HOOK"] = "T000/B000 xyz" };
        var json = """
            {
              "notifications": { "slack": { "webhooks": { "#alerts": "${HOOK}" } } },
              "sources": {
                "pg": { "type": "postgres", "connection_string_env": "${PG_PASSWORD}" },
                "bq": { "type": "bigquery", "project": "acme-data", "key_file_env": "${KEY}" }
              },
              "checks": []
            }
            """;

        var errors = Configs.Load(json, environment).Errors.Select(e => e.ToString()).ToList();

        Assert.AreEqual(3, errors.Count, string.Join("\n", errors));
        Assert.IsTrue(errors.All(e => e.Contains("this is not an environment variable name", StringComparison.Ordinal)), string.Join("\n", errors));
        foreach (var secret in environment.Values)
        {
            Assert.IsFalse(errors.Any(e => e.Contains(secret, StringComparison.Ordinal) || e.Contains(secret.Split(' ')[0], StringComparison.Ordinal)), secret);
        }
    }

    [TestMethod]
    public void MetadataMode_AThreePartTable_AndABackslash_AreRefusedWithTheReason()
    {
        var errors = Configs.Load(PostgresShop.Json("""
            [
              { "name": "rows", "type": "volume", "source": "pg", "table": "shop.orders", "mode": "metadata", "critical": { "min": 1 } },
              { "name": "far", "type": "volume", "source": "pg", "table": "other_db.shop.orders", "critical": { "min": 1 } },
              { "name": "escaped", "type": "volume", "source": "pg", "table": "shop.orders", "filter": "email LIKE '%\\_%'", "critical": { "min": 1 } }
            ]
            """)).Errors;

        Assert.AreEqual(
            """
            $.checks[0].mode: postgres sources have no table metadata to answer from: PostgreSQL keeps no modification time, and its row counts (pg_class.reltuples) are planner estimates
            $.checks[1].table: a PostgreSQL table is "schema.table" or "table", not "other_db.shop.orders"
            $.checks[2].filter: the filter holds a backslash, which PostgreSQL reads as an escape in strings and DuckDB's parser does not (at character 14 of the filter)
            """.ReplaceLineEndings("\n"),
            string.Join("\n", errors.Select(e => $"{e.Path}: {e.Message}")));
    }

    [TestMethod]
    public async Task ValidateRemote_NamesMissingTablesAndColumns_WithTheirPathAndLine()
    {
        await using var db = await PostgresShop.CreateAsync(nameof(PostgresSourceValidationTests));
        var variable = "CUSTOMERDATA_TEST_PG_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, db.ConnectionString);
        try
        {
            var path = CliRunner.WriteConfig(PostgresShop.Json("""
                [
                  { "name": "ok", "type": "freshness", "source": "pg", "table": "shop.orders", "column": "created_at", "critical_after": "1d" },
                  { "name": "typo", "type": "null_rate", "source": "pg", "table": "shop.orders", "column": "emial", "critical": { "max": 0.5 } },
                  { "name": "gone", "type": "volume", "source": "pg", "table": "shop.ordres", "critical": { "min": 1 } },
                  { "name": "not_ts", "type": "freshness", "source": "pg", "table": "shop.orders", "column": "country", "critical_after": "1d" },
                  { "name": "bad_filter", "type": "volume", "source": "pg", "table": "shop.orders", "filter": "contry = 'FR'", "critical": { "min": 1 } },
                  { "name": "bad_window", "type": "volume", "source": "pg", "table": "shop.orders", "time_column": "created", "window": "1d", "critical": { "min": 1 } }
                ]
                """).Replace(PostgresShop.Variable, variable, StringComparison.Ordinal));

            var outcome = await CliRunner.RunAsync("validate", "--remote", "--config", path);

            var where = $"127.0.0.1:{(await PostgresServer.GetAsync()).Port}/{db.Name}";
            Assert.AreEqual(2, outcome.ExitCode, outcome.Out + outcome.Error);
            StringAssert.Contains(outcome.Error, ":6:82: $.checks[1].column: column \"emial\" not found in shop.orders\n    hint: did you mean \"email\"?");
            StringAssert.Contains(outcome.Error, $":7:55: $.checks[2].table: table shop.ordres not found in {where}\n    hint: did you mean \"shop.orders\"?");
            StringAssert.Contains(outcome.Error, ":8:84: $.checks[3].column: column \"country\" is text, not a timestamp\n    hint: freshness and windows compare instants: name a timestamp, timestamptz or date column");
            StringAssert.Contains(outcome.Error, ":9:85: $.checks[4].filter: the check's query does not run: 42703: column \"contry\" does not exist");
            StringAssert.Contains(outcome.Error, ":10:85: $.checks[5].time_column: column \"created\" not found in shop.orders\n    hint: expected one of: \"id\", \"country\", \"email\", \"created_at\", \"shipped_at\"");
            Assert.DoesNotContain("$.checks[0]", outcome.Error);
            StringAssert.Contains(outcome.Out, "remote: 1 source checked; 5 errors, 0 warnings.");
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [TestMethod]
    public async Task Plan_PrintsTheStatement_WithoutConnecting()
    {
        var path = CliRunner.WriteConfig(PostgresShop.Json("""
            [{ "name": "fr_rows", "type": "volume", "source": "pg", "table": "shop.orders", "filter": "country = 'FR'", "time_column": "created_at", "window": "1h", "critical": { "min": 1 } }]
            """));

        var outcome = await CliRunner.RunAsync("plan", "--config", path);

        Assert.AreEqual(0, outcome.ExitCode, outcome.Out + outcome.Error);
        StringAssert.Contains(outcome.Out, """
            -- source pg, table shop.orders: fr_rows
            SELECT
              count(*) FILTER (WHERE (country = 'FR') AND "created_at" >= $1 AND "created_at" < $2) AS m0
            FROM "shop"."orders";
            -- parameters: $1 = 
            """.ReplaceLineEndings("\n"));
    }
}

using System.Diagnostics;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Sql.Filters;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace CustomerData.Tests.Postgres;

/// <summary>
/// What keeps the postgres source from writing or running away: filters proven before anything runs, a transaction
/// PostgreSQL itself holds read-only, a server-side statement_timeout, and connection failures that name the variable
/// and the server but never the password.
/// </summary>
[TestClass]
public sealed class PostgresSourceSafetyTests
{
    private const string Volume = """[{ "name": "v", "type": "volume", "source": "pg", "table": "shop.orders", "critical": { "min": 1 } }]""";

    public static IEnumerable<object[]> Writing =>
    [
        ["nextval('shop.order_ids') > 0", "the filter calls nextval, which is not an allowed function (at character 1 of the filter)"],
        ["setval('shop.order_ids', 100) > 0", "the filter calls setval, which is not an allowed function (at character 1 of the filter)"],
        ["country = 'FR' OR set_config('transaction_read_only', 'off', true) = 'off'", "the filter calls set_config, which is not an allowed function (at character 19 of the filter)"],
        ["id IN (SELECT id FROM shop.orders)", "the filter holds a subquery (ANY): a filter reads only the checked table's own columns (at character 4 of the filter)"],
        ["pg_sleep(30) IS NULL", "the filter calls pg_sleep, which is not an allowed function (at character 1 of the filter)"],
        ["country = E'FR\\' OR true'", "the filter holds a backslash, which PostgreSQL reads as an escape in strings and DuckDB's parser does not (at character 15 of the filter)"],
    ];

    [TestMethod]
    [DynamicData(nameof(Writing))]
    public async Task AHostileFilter_IsRefusedByValidate_AndWithValidationBypassed_NothingRunsOrChanges(string filter, string reason)
    {
        var json = PostgresShop.Json($$"""[{ "name": "v", "type": "volume", "source": "pg", "table": "shop.orders", "critical": { "min": 1 }, "filter": {{System.Text.Json.JsonSerializer.Serialize(filter)}} }]""");
        var error = Configs.Load(json).Errors.Single();
        Assert.AreEqual(("$.checks[0].filter", reason), (error.Path, error.Message));

        await using var db = await PostgresShop.CreateAsync(nameof(PostgresSourceSafetyTests));
        var valid = Configs.Valid(PostgresShop.Json(Volume));
        var bypassed = valid with { Checks = [valid.Checks[0], valid.Checks[0] with { Name = "hostile", Filter = filter }] };
        await using var source = PostgresShop.Open(valid, db.ConnectionString);
        var measurement = new TableMeasurement("pg", "shop.orders", [new Measure(MeasureFunction.RowCount, new RowScope(Filter: filter))]);

        var refused = await Assert.ThrowsExactlyAsync<RefusedFilterException>(() => source.MeasureAsync(measurement, CancellationToken.None));
        var results = await PostgresShop.RunAsync(bypassed, db.ConnectionString, new FakeTimeProvider(OrdersTable.Now));

        Assert.AreEqual("filter refused, nothing was run: " + reason, refused.Message);
        Assert.AreEqual("RefusedFilterException: filter refused, nothing was run: " + reason, results.Single("hostile").Message);
        Assert.AreEqual(PostgresShop.Orders.Rows.Count, results.Single("v").Value, "the other check still counts");
        Assert.AreEqual(false, await PostgresShop.ScalarAsync(db, "SELECT is_called FROM shop.order_ids"), "the sequence never moved");
    }

    [TestMethod]
    public async Task TheSourcesTransaction_IsReadOnly_InUtc_WithTheStatementTimeout_AndPostgresRefusesAWrite()
    {
        await using var db = await PostgresShop.CreateAsync(nameof(PostgresSourceSafetyTests));
        await using var source = PostgresShop.Open(Configs.Valid(PostgresShop.Json(Volume)), db.ConnectionString);

        await using (var lease = await source.BeginReadOnlyAsync(TimeSpan.FromSeconds(1.5), CancellationToken.None))
        {
            Assert.AreEqual("on", await ScalarAsync(lease.Connection, "SHOW transaction_read_only"));
            Assert.AreEqual("1500ms", await ScalarAsync(lease.Connection, "SHOW statement_timeout"));
            Assert.AreEqual("UTC", await ScalarAsync(lease.Connection, "SHOW TimeZone"));
            Assert.AreEqual("repeatable read", await ScalarAsync(lease.Connection, "SHOW transaction_isolation"));
            var insert = await Assert.ThrowsExactlyAsync<PostgresException>(() => ScalarAsync(lease.Connection, "INSERT INTO shop.orders (id, country, created_at) VALUES (-1, 'FR', now()) RETURNING id"));
            Assert.AreEqual(("25006", "cannot execute INSERT in a read-only transaction"), (insert.SqlState, insert.MessageText));
        }

        await using (var lease = await source.BeginReadOnlyAsync(TimeSpan.FromSeconds(60), CancellationToken.None))
        {
            var nextval = await Assert.ThrowsExactlyAsync<PostgresException>(() => ScalarAsync(lease.Connection, "SELECT nextval('shop.order_ids')"));
            Assert.AreEqual(("25006", "cannot execute nextval() in a read-only transaction"), (nextval.SqlState, nextval.MessageText));
        }

        await using (var lease = await source.BeginReadOnlyAsync(TimeSpan.FromSeconds(60), CancellationToken.None))
        {
            await ScalarAsync(lease.Connection, "SELECT 1");
            var readWrite = await Assert.ThrowsExactlyAsync<PostgresException>(() => ScalarAsync(lease.Connection, "SET TRANSACTION READ WRITE"));
            Assert.AreEqual(("25001", "transaction read-write mode must be set before any query"), (readWrite.SqlState, readWrite.MessageText));
        }

        Assert.AreEqual((long)PostgresShop.Orders.Rows.Count, await PostgresShop.ScalarAsync(db, "SELECT count(*) FROM shop.orders"), "nothing was written");
    }

    [TestMethod]
    public async Task AStatementOverTheChecksTimeout_IsStoppedByTheServer_EvenWhenTheMonitorNeverCancels()
    {
        var (db, config) = await SlowViewAsync();
        await using var owned = db;

        // A fake clock never reaches the engine's own deadline: only PostgreSQL's statement_timeout ends the read.
        var clock = Stopwatch.StartNew();
        var result = (await PostgresShop.RunAsync(config, db.ConnectionString, new FakeTimeProvider(OrdersTable.Now))).Single();
        var took = clock.Elapsed;

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        Assert.AreEqual("PostgresException: 57014: canceling statement due to statement timeout", result.Message);
        Assert.IsLessThan(TimeSpan.FromSeconds(25), took, "stopped long before pg_sleep(30) ends");
        Assert.AreEqual(0L, await ActiveAsync(db));
    }

    [TestMethod]
    public async Task TheEnginesDeadline_CancelsTheStatementOnTheServer()
    {
        var (db, config) = await SlowViewAsync();
        await using var owned = db;

        var result = (await PostgresShop.RunAsync(config, db.ConnectionString, TimeProvider.System)).Single();

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        Assert.IsTrue(
            result.Message is "timed out after 1s; the query was cancelled" or "PostgresException: 57014: canceling statement due to statement timeout",
            result.Message);
        Assert.AreEqual(0L, await ActiveAsync(db), "nothing of the monitor's still runs on the server");
    }

    [TestMethod]
    public async Task StatementTimeout_IsTheLongestTimeoutOfTheChecksServed_DefaultsTimeoutForTheOthers()
    {
        var config = Configs.Valid(PostgresShop.Json(
            """
            [
              { "name": "a", "type": "volume", "source": "pg", "table": "shop.orders", "timeout": "5s", "critical": { "min": 1 } },
              { "name": "b", "type": "volume", "source": "pg", "table": "shop.orders", "timeout": "90s", "filter": "country = 'FR'", "critical": { "min": 1 } },
              { "name": "c", "type": "volume", "source": "pg", "table": "shop.orders", "filter": "country = 'DE'", "critical": { "min": 1 } }
            ]
            """,
            """{ "timezone": "UTC", "timeout": "2m" }"""));
        var plan = new Planner(PostgresShop.CatalogWith(null)).Plan(config, config.Checks, OrdersTable.Now).Single();
        await using var source = PostgresShop.Open(config, "Host=unused");

        Assert.AreEqual(TimeSpan.FromMinutes(2), source.StatementTimeout(plan.Measurement));
        Assert.AreEqual(TimeSpan.FromSeconds(90), source.StatementTimeout(plan.Narrow([plan.Checks[0], plan.Checks[1]]).Measurement));
        Assert.AreEqual(TimeSpan.FromSeconds(5), source.StatementTimeout(plan.Narrow([plan.Checks[0]]).Measurement));
    }

    [TestMethod]
    public async Task AnUnsetVariable_OrAWrongPassword_MakesTheChecksUnknown_NamingTheVariable_NeverThePassword()
    {
        await using var db = await PostgresShop.CreateAsync(nameof(PostgresSourceSafetyTests));
        var server = await PostgresServer.GetAsync();
        var right = await server.PasswordRoleAsync(db.Name, "source_reader", "s3cret-Pa55");
        await PostgresShop.ExecuteAsync(db, "GRANT USAGE ON SCHEMA shop TO source_reader; GRANT SELECT ON shop.orders TO source_reader");
        var wrong = new NpgsqlConnectionStringBuilder(right) { Password = "hunter2-wrong" }.ToString();
        var config = Configs.Valid(PostgresShop.Json(Volume));

        var unset = (await PostgresShop.RunAsync(config, null, new FakeTimeProvider(OrdersTable.Now))).Single();
        var refused = (await PostgresShop.RunAsync(config, wrong, new FakeTimeProvider(OrdersTable.Now))).Single();
        var allowed = (await PostgresShop.RunAsync(config, right, new FakeTimeProvider(OrdersTable.Now))).Single();

        Assert.AreEqual(
            "cannot open source \"pg\": InvalidOperationException: CUSTOMERDATA_TEST_PG is not set: set it to the PostgreSQL connection string (Host=...;Port=...;Database=...;Username=...;Password=...)",
            unset.Message);
        Assert.AreEqual(
            $"cannot open source \"pg\": InvalidOperationException: cannot connect to PostgreSQL at 127.0.0.1:{server.Port}/{db.Name} (28P01: password authentication failed for user \"source_reader\"): check the server and the connection string in CUSTOMERDATA_TEST_PG",
            refused.Message);
        Assert.DoesNotContain("hunter2", refused.Message);
        Assert.AreEqual(CheckStatus.Ok, allowed.Status, allowed.Message);
    }

    // A view that takes 30 s to read, and a check on it that allows 1 s.
    private static async Task<(PostgresDatabase Db, MonitorConfig Config)> SlowViewAsync()
    {
        var db = await PostgresShop.CreateAsync(nameof(PostgresSourceSafetyTests));
        await PostgresShop.ExecuteAsync(db, "CREATE VIEW shop.slow AS SELECT 1 AS id, now() AS at FROM pg_sleep(30)");
        return (db, Configs.Valid(PostgresShop.Json("""
            [{ "name": "slow_rows", "type": "volume", "source": "pg", "table": "shop.slow", "timeout": "1s", "critical": { "min": 1 } }]
            """)));
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static Task<object?> ScalarAsync(System.Data.Common.DbConnection connection, string sql) => ScalarAsync((NpgsqlConnection)connection, sql);

    // The monitor's sessions on this database still running a statement.
    private static async Task<long> ActiveAsync(PostgresDatabase db) =>
        (long)(await PostgresShop.ScalarAsync(
            db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'customerdata-monitor' AND state = 'active'"))!;
}

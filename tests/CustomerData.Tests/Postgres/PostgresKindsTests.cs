using System.Globalization;
using System.Text.Json;
using CustomerData.Checks.Engine;
using CustomerData.Tests.Kinds.Reconciliation;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;
using NpgsqlTypes;

namespace CustomerData.Tests.Postgres;

/// <summary>
/// Uniqueness, validity, schema and a reconciliation sum on the run's PostgreSQL, each against truth from a plain query
/// of the test's own (or LINQ over the rows, for the DuckDB side); and the measures PostgreSQL refuses, at their fields.
/// </summary>
[TestClass]
public sealed class PostgresKindsTests
{
    // 3,000 payments a row every 37 seconds back from Now, a retried batch of 150 copied again, NULL keys, an
    // accepted status holding a quote and a backslash, a status shaped as an injection, negative amounts; then the
    // customer_id column retyped upstream from integer to bigint.
    private const string Payments = """
        CREATE SCHEMA shop;
        CREATE TABLE shop.payments (id bigint, customer_id integer, day date, status text, amount numeric(12,2), created_at timestamp NOT NULL);
        INSERT INTO shop.payments
        SELECT g,
               CASE WHEN g % 17 = 0 THEN NULL ELSE g % 400 END,
               CASE WHEN g % 23 = 0 THEN NULL ELSE date '2026-11-01' + g % 9 END,
               CASE WHEN g % 97 = 0 THEN NULL WHEN g % 41 = 0 THEN 'lost' WHEN g % 53 = 0 THEN 'paid'' OR ''1''=''1'
                    ELSE (ARRAY['paid', 'shipped', 'refunded', E'it''s a \\ value'])[1 + g % 4] END,
               CASE WHEN g % 29 = 0 THEN -(g % 50) - 0.5 ELSE (g % 1000) + 0.25 END,
               timestamp '2026-11-26 10:20:00' - g * interval '37 seconds'
        FROM generate_series(1, 3000) g;
        INSERT INTO shop.payments SELECT * FROM shop.payments WHERE id BETWEEN 500 AND 649;
        ALTER TABLE shop.payments ALTER COLUMN customer_id TYPE bigint;
        """;

    private static readonly DateTimeOffset Now = OrdersTable.Now;

    [TestMethod]
    public async Task Uniqueness_ExactOnOneAndOnTwoColumns_MatchesDistinctRowsCountedByHand()
    {
        await using var db = await CreateAsync();
        var results = await PostgresShop.RunAsync(Configs.Valid(PostgresShop.Json("""
            [
              { "name": "ids", "type": "uniqueness", "source": "pg", "table": "shop.payments", "columns": ["id"], "critical": { "max": 0.01 } },
              { "name": "paid_keys_1d", "type": "uniqueness", "source": "pg", "table": "shop.payments", "columns": ["customer_id", "day"],
                "filter": "status = 'paid'", "time_column": "created_at", "window": "1d", "critical": { "max": 0.5 } }
            ]
            """)), db.ConnectionString, new FakeTimeProvider(Now));

        var ids = await CountsAsync(db, "SELECT count(id), (SELECT count(*) FROM (SELECT DISTINCT id FROM shop.payments WHERE id IS NOT NULL) d) FROM shop.payments");
        Assert.AreEqual((3_150L, 3_000L), ids, "the retried batch repeats 150 ids");
        var result = results.Single("ids");
        Assert.AreEqual(CheckStatus.Critical, result.Status);
        Assert.AreEqual(150.0 / 3_150, result.Value!.Value, 1e-12);
        StringAssert.StartsWith(result.Message, "id repeats: 150 duplicate rows (3,000 distinct keys in 3,150 rows with a complete key) = 0.0476 (4.76%)");

        // The key leaves out rows with a NULL column; the window and filter bound both counts.
        const string Scope = "WHERE status = 'paid' AND customer_id IS NOT NULL AND day IS NOT NULL AND created_at >= $1 AND created_at < $2";
        object[] day = [Naive(Now.UtcDateTime.AddDays(-1)), Naive(Now.UtcDateTime)];
        var keys = await CountsAsync(db, $"SELECT (SELECT count(*) FROM shop.payments {Scope}), (SELECT count(*) FROM (SELECT DISTINCT customer_id, day FROM shop.payments {Scope}) d)", day);
        var withNull = (long)(await PostgresShop.ScalarAsync(db, "SELECT count(*) FROM shop.payments WHERE status = 'paid' AND (customer_id IS NULL OR day IS NULL) AND created_at >= $1 AND created_at < $2", day))!;
        Assert.IsTrue(keys.Rows > keys.Distinct && withNull > 0, "the window repeats keys and holds keys with a NULL column");
        var pair = results.Single("paid_keys_1d");
        Assert.AreEqual(CheckStatus.Ok, pair.Status, pair.Message);
        Assert.AreEqual(1 - ((double)keys.Distinct / keys.Rows), pair.Value!.Value, 1e-12);
        StringAssert.StartsWith(pair.Message, $"customer_id, day repeats: {keys.Rows - keys.Distinct:#,0} duplicate rows ({keys.Distinct:#,0} distinct keys in {keys.Rows:#,0} rows with a complete key)");
    }

    [TestMethod]
    public async Task Validity_AcceptedValuesWithAQuoteAndABackslash_AndARange_MatchPlainQueries_AndTheQueryRunsByHand()
    {
        await using var db = await CreateAsync();
        var results = await PostgresShop.RunAsync(Configs.Valid(PostgresShop.Json("""
            [
              { "name": "statuses", "type": "validity", "source": "pg", "table": "shop.payments", "column": "status",
                "accepted_values": ["paid", "shipped", "refunded", "it's a \\ value"], "critical": { "max": 0.01 } },
              { "name": "amounts", "type": "validity", "source": "pg", "table": "shop.payments", "column": "amount",
                "range": { "min": 0, "max": 990 }, "warn": { "max": 0.01 }, "critical": { "max": 0.5 } }
            ]
            """)), db.ConnectionString, new FakeTimeProvider(Now));

        string[] accepted = ["paid", "shipped", "refunded", "it's a \\ value"];
        var statuses = await CountsAsync(db, "SELECT count(*) FILTER (WHERE status <> ALL($1)), count(status) FROM shop.payments", [accepted]);
        var hostile = (long)(await PostgresShop.ScalarAsync(db, "SELECT count(*) FROM shop.payments WHERE status = $1", "paid' OR '1'='1"))!;
        var quoted = (long)(await PostgresShop.ScalarAsync(db, "SELECT count(*) FROM shop.payments WHERE status = $1", accepted[3]))!;
        Assert.IsTrue(hostile > 0 && quoted > 0, "the table holds the injection-shaped status (invalid) and the quoted one (valid)");
        var result = results.Single("statuses");
        Assert.AreEqual(CheckStatus.Critical, result.Status);
        Assert.AreEqual((double)statuses.Rows / statuses.Distinct, result.Value!.Value, 1e-12);
        StringAssert.StartsWith(result.Message, $"status breaks accepted_values ['paid', 'shipped', 'refunded', 'it's a \\ value'] in {statuses.Rows:#,0} of {statuses.Distinct:#,0} non-NULL values");

        // The query the result shows, values written as literals (E'...' for the backslash), counts the same by hand.
        var byHand = await RowAsync(db, result.Query!);
        CollectionAssert.AreEquivalent(new[] { statuses.Rows, statuses.Distinct }, byHand);

        var amounts = await CountsAsync(db, "SELECT count(*) FILTER (WHERE amount < 0 OR amount > 990), count(amount) FROM shop.payments");
        Assert.IsTrue(amounts.Rows > 0, "negative and too large amounts are planted");
        var range = results.Single("amounts");
        Assert.AreEqual(CheckStatus.Warning, range.Status, range.Message);
        Assert.AreEqual((double)amounts.Rows / amounts.Distinct, range.Value!.Value, 1e-12);
        StringAssert.StartsWith(range.Message, $"amount breaks range 0 to 990 in {amounts.Rows:#,0} of {amounts.Distinct:#,0} non-NULL values");
    }

    [TestMethod]
    public async Task Schema_Expect_NamesTheColumnRetypedUpstream_FromInformationSchema()
    {
        await using var db = await CreateAsync();
        var results = await PostgresShop.RunAsync(Configs.Valid(PostgresShop.Json("""
            [ { "name": "payments_schema", "type": "schema", "source": "pg", "table": "shop.payments",
                "expect": { "columns": { "id": "int8", "customer_id": "INTEGER", "day": "date", "status": "text", "amount": "numeric",
                                         "created_at": "timestamp" } } } ]
            """)), db.ConnectionString, new FakeTimeProvider(Now));

        Assert.AreEqual("bigint", await PostgresShop.ScalarAsync(
            db, "SELECT data_type FROM information_schema.columns WHERE table_schema = 'shop' AND table_name = 'payments' AND column_name = 'customer_id'"));
        var result = results.Single();
        Assert.AreEqual(CheckStatus.Critical, result.Status);
        Assert.AreEqual(1.0, result.Value);
        Assert.AreEqual(
            "shop.payments has 6 columns, not as expected: customer_id is BIGINT, expected INTEGER; critical unless the 6 declared columns match exactly",
            result.Message);
        Assert.AreEqual(
            "SELECT column_name, CASE WHEN data_type IN ('ARRAY', 'USER-DEFINED') THEN udt_name ELSE data_type END\nFROM information_schema.columns\n"
            + "WHERE table_schema = 'shop' AND table_name = 'payments'\nORDER BY ordinal_position;",
            result.Query);
    }

    [TestMethod]
    public async Task ReconciliationSum_FromPostgresToDuckDb_IsTheShareOfTheLeftsSumMissing()
    {
        var orders = new CopiedOrders();
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresKindsTests));
        await PostgresShop.ExecuteAsync(db, "CREATE SCHEMA shop; CREATE TABLE shop.orders (id bigint, created_at timestamp, amount numeric(12,2))");
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        {
            await using var copy = await connection.BeginBinaryImportAsync("COPY shop.orders (id, created_at, amount) FROM STDIN (FORMAT BINARY)");
            foreach (var order in orders.Left)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(order.Id, NpgsqlDbType.Bigint);
                await copy.WriteAsync(DateTime.SpecifyKind(order.Created.UtcDateTime, DateTimeKind.Unspecified), NpgsqlDbType.Timestamp);
                await copy.WriteAsync(order.Amount, NpgsqlDbType.Numeric);
            }

            await copy.CompleteAsync();
        }

        var config = Configs.Valid($$"""
            {
              "defaults": { "timezone": "UTC" },
              "sources": {
                "pg": { "type": "postgres", "connection_string_env": "{{PostgresShop.Variable}}" },
                "wh": { "type": "duckdb", "path": ":memory:", "init": {{JsonSerializer.Serialize(CopiedOrders.Init("orders_copy", orders.Right, "TIMESTAMPTZ", "DECIMAL(12,2)"))}} }
              },
              "checks": [ { "name": "amount_copied", "type": "reconciliation", "compare": "sum",
                "left": { "source": "pg", "table": "shop.orders", "time_column": "created_at", "column": "amount" },
                "right": { "source": "wh", "table": "orders_copy", "time_column": "created_at", "column": "amount" },
                "window": "1d", "lag": "2h", "critical": { "max": 0.01, "min": -0.01 } } ]
            }
            """);
        var results = await PostgresShop.RunAsync(config, db.ConnectionString, new FakeTimeProvider(CopiedOrders.Now));

        var left = (decimal)(await PostgresShop.ScalarAsync(
            db, "SELECT sum(amount) FROM shop.orders WHERE created_at >= $1 AND created_at < $2", Naive(CopiedOrders.Span.Start.UtcDateTime), Naive(CopiedOrders.Span.End.UtcDateTime)))!;
        Assert.AreEqual(orders.LeftSum, left, "PostgreSQL holds the generated rows");
        var share = (double)((left - orders.RightSum) / left);
        Assert.IsGreaterThan(0.01, share, "the planted losses show");
        var result = results.Single();
        Assert.AreEqual(CheckStatus.Critical, result.Status, result.Message);
        Assert.AreEqual(share, result.Value!.Value, 1e-9);
        StringAssert.StartsWith(result.Message, string.Create(CultureInfo.InvariantCulture, $"orders_copy (wh) sums amount to {(double)orders.RightSum:#,0.##} against {(double)left:#,0.##} of amount on shop.orders (pg) in "));
        StringAssert.Contains(result.Query, "CAST(sum(\"amount\") FILTER (WHERE \"created_at\" >= '2026-11-30 08:30:00+00' AND \"created_at\" < '2026-12-01 08:30:00+00') AS DOUBLE PRECISION)");
    }

    [TestMethod]
    public void ApproximateAndPattern_AreRefusedAtTheirFields_WithWhy_WhileExactKindsLoad()
    {
        var errors = Configs.Load(PostgresShop.Json("""
            [
              { "name": "ids", "type": "uniqueness", "source": "pg", "table": "shop.payments", "columns": ["id"], "approximate": true, "critical": { "max": 0.01 } },
              { "name": "emails", "type": "validity", "source": "pg", "table": "shop.payments", "column": "email", "pattern": "^[^@]+@[^@]+$", "critical": { "max": 0.01 } },
              { "name": "exact", "type": "uniqueness", "source": "pg", "table": "shop.payments", "columns": ["id", "day"], "critical": { "max": 0.01 } },
              { "name": "cond", "type": "validity", "source": "pg", "table": "shop.payments", "column": "amount", "condition": "amount >= 0 OR status = 'refunded'", "critical": { "max": 0.01 } },
              { "name": "cols", "type": "schema", "source": "pg", "table": "shop.payments", "on_change": "warning" }
            ]
            """)).Errors;

        Assert.AreEqual(
            """
            checks.json:5:103: $.checks[0].approximate: postgres sources cannot estimate a distinct count: PostgreSQL has no HyperLogLog of its own
                hint: remove "approximate": the exact count(DISTINCT ...) runs in the same statement
            checks.json:6:104: $.checks[1].pattern: postgres sources cannot check a pattern yet: PostgreSQL's regular expressions are POSIX, not RE2, so a pattern validated for DuckDB and BigQuery could match other values there
                hint: use "accepted_values", "range" or a "condition" such as "email LIKE '%_@_%'"
            """.ReplaceLineEndings("\n"),
            string.Join("\n", errors));
    }

    [TestMethod]
    public async Task SqlQuery_NamedColumns_MatchTheSameCountsByHand_InTheReadOnlyTransaction()
    {
        await using var db = await CreateAsync();
        const string Query = "SELECT count(*) FILTER (WHERE amount < 0) AS negatives, count(DISTINCT status) AS statuses FROM shop.payments WHERE created_at < now()";
        var results = await PostgresShop.RunAsync(Configs.Valid(PostgresShop.Json($$"""
            [ { "name": "q", "type": "sql", "source": "pg", "table": "shop.payments", "query": {{JsonSerializer.Serialize(Query)}},
                "columns": { "negatives": { "critical": { "max": 0 } }, "statuses": { "warn": { "max": 10 } } } } ]
            """)), db.ConnectionString, new FakeTimeProvider(Now));

        var truth = await CountsAsync(db, "SELECT (SELECT count(*) FROM shop.payments WHERE amount < 0), (SELECT count(*) FROM (SELECT DISTINCT status FROM shop.payments WHERE status IS NOT NULL) d)");
        Assert.IsTrue(truth.Rows > 0, "negative amounts are planted");
        var result = results.Single();
        Assert.AreEqual(CheckStatus.Critical, result.Status, result.Message);
        Assert.AreEqual((double)truth.Rows, result.Value);
        Assert.AreEqual($"negatives {truth.Rows:#,0} is CRITICAL (critical above 0); statuses {truth.Distinct:#,0} is OK (warning above 10)", result.Message);
        Assert.AreEqual($"SELECT \"negatives\", \"statuses\"\nFROM (\n{Query}\n) AS q\nLIMIT 2;", result.Query);
    }

    [TestMethod]
    public void SqlQuery_TextPostgresReadsOtherwiseThanDuckDb_OrAWrite_IsRefusedAtTheQuery()
    {
        var errors = Configs.Load(PostgresShop.Json("""
            [
              { "name": "a", "type": "sql", "source": "pg", "table": "t", "query": "SELECT count(*) FROM shop.payments WHERE status <> E'it\\'s'", "critical": { "max": 1 } },
              { "name": "b", "type": "sql", "source": "pg", "table": "t", "query": "SELECT 1 AS x /* /* */ , 2 AS y */", "critical": { "max": 1 } },
              { "name": "c", "type": "sql", "source": "pg", "table": "t", "query": "SELECT $$a$$ AS x", "critical": { "max": 1 } },
              { "name": "d", "type": "sql", "source": "pg", "table": "t", "query": "DELETE FROM shop.payments", "critical": { "max": 1 } },
              { "name": "e", "type": "sql", "source": "pg", "table": "t", "query": "SELECT pg_read_file('/etc/passwd') AS x", "critical": { "max": 1 } }
            ]
            """)).Errors;

        Assert.AreEqual(
            """
            $.checks[0].query: the query holds a backslash (an escape in E'...' strings), which PostgreSQL reads otherwise than DuckDB's parser (at character 56 of the query)
            $.checks[1].query: the query holds a block comment (PostgreSQL nests them), which PostgreSQL reads otherwise than DuckDB's parser (at character 15 of the query)
            $.checks[2].query: the query holds "$" (a dollar quote or a parameter), which PostgreSQL reads otherwise than DuckDB's parser (at character 8 of the query)
            """.ReplaceLineEndings("\n"),
            string.Join("\n", errors.Take(3).Select(e => $"{e.Path}: {e.Message}")));
        Assert.AreEqual("$.checks[3].query", errors[3].Path, errors[3].Message);
        Assert.AreEqual("$.checks[4].query", errors[4].Path, errors[4].Message);
        Assert.HasCount(5, errors);
    }

    [TestMethod]
    public async Task FailedRowSamples_DuplicatesAndInvalidValues_AreTheRowsAPlainQueryFinds_WithoutThePiiColumn()
    {
        await using var db = await CreateAsync();
        var results = await PostgresShop.RunAsync(Configs.Valid(PostgresShop.Json("""
            [
              { "name": "ids", "type": "uniqueness", "source": "pg", "table": "shop.payments", "columns": ["id"], "critical": { "max": 0 },
                "sample_columns": ["id", "amount"], "sample_size": 4 },
              { "name": "statuses", "type": "validity", "source": "pg", "table": "shop.payments", "column": "status",
                "accepted_values": ["paid", "shipped", "refunded", "it's a \\ value"], "critical": { "max": 0 },
                "sample_columns": ["id", "status", "customer_id"], "pii_columns": ["customer_id"], "sample_size": 3 }
            ]
            """)), db.ConnectionString, new FakeTimeProvider(Now));

        var duplicates = await TextRowsAsync(
            db, "SELECT id::text, amount::text FROM shop.payments WHERE id IN (SELECT id FROM shop.payments GROUP BY id HAVING count(*) > 1) ORDER BY id, amount LIMIT 4");
        var ids = results.Single("ids");
        Assert.AreEqual(CheckStatus.Critical, ids.Status);
        CollectionAssert.AreEqual(duplicates, ids.Sample!.Rows.Select(r => string.Join('|', r)).ToList(), ids.Sample.Error);
        Assert.AreEqual(
            "SELECT CAST(\"id\" AS text), CAST(\"amount\" AS text)\nFROM (\n  SELECT \"id\", \"amount\", count(*) OVER (PARTITION BY \"id\") AS customerdata_copies\n"
            + "  FROM \"shop\".\"payments\"\n  WHERE \"id\" IS NOT NULL\n) AS offending\nWHERE customerdata_copies > 1\nORDER BY \"id\", \"amount\"\nLIMIT 4;",
            ids.Sample.Query);

        var invalid = await TextRowsAsync(
            db, "SELECT id::text, status FROM shop.payments WHERE status <> ALL($1) ORDER BY id, status LIMIT 3", [new[] { "paid", "shipped", "refunded", "it's a \\ value" }]);
        var statuses = results.Single("statuses");
        Assert.AreEqual(CheckStatus.Critical, statuses.Status);
        // customer_id, personal, comes back as NULL: it is never read.
        CollectionAssert.AreEqual(
            invalid.Select(r => r + "|(null)").ToList(),
            statuses.Sample!.Rows.Select(r => string.Join('|', r.Select(v => v ?? "(null)"))).ToList(),
            statuses.Sample.Error);
        Assert.DoesNotContain("customer_id", statuses.Sample.Query!, "the personal column is never selected");
    }

    private static async Task<PostgresDatabase> CreateAsync()
    {
        var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresKindsTests));
        await PostgresShop.ExecuteAsync(db, Payments);
        return db;
    }

    private static async Task<(long Rows, long Distinct)> CountsAsync(PostgresDatabase db, string sql, params object[] parameters)
    {
        var row = await RowAsync(db, sql, parameters);
        return (row[0], row[1]);
    }

    private static async Task<long[]> RowAsync(PostgresDatabase db, string sql, params object[] parameters)
    {
        await using var command = db.DataSource.CreateCommand(sql);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = value });
        }

        await using var reader = await command.ExecuteReaderAsync();
        Assert.IsTrue(await reader.ReadAsync());
        return [.. Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture))];
    }

    private static async Task<List<string>> TextRowsAsync(PostgresDatabase db, string sql, params object[] parameters)
    {
        await using var command = db.DataSource.CreateCommand(sql);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = value });
        }

        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)));
        }

        return rows;
    }

    private static DateTime Naive(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Unspecified);
}

using System.Globalization;
using CustomerData.Checks;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sources.BigQuery.Client;
using CustomerData.Tests.BigQuery;
using CustomerData.Tests.BigQuery.Emulator;
using CustomerData.Tests.TestSupport;
using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Engine;

/// <summary>Contract C1: a result's Query is that check's own SQL with literal values, and reproduces its value.</summary>
[TestClass]
public sealed class CheckQueryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 30, 0, TimeSpan.Zero);

    private static readonly string[] Init =
    [
        "CREATE SCHEMA shop",
        "CREATE TABLE shop.orders AS SELECT range AS id, TIMESTAMP '2026-11-26 10:00:00' - to_minutes(range) AS created_at, CASE WHEN range % 10 = 0 THEN NULL ELSE 'x' END AS email, CASE WHEN range % 2 = 0 THEN 'FR' ELSE 'DE' END AS country FROM range(1000)",
    ];

    private const string Checks = """
        [
          { "name": "orders_fresh", "type": "freshness", "source": "mem", "table": "shop.orders", "column": "created_at", "critical_after": "1h" },
          { "name": "orders_rows_fr_1h", "type": "volume", "source": "mem", "table": "shop.orders", "filter": "country = 'FR'", "time_column": "created_at", "window": "1h", "critical": { "min": 1 } },
          { "name": "orders_email_nulls", "type": "null_rate", "source": "mem", "table": "shop.orders", "column": "email", "critical": { "max": 0.5 } }
        ]
        """;

    [TestMethod]
    public async Task Query_IsTheChecksOwnSqlWithLiterals_StatementIsTheSharedOne()
    {
        var results = await Runs.RunAsync(Configs.InMemory(Init, Checks), new FakeTimeProvider(Now));

        Assert.AreEqual(
            """
            SELECT
              CAST(count_if((country = 'FR') AND "created_at" >= '2026-11-26 09:30:00+00' AND "created_at" < '2026-11-26 10:30:00+00') AS BIGINT) AS m0
            FROM "shop"."orders";
            """.ReplaceLineEndings("\n"),
            results[1].Query);
        Assert.AreEqual(
            """
            SELECT
              count(*) AS m0,
              CAST(count_if("email" IS NULL) AS BIGINT) AS m1
            FROM "shop"."orders";
            """.ReplaceLineEndings("\n"),
            results[2].Query);
        StringAssert.Contains(results[0].Statement, "-- parameters: p0 = 2026-11-26 09:30:00Z, p1 = 2026-11-26 10:30:00Z");
        Assert.AreSame(results[0].Statement, results[1].Statement);
        Assert.AreSame(results[0].Statement, results[2].Statement);
    }

    [TestMethod]
    [DoNotParallelize] // Reads the shared demo file, as the other demo-file test classes that run alone do.
    public async Task EveryRootCheckOnTheDemo_ItsQueryPastedIntoDuckDbInAParisSession_GivesTheReportedValue()
    {
        var path = await DemoFixture.PathAsync();
        var loaded = new ConfigLoader(Catalog.Default, name => name == "CUSTOMERDATA_DEMO_PATH" ? path : null).LoadFile(Path.Combine(Repository.Root, "checks.json"));
        var results = await Runs.RunAsync(loaded.Config!, new FakeTimeProvider(DemoFixture.Now), Repository.Root);
        // A copy of its own: a test reading the demo file at the same time holds it in a sandboxed (locked) instance.
        var copy = Path.Combine(DemoFixture.Directory, $"pasted-{Guid.NewGuid():N}.duckdb");
        File.Copy(path, copy);
        await using var connection = new DuckDBConnection($"Data Source={copy};ACCESS_MODE=READ_ONLY");
        await connection.OpenAsync();
        // Not the monitor's UTC session: the literals must mean the same instants wherever on-call pastes them.
        await ExecuteAsync(connection, "SET TimeZone = 'Europe/Paris'");

        Assert.HasCount(16, results);
        var unknown = results.Where(r => r.Status == CheckStatus.Unknown).Select(r => $"{r.Check.Name}: {r.Message}").ToList();
        Assert.IsEmpty(unknown, string.Join("\n", unknown));

        // A schema reads metadata; a reconciliation's value combines two statements and a learned range's check adds its
        // training read: their own tests compute their values against the data.
        foreach (var result in results.Where(r => r.Type is not ("schema" or "reconciliation") && r.ExpectedLow is null && !r.Query!.Contains("GROUP BY bucket", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain("$p", result.Query!, result.Check.Name);
            var row = await RowAsync(connection, result.Query!);
            var pasted = result.Type == "sql" ? await FirstNumberAsync(connection, result.Query!) : ValueOf(result, row);
            Assert.AreEqual(result.Value!.Value, pasted, 1e-9, result.Check.Name + ":\n" + result.Query);
        }

        Assert.IsTrue(results.Any(r => r.Query!.Contains("+00'", StringComparison.Ordinal)), "windowed checks carry literal instants");
    }

    [TestMethod]
    public async Task BigQueryQuery_HasTimestampLiterals_AndRunAsItIsGivesTheReportedValue()
    {
        var orders = new OrdersTable(2_000, seed: 5);
        await using var emulator = new BigQueryEmulator(orders.Init());
        var config = BigQueryHarness.Config(emulator, """
            [
              { "name": "de_6h", "type": "volume", "source": "bq", "table": "shop.orders", "time_column": "created_at", "window": "6h", "filter": "country = 'DE'", "critical": { "min": 1 } },
              { "name": "email_fr_1d", "type": "null_rate", "source": "bq", "table": "shop.orders", "column": "email", "filter": "country = 'FR'", "time_column": "created_at", "window": "1d", "critical": { "max": 0.9 } }
            ]
            """);

        var results = await BigQueryHarness.RunAsync(config, OrdersTable.Now);
        var client = BigQueryHarness.Client(emulator);

        var start = OrdersTable.Now.AddHours(-6).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        StringAssert.Contains(results[0].Query, $"`created_at` >= TIMESTAMP '{start}+00'");
        foreach (var result in results)
        {
            Assert.DoesNotContain("@p", result.Query!, result.Check.Name);
            var outcome = await client.QueryAsync(new QueryJob(result.Query!, [], new Dictionary<string, string>(), 10L << 20, TimeSpan.FromMinutes(1)), CancellationToken.None);
            Assert.IsNull(outcome.Error, outcome.Error?.ToString());
            var row = outcome.Value!.Rows.Single().Select(CellDecoder.ToMeasure).ToArray();
            Assert.AreEqual(result.Value!.Value, ValueOf(result, row), 1e-9, result.Check.Name + ":\n" + result.Query);
        }
    }

    [TestMethod]
    public async Task LongQuery_IsCappedAtFourKilobytes_WithTheCutMarked()
    {
        var values = string.Join(", ", Enumerable.Range(0, 900).Select(i => i.ToString(CultureInfo.InvariantCulture)));
        var config = Configs.InMemory(Init, $$"""
            [ { "name": "many_ids", "type": "volume", "source": "mem", "table": "shop.orders", "filter": "id IN ({{values}})", "critical": { "min": 1 } } ]
            """);

        var result = (await Runs.RunAsync(config, new FakeTimeProvider(Now))).Single();

        Assert.AreEqual(900.0, result.Value, "the check itself ran its whole filter");
        var full = $"SELECT\n  CAST(count_if((id IN ({values}))) AS BIGINT) AS m0\nFROM \"shop\".\"orders\";";
        var marker = System.Text.RegularExpressions.Regex.Match(result.Query!, "\n-- \\[cut: ([0-9]+) more characters\\]$");
        Assert.IsTrue(marker.Success, result.Query![^80..]);
        var kept = result.Query![..marker.Index];
        Assert.AreEqual(full.Length, kept.Length + int.Parse(marker.Groups[1].Value, CultureInfo.InvariantCulture));
        StringAssert.StartsWith(full, kept);
        Assert.IsTrue(System.Text.Encoding.UTF8.GetByteCount(result.Query) is > 4000 and <= 4096, result.Query.Length.ToString(CultureInfo.InvariantCulture));
    }

    private static double ValueOf(CheckResult result, long?[] row) => Catalog.Default.CheckKindOf(result.Check).TypeName switch
    {
        "freshness" => (result.MeasuredAt - DateTimeOffset.UnixEpoch.AddTicks(row[0]!.Value * 10)).TotalSeconds,
        "volume" => row[0]!.Value,
        "uniqueness" => 1 - ((double)row[1]!.Value / row[0]!.Value),
        _ => (double)row[1]!.Value / row[0]!.Value,
    };

    private static async Task<long?[]> RowAsync(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = await command.ExecuteReaderAsync();
        Assert.IsTrue(await reader.ReadAsync());
        return [.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? (long?)null : Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture))];
    }

    // A sql check's value is its query's number, not a whole one.
    private static async Task<double> FirstNumberAsync(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToDouble(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

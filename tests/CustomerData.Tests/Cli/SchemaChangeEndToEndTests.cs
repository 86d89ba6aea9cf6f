using System.Text.Json;
using CustomerData.Tests.TestSupport;
using DuckDB.NET.Data;
using Microsoft.Data.Sqlite;

namespace CustomerData.Tests.Cli;

/// <summary>
/// on_change across runs of the real command: the first run records the columns in state.db's history, the table
/// changes between runs, the next run names what changed against that snapshot, and the one after is unchanged.
/// </summary>
[TestClass]
public sealed class SchemaChangeEndToEndTests
{
    private static readonly DateTimeOffset First = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task Run_ThenChangeTheTable_ThenRun_ReportsTheChangeFromTheStoredSnapshot()
    {
        var directory = CliRunner.NewDataDirectory();
        Directory.CreateDirectory(directory);
        var warehouse = Path.Combine(directory, "warehouse.duckdb");
        Execute(warehouse, "CREATE SCHEMA sales", "CREATE TABLE sales.orders (order_id BIGINT, amount DECIMAL(18,2), coupon VARCHAR)");
        var config = CliRunner.WriteConfig($$"""
            {
              "sources": { "wh": { "type": "duckdb", "path": {{JsonSerializer.Serialize(warehouse)}} } },
              "checks": [ { "name": "orders_schema", "type": "schema", "source": "wh", "table": "sales.orders", "on_change": "warning" } ]
            }
            """);
        var data = Path.Combine(directory, "state");

        var first = await RunAsync(config, data, First);
        Execute(warehouse, "ALTER TABLE sales.orders DROP COLUMN coupon", "ALTER TABLE sales.orders ALTER amount TYPE VARCHAR", "ALTER TABLE sales.orders ADD COLUMN refund_id BIGINT");
        var second = await RunAsync(config, data, First.AddMinutes(15));
        var third = await RunAsync(config, data, First.AddMinutes(30));

        Assert.AreEqual(0, first.Code);
        Assert.AreEqual(("ok", "sales.orders has 3 columns, first snapshot recorded; warning on any change"), (first.Status, first.Message));
        Assert.AreEqual(1, second.Code, "a WARNING fails the run with --fail-on warning");
        Assert.AreEqual(
            ("warning", 3.0, "sales.orders has 3 columns, changed since 2026-11-26 09:00 (UTC): retyped amount from DECIMAL(18,2) to VARCHAR; added refund_id (BIGINT); removed coupon (VARCHAR); warning on any change"),
            (second.Status, second.Value, second.Message));
        Assert.AreEqual(("ok", "sales.orders has 3 columns, unchanged since 2026-11-26 09:15 (UTC); warning on any change"), (third.Status, third.Message));
        CollectionAssert.AreEqual(
            new[]
            {
                """[["order_id","BIGINT"],["amount","DECIMAL(18,2)"],["coupon","VARCHAR"]]""",
                """[["order_id","BIGINT"],["amount","VARCHAR"],["refund_id","BIGINT"]]""",
                """[["order_id","BIGINT"],["amount","VARCHAR"],["refund_id","BIGINT"]]""",
            },
            await SnapshotsAsync(Path.Combine(data, "state.db")));
    }

    private static async Task<(int Code, string Status, double? Value, string Message)> RunAsync(string config, string data, DateTimeOffset now)
    {
        var outcome = await CliRunner.RunWithAsync(
            new Dictionary<string, string>(), now, "run", "--config", config, "--data-dir", data, "--format", "json", "--fail-on", "warning");
        var line = outcome.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).Single(l => l.TryGetProperty("check", out _));
        var value = line.GetProperty("value");
        return (outcome.ExitCode, line.GetProperty("status").GetString()!, value.ValueKind == JsonValueKind.Null ? null : value.GetDouble(), line.GetProperty("message").GetString()!);
    }

    private static void Execute(string path, params string[] statements)
    {
        using var connection = new DuckDBConnection($"Data Source={path}");
        connection.Open();
        foreach (var statement in statements)
        {
            using var command = connection.CreateCommand();
            command.CommandText = statement;
            command.ExecuteNonQuery();
        }
    }

    private static async Task<string[]> SnapshotsAsync(string stateDb)
    {
        await using var connection = new SqliteConnection($"Data Source={stateDb};Pooling=false");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT snapshot FROM results WHERE check_name = 'orders_schema' ORDER BY measured_at";
        var snapshots = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            snapshots.Add(reader.GetString(0));
        }

        return [.. snapshots];
    }
}

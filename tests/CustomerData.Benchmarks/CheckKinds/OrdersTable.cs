using System.Text.Json.Nodes;
using CustomerData.Benchmarks.Support;
using DuckDB.NET.Data;

namespace CustomerData.Benchmarks.CheckKinds;

/// <summary>
/// Item 7's table and checks: one orders table of 2 million generated rows over 60 days (about 1,400 an hour) with
/// flaws for the checks to find (0.1% duplicate ids, 2% statuses outside the accepted list, 3% NULL emails and 1%
/// malformed ones, 1% NULL and 0.5% negative amounts), and ten checks of eight kinds on it.
/// </summary>
internal static class OrdersTable
{
    public const long Rows = 2_000_000;
    public const string Source = "warehouse";
    public const string Table = "shop.orders";
    public const string AnomalyCheck = "orders_hourly";

    private const int Days = 60;

    /// <summary>Creates the file; rows run in time order up to <paramref name="end"/>.</summary>
    public static async Task CreateAsync(string path, DateTimeOffset end, CancellationToken cancellationToken)
    {
        await using var connection = new DuckDBConnection($"Data Source={path}");
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        string[] statements =
        [
            "SET TimeZone = 'UTC'",
            "CREATE TEMP MACRO rnd(i, salt, n) AS CAST(hash(i, salt) % CAST(n AS UBIGINT) AS BIGINT)",
            "CREATE SCHEMA shop",
            $"""
            CREATE TABLE shop.orders AS
            SELECT
              CASE WHEN i % 1000 = 7 THEN i - 1 ELSE i END AS id,
              rnd(i, 'customer', 200000) AS customer_id,
              CASE WHEN rnd(i, 'status', 100) < 40 THEN 'paid' WHEN rnd(i, 'status', 100) < 70 THEN 'shipped'
                   WHEN rnd(i, 'status', 100) < 90 THEN 'delivered' WHEN rnd(i, 'status', 100) < 98 THEN 'refunded'
                   ELSE 'unknown' END AS status,
              CASE WHEN rnd(i, 'amount', 1000) < 10 THEN NULL WHEN rnd(i, 'amount', 1000) < 15 THEN -1.0
                   ELSE round(5 + rnd(i, 'amount_eur', 50000) / 100.0, 2) END AS amount,
              CASE WHEN rnd(i, 'email', 100) < 3 THEN NULL WHEN rnd(i, 'email', 100) < 4 THEN 'customer' || i || ' at example.com'
                   ELSE 'customer' || i || '@example.com' END AS email,
              {SyntheticTable.Literal(end)} - to_seconds(CAST(({Rows} - i) * {Days * 86400} // {Rows} AS BIGINT)) - INTERVAL 1 SECOND AS created_at
            FROM range({Rows}) t(i)
            """,
            "CHECKPOINT",
        ];
        foreach (var sql in statements)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The checks.json; with <paramref name="learned"/> false the hourly volume has static bounds only.</summary>
    public static string Json(string warehouseFile, bool learned = true)
    {
        var sources = new JsonObject { [Source] = new JsonObject { ["type"] = "duckdb", ["path"] = warehouseFile } };
        var defaults = new JsonObject { ["timezone"] = "UTC", ["schedule"] = "0 5 * * * ?" };
        var checks = JsonNode.Parse(Checks)!.AsArray().Select(c => c!.AsObject()).ToList();
        if (!learned)
        {
            checks.Single(c => (string?)c["name"] == AnomalyCheck).Remove("anomaly");
        }

        return CheckJson.Document(defaults, sources, checks.Select(c => c.DeepClone().AsObject()));
    }

    private const string Checks = """
        [
          { "name": "orders_freshness", "type": "freshness", "source": "warehouse", "table": "shop.orders",
            "column": "created_at", "warn_after": "1h", "critical_after": "6h" },
          { "name": "orders_volume_1d", "type": "volume", "source": "warehouse", "table": "shop.orders",
            "time_column": "created_at", "window": "1d", "warn": { "min": 20000 }, "critical": { "min": 5000 } },
          { "name": "orders_email_null_rate", "type": "null_rate", "source": "warehouse", "table": "shop.orders",
            "column": "email", "min_rows": 100, "warn": { "max": 0.05 }, "critical": { "max": 0.1 } },
          { "name": "orders_id_unique", "type": "uniqueness", "source": "warehouse", "table": "shop.orders",
            "columns": ["id"], "warn": { "max": 0 }, "critical": { "max": 0.01 } },
          { "name": "orders_status_accepted", "type": "validity", "source": "warehouse", "table": "shop.orders",
            "column": "status", "accepted_values": ["paid", "shipped", "delivered", "refunded"],
            "warn": { "max": 0 }, "critical": { "max": 0.05 } },
          { "name": "orders_amount_range", "type": "validity", "source": "warehouse", "table": "shop.orders",
            "column": "amount", "range": { "min": 0, "max": 10000 }, "warn": { "max": 0 }, "critical": { "max": 0.01 } },
          { "name": "orders_email_pattern", "type": "validity", "source": "warehouse", "table": "shop.orders",
            "column": "email", "pattern": "^[^@ ]+@[^@ ]+\\.[a-z]+$", "warn": { "max": 0 }, "critical": { "max": 0.05 } },
          { "name": "orders_schema", "type": "schema", "source": "warehouse", "table": "shop.orders",
            "expect": { "columns": { "id": "BIGINT", "customer_id": "BIGINT", "status": "VARCHAR", "email": "VARCHAR",
                                     "created_at": "TIMESTAMP" }, "allow_extra": true } },
          { "name": "orders_hourly", "type": "volume", "source": "warehouse", "table": "shop.orders",
            "time_column": "created_at", "window": "1h", "window_alignment": "complete",
            "critical": { "min": 1 }, "anomaly": {} },
          { "name": "orders_amount_null_rate_7d", "type": "null_rate", "source": "warehouse", "table": "shop.orders",
            "column": "amount", "time_column": "created_at", "window": "7d", "min_rows": 100,
            "warn": { "max": 0.02 }, "critical": { "max": 0.05 } }
        ]
        """;
}

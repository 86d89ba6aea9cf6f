using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sources.Postgres;
using CustomerData.Tests.TestSupport;
using Npgsql;
using NpgsqlTypes;

namespace CustomerData.Tests.Postgres;

/// <summary>
/// The seeded orders table (<see cref="OrdersTable"/>) in its own database on the run's PostgreSQL, whose sessions
/// default to Europe/Paris so a TIMESTAMP compared outside UTC would shift; and a catalog whose postgres source reads
/// its connection string from a variable only this test sees.
/// </summary>
internal static class PostgresShop
{
    public const string Variable = "CUSTOMERDATA_TEST_PG";

    // The newest row to the microsecond, so freshness proves the epoch microseconds are exact.
    public static readonly OrdersTable Orders = new(
        2_000,
        seed: 12,
        [new OrderRow(2_000, "FR", null, OrdersTable.Now.UtcDateTime.AddTicks(-1_234_560), OrdersTable.Now.AddMinutes(-7).AddTicks(-9_876_540))]);

    public static async Task<PostgresDatabase> CreateAsync(string hint)
    {
        var db = await PostgresServer.CreateDatabaseAsync(hint);
        await ExecuteAsync(db, $"""
            ALTER DATABASE "{db.Name}" SET TimeZone = 'Europe/Paris';
            CREATE SCHEMA shop;
            CREATE TABLE shop.orders (id integer PRIMARY KEY, country text NOT NULL, email text, created_at timestamp NOT NULL, shipped_at timestamptz);
            CREATE SEQUENCE shop.order_ids;
            """);
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        {
            await using (var copy = await connection.BeginBinaryImportAsync("COPY shop.orders (id, country, email, created_at, shipped_at) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var row in Orders.Rows)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(row.Id, NpgsqlDbType.Integer);
                    await copy.WriteAsync(row.Country, NpgsqlDbType.Text);
                    await copy.WriteAsync((object?)row.Email ?? DBNull.Value, NpgsqlDbType.Text);
                    await copy.WriteAsync(DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Unspecified), NpgsqlDbType.Timestamp);
                    await copy.WriteAsync(row.ShippedAt is { } shipped ? shipped.UtcDateTime : (object)DBNull.Value, NpgsqlDbType.TimestampTz);
                }

                await copy.CompleteAsync();
            }
        }

        // Sessions opened from here on, the test's own included, start in Europe/Paris.
        db.DataSource.Clear();
        return db;
    }

    public static async Task ExecuteAsync(PostgresDatabase db, string sql)
    {
        await using var command = db.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A plain query's single value, on the test's own connection (not the monitor's).</summary>
    public static async Task<object?> ScalarAsync(PostgresDatabase db, string sql, params object[] parameters)
    {
        await using var command = db.DataSource.CreateCommand(sql);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        var result = await command.ExecuteScalarAsync();
        return result is DBNull ? null : result;
    }

    /// <summary>The built-in catalog, its postgres source reading <see cref="Variable"/> as <paramref name="connectionString"/>.</summary>
    public static Catalog CatalogWith(string? connectionString) => new(
        Catalog.Default.CheckKinds,
        [.. Catalog.Default.SourceKinds.Where(k => k is not PostgresSourceKind), new PostgresSourceKind(name => name == Variable ? connectionString : null)]);

    public static string Json(string checks, string defaults = """{ "timezone": "UTC" }""") => $$"""
        {
          "defaults": {{defaults}},
          "sources": { "pg": { "type": "postgres", "connection_string_env": "{{Variable}}" } },
          "checks": {{checks}}
        }
        """;

    public static async Task<IReadOnlyList<CheckResult>> RunAsync(MonitorConfig config, string? connectionString, TimeProvider time)
    {
        var catalog = CatalogWith(connectionString);
        await using var sources = DataSources.Open(config, catalog, new SourceEnvironment(".", time));
        return await new CheckEngine(catalog, sources, time).RunAsync(config, config.Checks, CancellationToken.None);
    }

    /// <summary>A source of <paramref name="config"/> as the engine would open it, for tests that call it directly.</summary>
    public static PostgresSource Open(MonitorConfig config, string connectionString) =>
        (PostgresSource)CatalogWith(connectionString).SourceKindOf(config.Sources["pg"]).Create(
            config.Sources["pg"], new SourceEnvironment(".", TimeProvider.System) { DefaultCheckTimeout = config.Defaults.Timeout.Value });
}

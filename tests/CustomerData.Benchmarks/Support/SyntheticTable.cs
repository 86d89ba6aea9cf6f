using System.Globalization;
using DuckDB.NET.Data;

namespace CustomerData.Benchmarks.Support;

/// <summary>
/// Generated customer-data tables in a DuckDB file: a row per id with a country, an email and a campaign
/// (sometimes NULL), an amount, a status, and created/updated times spread over 90 days before the anchor.
/// Values come from hash(id, salt), so the same anchor gives the same data. The modulo is taken in UBIGINT:
/// hash() is UBIGINT, and mixing it with a BIGINT widens the arithmetic to HUGEINT, ten times slower at 10 M rows.
/// </summary>
internal static class SyntheticTable
{
    public static readonly string[] Countries = ["FR", "DE", "GB", "ES", "IT", "US"];

    /// <summary>Creates the file with the given tables (dotted names) and row counts.</summary>
    public static async Task CreateAsync(string path, DateTimeOffset anchor, IReadOnlyList<(string Table, long Rows)> tables, CancellationToken cancellationToken)
    {
        await using var connection = new DuckDBConnection($"Data Source={path}");
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "SET TimeZone = 'UTC'", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "CREATE TEMP MACRO rnd(i, salt, n) AS CAST(hash(i, salt) % CAST(n AS UBIGINT) AS BIGINT)", cancellationToken).ConfigureAwait(false);
        foreach (var schema in tables.Select(t => t.Table.Split('.')[0]).Distinct(StringComparer.Ordinal))
        {
            await ExecuteAsync(connection, $"CREATE SCHEMA IF NOT EXISTS {schema}", cancellationToken).ConfigureAwait(false);
        }

        foreach (var (table, rows) in tables)
        {
            await ExecuteAsync(connection, CreateTable(table, rows, anchor), cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, "CHECKPOINT", cancellationToken).ConfigureAwait(false);
    }

    public static string Literal(DateTimeOffset time) =>
        "TIMESTAMP '" + time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "'";

    private static string CreateTable(string table, long rows, DateTimeOffset anchor)
    {
        // Rows arrive in time order, as appended tables do: created_at falls from the anchor back 90 days
        // over the ids, with up to an hour of jitter; lists are CASE expressions, cheaper to generate at 10 M rows.
        return $"""
            CREATE TABLE {table} AS
            SELECT
              i AS id,
              rnd(i, 'customer', 100000) AS customer_id,
              {Pick("rnd(i, 'country', 6)", Countries)} AS country,
              CASE WHEN rnd(i, 'email', 100) < 3 THEN NULL ELSE 'customer' || i || '@example.com' END AS email,
              CASE WHEN rnd(i, 'campaign', 100) < 10 THEN NULL ELSE 'cmp-' || rnd(i, 'campaign_id', 40) END AS campaign_id,
              CASE WHEN rnd(i, 'amount', 100) < 1 THEN NULL ELSE round(5 + rnd(i, 'amount_eur', 50000) / 100.0, 2) END AS amount,
              {Pick("rnd(i, 'status', 4)", ["new", "paid", "shipped", "cancelled"])} AS status,
              created_at,
              least(created_at + to_seconds(rnd(i, 'updated', 7200)), {Literal(anchor)}) AS updated_at
            FROM (
              SELECT i, {Literal(anchor)} - to_seconds(CAST(({rows} - i) * {90 * 86400} // {rows} AS BIGINT) + rnd(i, 'jitter', 3600)) - INTERVAL 1 SECOND AS created_at
              FROM range({rows}) t(i)
            )
            """;
    }

    private static string Pick(string index, string[] values) =>
        "CASE " + index + string.Concat(values.SkipLast(1).Select((v, i) => $" WHEN {i} THEN '{v}'")) + $" ELSE '{values[^1]}' END";

    private static async Task ExecuteAsync(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

using System.Text.Json.Nodes;
using CustomerData.Benchmarks.Support;

namespace CustomerData.Benchmarks.QueryEconomy;

/// <summary>
/// The reference configuration of item 1: 100 checks over 20 tables, five per table (freshness, total volume,
/// windowed volume, two null rates on different columns), with filters, windows and alignments varying by table.
/// </summary>
internal static class ReferenceConfiguration
{
    public const int Tables = 20;
    public const string Source = "warehouse";

    private static readonly string[] Windows = ["1h", "6h", "1d", "7d"];

    public static string TableName(int k) => $"bench.table_{k:00}";

    /// <summary>Tables grow from 10,000 to 200,000 rows, so a scan's cost differs by table.</summary>
    public static long RowsOf(int k) => 10_000L * k;

    public static IReadOnlyList<(string Table, long Rows)> TableList =>
        [.. Enumerable.Range(1, Tables).Select(k => (TableName(k), RowsOf(k)))];

    /// <summary>
    /// The checks.json: the warehouse file opened read-only as any DuckDB source is. (The sandbox the source applies
    /// before init forbids ATTACH and a profile file, so rows scanned are read on a connection of the benchmark's own.)
    /// </summary>
    public static string Json(string warehouseFile)
    {
        var sources = new JsonObject
        {
            [Source] = new JsonObject { ["type"] = "duckdb", ["path"] = warehouseFile },
        };
        var defaults = new JsonObject { ["timezone"] = "Europe/Paris", ["schedule"] = "0 */15 * * * ?" };
        return CheckJson.Document(defaults, sources, Enumerable.Range(1, Tables).SelectMany(Checks));
    }

    private static IEnumerable<JsonObject> Checks(int k)
    {
        var table = TableName(k);
        var prefix = $"table_{k:00}";
        var rows = RowsOf(k);
        var window = Windows[k % Windows.Length];
        var alignment = k % 2 == 0 ? "complete" : "trailing";
        var country = SyntheticTable.Countries[k % SyntheticTable.Countries.Length];

        yield return CheckJson.Freshness($"{prefix}_freshness", Source, table, "updated_at", "2h", "6h", filter: k % 2 == 1 ? "status <> 'cancelled'" : null);
        yield return CheckJson.Volume($"{prefix}_rows", Source, table, warnMin: rows / 2, criticalMin: rows / 10);
        yield return CheckJson.Volume($"{prefix}_volume_{window}", Source, table, warnMin: 10, criticalMin: 1, "created_at", window, alignment, filter: k % 3 == 0 ? "country = 'FR'" : null);
        yield return CheckJson.NullRate($"{prefix}_email_null_rate_{country.ToLowerInvariant()}", Source, table, "email", 0.05, 0.2, minRows: 100,
            timeColumn: "created_at", window: k % 2 == 0 ? "7d" : null, filter: $"country = '{country}'");
        var column = k % 2 == 0 ? "campaign_id" : "amount";
        yield return CheckJson.NullRate($"{prefix}_{column}_null_rate", Source, table, column, 0.15, 0.3,
            timeColumn: "created_at", window: k % 3 == 0 ? null : "1d", alignment: "trailing", filter: k % 4 == 0 ? "status = 'paid'" : null);
    }
}

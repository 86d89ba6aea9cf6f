using System.Globalization;
using System.Text.Json.Nodes;
using CustomerData.Benchmarks.Support;

namespace CustomerData.Benchmarks.Scale;

/// <summary>
/// Item 3's configurations on the demo warehouse: many generated checks spread over its three tables and
/// their columns (kinds, filters, windows, alignments and thresholds drawn from a seeded generator), and a
/// baseline of one check per table. Every check runs on a schedule far in the future, so `serve` only schedules.
/// </summary>
internal static class ScaleConfiguration
{
    public const string Source = "demo";

    /// <summary>Once a year, on 1 January 2099 (Quartz cron, seconds first, with a year field).</summary>
    public const string FarFuture = "0 0 0 1 1 ? 2099";

    private static readonly DemoTable[] DemoTables =
    [
        new("crm.customers", ["created_at", "updated_at"], ["email", "country"],
            ["country = 'FR'", "country = 'DE'", "country = 'GB'", "country = 'ES'", "country = 'IT'", "country = 'US'", .. Modulo("customer_id")]),
        new("sales.orders", ["created_at", "updated_at"], ["amount_eur", "status"],
            ["status = 'paid'", "status = 'shipped'", "status = 'delivered'", "status = 'refunded'", "amount_eur > 10", "amount_eur > 100", "amount_eur > 250", .. Modulo("customer_id")]),
        new("marketing.events", ["event_time"], ["campaign_id", "event_type"],
            ["event_type = 'email_open'", "event_type = 'email_click'", "event_type = 'page_view'", "event_type = 'ad_click'", .. Modulo("customer_id")]),
    ];

    private static readonly string[] Windows = ["1h", "6h", "1d", "7d", "30d"];
    private static readonly string[] Owners = ["order-data", "marketing-data", "crm-data", "customer-data"];

    /// <summary>The generated configuration: <paramref name="count"/> checks over the demo's three tables.</summary>
    public static string Generated(int count, string demoFile)
    {
        var random = new Random(7);
        return Document(demoFile, Enumerable.Range(0, count).Select(i => Check(i, DemoTables[i % DemoTables.Length], random)));
    }

    /// <summary>
    /// The baseline: one null-rate check per table, so a run reads each table once with two aggregates
    /// (a plain count(*) would be answered from DuckDB's statistics without a scan).
    /// </summary>
    public static string OnePerTable(string demoFile) =>
        Document(demoFile, DemoTables.Select((t, i) => CheckJson.NullRate($"baseline_{i}_null_rate", Source, t.Name, t.NullColumns[0], 0.05, 0.5)));

    private static string Document(string demoFile, IEnumerable<JsonObject> checks) =>
        CheckJson.Document(
            new JsonObject
            {
                ["schedule"] = FarFuture, ["timezone"] = "Europe/Paris", ["owner"] = "customer-data",
                ["notify"] = new JsonObject { ["slack"] = "#customer-data-alerts" }, ["renotify_after"] = "4h",
            },
            new JsonObject { [Source] = new JsonObject { ["type"] = "duckdb", ["path"] = demoFile } },
            checks,
            new JsonObject { ["slack"] = new JsonObject { ["webhooks"] = new JsonObject { ["#customer-data-alerts"] = "console" } } });

    private static JsonObject Check(int i, DemoTable table, Random random)
    {
        var name = $"{table.Name.Split('.')[1]}_{i:00000}";
        var filter = random.Next(4) == 0 ? null : table.Filters[random.Next(table.Filters.Length)];
        var timeColumn = table.TimeColumns[random.Next(table.TimeColumns.Length)];
        var window = random.Next(5) == 0 ? null : Windows[random.Next(Windows.Length)];
        var alignment = random.Next(2) == 0 ? "trailing" : "complete";
        JsonObject check = ((i / DemoTables.Length) % 3) switch
        {
            0 => CheckJson.Freshness(name + "_freshness", Source, table.Name, timeColumn, $"{1 + random.Next(12)}h", $"{13 + random.Next(36)}h", filter),
            1 => CheckJson.Volume(name + "_volume", Source, table.Name, warnMin: 100 + random.Next(1000), criticalMin: random.Next(100), timeColumn, window, alignment, filter),
            _ => CheckJson.NullRate(name + "_null_rate", Source, table.Name, table.NullColumns[random.Next(table.NullColumns.Length)],
                Math.Round(0.01 + (random.NextDouble() * 0.1), 3), 0.5, minRows: 1 + random.Next(100), timeColumn, window, alignment, filter),
        };
        check["owner"] = Owners[i % Owners.Length];
        check["tags"] = new JsonArray($"domain:{table.Name.Split('.')[0]}", $"tier:{1 + (i % 3)}");
        check["description"] = $"Generated check {i.ToString(CultureInfo.InvariantCulture)} on {table.Name}.";
        return check;
    }

    private static string[] Modulo(string column) => [.. Enumerable.Range(0, 10).Select(k => $"{column} % 10 = {k}")];

    private sealed record DemoTable(string Name, string[] TimeColumns, string[] NullColumns, string[] Filters);
}

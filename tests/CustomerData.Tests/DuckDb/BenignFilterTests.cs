using System.Text.Json;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.DuckDb;

/// <summary>The filters people write still validate and count exactly the rows C# says they match.</summary>
[TestClass]
public sealed class BenignFilterTests
{
    private static readonly DateTime Nov24 = new(2026, 11, 24);
    private static readonly DateTime Nov25 = new(2026, 11, 25);

    private static readonly (string Filter, Func<OrderRow, bool> Matches)[] Filters =
    [
        ("country = 'FR'", r => r.Country == "FR"),
        ("country <> 'FR'", r => r.Country != "FR"),
        ("country IN ('FR', 'DE')", r => r.Country is "FR" or "DE"),
        ("country NOT IN ('FR')", r => r.Country != "FR"),
        ("id BETWEEN 100 AND 199", r => r.Id is >= 100 and <= 199),
        ("email LIKE 'c1%'", r => r.Email?.StartsWith("c1", StringComparison.Ordinal) == true),
        ("email ILIKE 'C2%'", r => r.Email?.StartsWith("c2", StringComparison.Ordinal) == true),
        ("email IS NULL", r => r.Email is null),
        ("email IS NOT NULL AND country = 'GB'", r => r.Email is not null && r.Country == "GB"),
        ("NOT (country = 'FR' OR country = 'DE')", r => r.Country is not ("FR" or "DE")),
        ("created_at >= TIMESTAMP '2026-11-25 00:00:00'", r => r.CreatedAt >= Nov25),
        ("CAST(created_at AS DATE) = DATE '2026-11-24'", r => r.CreatedAt.Date == Nov24),
        ("lower(country) = 'fr'", r => r.Country == "FR"),
        ("coalesce(email, 'none') = 'none'", r => r.Email is null),
        ("id % 2 = 0", r => r.Id % 2 == 0),
        ("CASE WHEN country = 'FR' THEN 1 ELSE 0 END = 1", r => r.Country == "FR"),
        ("length(email) > 15", r => r.Email?.Length > 15),
        ("date_trunc('day', created_at) = TIMESTAMP '2026-11-25 00:00:00'", r => r.CreatedAt.Date == Nov25),
        ("starts_with(email, 'c3') AND NOT contains(email, '7')", r => r.Email is { } e && e.StartsWith("c3", StringComparison.Ordinal) && !e.Contains('7', StringComparison.Ordinal)),
        ("\"country\" = 'FR'", r => r.Country == "FR"),
        ("upper(trim(country)) IN ('FR')", r => r.Country == "FR"),
        ("extract(hour from created_at) < 12", r => r.CreatedAt.Hour < 12),
        ("email NOT LIKE '%5@%' AND id IS DISTINCT FROM 3", r => r.Email?.Contains("5@", StringComparison.Ordinal) != true && r.Email is not null && r.Id != 3),
        ("regexp_matches(email, '^c[0-9]+7@')", r => r.Email is { } e && System.Text.RegularExpressions.Regex.IsMatch(e, "^c[0-9]+7@")),
        ("nullif(country, 'FR') IS NULL", r => r.Country == "FR"),
        ("greatest(id, 10) = 10", r => r.Id <= 10),
        ("created_at < TIMESTAMP '2026-11-26 10:20:00' - INTERVAL 1 DAY", r => r.CreatedAt < OrdersTable.Now.UtcDateTime.AddDays(-1)),
    ];

    [TestMethod]
    public void TheTableHoldsAtLeastFifteenFilters() => Assert.IsGreaterThanOrEqualTo(15, Filters.Length);

    [TestMethod]
    public async Task EveryFilter_Validates_AndCountsExactlyTheMatchingRows()
    {
        using var warehouse = await SecretWarehouse.CreateAsync();
        var checks = Filters.Select((f, i) =>
            $"{{ \"name\": \"f{i}\", \"type\": \"volume\", \"source\": \"wh\", \"table\": \"shop.orders\", \"filter\": {JsonSerializer.Serialize(f.Filter)}, \"critical\": {{ \"min\": 0 }} }}");
        var config = Configs.Valid($$"""
            { "sources": { "wh": { "type": "duckdb", "path": "warehouse.duckdb" } }, "checks": [ {{string.Join(",\n", checks)}} ] }
            """);

        var results = await Runs.RunAsync(config, new FakeTimeProvider(OrdersTable.Now), warehouse.Directory);

        for (var i = 0; i < Filters.Length; i++)
        {
            var expected = SecretWarehouse.Orders.Rows.Count(Filters[i].Matches);
            Assert.AreEqual(expected, results.Single($"f{i}").Value, $"{Filters[i].Filter}: {results.Single($"f{i}").Message}");
        }

        var trivial = Filters.Where(f => !SecretWarehouse.Orders.Rows.Any(f.Matches) || SecretWarehouse.Orders.Rows.All(f.Matches)).Select(f => f.Filter);
        Assert.IsFalse(trivial.Any(), "every filter matches some rows, not all: " + string.Join(", ", trivial));
    }
}

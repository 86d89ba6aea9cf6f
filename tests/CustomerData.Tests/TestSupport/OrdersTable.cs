using System.Globalization;

namespace CustomerData.Tests.TestSupport;

/// <summary>One row of the test orders table.</summary>
internal sealed record OrderRow(int Id, string Country, string? Email, DateTime CreatedAt, DateTimeOffset? ShippedAt);

/// <summary>
/// A seeded table of orders whose truth tests compute in C# (LINQ over the same rows), independently of
/// the SQL the monitor generates.
/// </summary>
internal sealed class OrdersTable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 20, 0, TimeSpan.Zero);

    public OrdersTable(int count, int seed, IEnumerable<OrderRow>? planted = null)
    {
        var random = new Random(seed);
        var countries = new[] { "FR", "DE", "GB" };
        Rows = [.. Enumerable.Range(0, count).Select(i => new OrderRow(
            i,
            countries[random.Next(countries.Length)],
            random.Next(100) < 7 ? null : $"c{i}@example.com",
            Now.UtcDateTime.AddSeconds(-random.Next(3 * 86400)).AddSeconds(-1),
            random.Next(10) < 2 ? null : Now.AddMinutes(-random.Next(600)).AddMinutes(-30))),
            .. planted ?? []];
    }

    public IReadOnlyList<OrderRow> Rows { get; }

    public IEnumerable<string> Init()
    {
        yield return "CREATE SCHEMA shop";
        yield return "CREATE TABLE shop.orders (id INTEGER, country VARCHAR, email VARCHAR, created_at TIMESTAMP, shipped_at TIMESTAMPTZ)";
        foreach (var chunk in Rows.Chunk(500))
        {
            yield return "INSERT INTO shop.orders VALUES " + string.Join(", ", chunk.Select(Values));
        }
    }

    private static string Values(OrderRow row) =>
        string.Create(CultureInfo.InvariantCulture, $"({row.Id}, '{row.Country}', {(row.Email is null ? "NULL" : $"'{row.Email}'")}, TIMESTAMP '{row.CreatedAt:yyyy-MM-dd HH:mm:ss.ffffff}', {(row.ShippedAt is { } s ? $"TIMESTAMPTZ '{s:yyyy-MM-dd HH:mm:ss.ffffffzzz}'" : "NULL")})");
}

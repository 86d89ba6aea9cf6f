using System.Globalization;
using CustomerData.Checks.Engine;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Kinds;

/// <summary>One row of the test payments table.</summary>
internal sealed record PaymentRow(long Id, long? CustomerId, int? Day, string Country, string? Status, double? Amount, string? Email, DateTime CreatedAt);

/// <summary>
/// A seeded payments table with what uniqueness and validity look for: repeated ids, unexpected statuses, negative and
/// huge amounts, malformed and hostile emails, NULLs in every judged column. Tests compute the truth in C# over the same
/// rows, independently of the SQL the monitor writes.
/// </summary>
internal sealed class PaymentsTable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 20, 0, TimeSpan.Zero);

    /// <summary>A malformed email that would ping a channel and break a code block if it reached Slack raw.</summary>
    public const string HostileEmail = "<!channel> ```x``` & co";

    public PaymentsTable(int count, int seed)
    {
        var random = new Random(seed);
        var statuses = new[] { "paid", "shipped", "refunded" };
        var rows = new List<PaymentRow>();
        for (var i = 0; i < count; i++)
        {
            // About 3% of rows repeat an earlier id (a retried load), with their own other columns.
            var id = i > 10 && random.Next(100) < 3 ? rows[random.Next(rows.Count)].Id : 100_000 + i;
            var roll = random.Next(100);
            rows.Add(new PaymentRow(
                id,
                random.Next(100) < 5 ? null : random.Next(400),
                random.Next(100) < 4 ? null : random.Next(30),
                random.Next(2) == 0 ? "FR" : "DE",
                roll < 3 ? null : roll < 5 ? "PAID" : roll < 6 ? "lost" : statuses[random.Next(statuses.Length)],
                random.Next(100) switch { < 2 => null, < 4 => -random.Next(1, 500) - 0.25, < 5 => 10_000 + random.Next(5_000), var n => n * 10.5 },
                random.Next(100) switch { < 3 => null, < 5 => $"customer{i}.example.com", var _ when i == 7 => HostileEmail, _ => $"customer{i}@example.com" },
                Now.UtcDateTime.AddSeconds(-random.Next(2 * 86400)).AddSeconds(-1)));
        }

        Rows = rows;
    }

    public IReadOnlyList<PaymentRow> Rows { get; }

    /// <summary>Runs one check (JSON) on an in-memory DuckDB holding this table, at <see cref="Now"/>.</summary>
    public async Task<CheckResult> RunAsync(string check) =>
        (await Runs.RunAsync(Configs.InMemory(Init(), $"[{check}]"), new FakeTimeProvider(Now)))[0];

    public IEnumerable<string> Init()
    {
        yield return "CREATE SCHEMA shop";
        yield return "CREATE TABLE shop.payments (id BIGINT, customer_id BIGINT, day INTEGER, country VARCHAR, status VARCHAR, amount DOUBLE, email VARCHAR, created_at TIMESTAMP)";
        foreach (var chunk in Rows.Chunk(500))
        {
            yield return "INSERT INTO shop.payments VALUES " + string.Join(", ", chunk.Select(Values));
        }
    }

    private static string Values(PaymentRow row) => string.Create(
        CultureInfo.InvariantCulture,
        $"({row.Id}, {Sql(row.CustomerId)}, {Sql(row.Day)}, '{row.Country}', {Text(row.Status)}, {Sql(row.Amount)}, {Text(row.Email)}, TIMESTAMP '{row.CreatedAt:yyyy-MM-dd HH:mm:ss}')");

    private static string Sql(IFormattable? value) => value?.ToString(null, CultureInfo.InvariantCulture) ?? "NULL";

    private static string Text(string? value) => value is null ? "NULL" : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}

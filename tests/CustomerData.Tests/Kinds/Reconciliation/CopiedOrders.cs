using System.Globalization;

namespace CustomerData.Tests.Kinds.Reconciliation;

/// <summary>
/// Orders and their copy, generated from a seed with planted faults, so every expected number is computed here over
/// the rows (LINQ), independently of the monitor: 2% of orders lost in the copy, 1% copied twice, and orders of the
/// last three hours not copied yet (those of the last two hours are inside the lag, the hour before is not).
/// </summary>
internal sealed class CopiedOrders
{
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 30, 0, TimeSpan.Zero);
    public static readonly TimeSpan Lag = TimeSpan.FromHours(2);
    public static readonly TimeSpan Window = TimeSpan.FromDays(1);

    public CopiedOrders(int count = 3_000, int seed = 15)
    {
        var random = new Random(seed);
        Left = [.. Enumerable.Range(0, count).Select(i => new Order(
            i,
            Now.AddMilliseconds(-random.NextInt64((long)TimeSpan.FromHours(60).TotalMilliseconds) - 1000),
            decimal.Round(1 + (decimal)random.NextDouble() * 500, 2)))];
        Right = [.. Left.Where(o => o.Created < Now.AddHours(-3) && o.Id % 50 != 7).SelectMany(o => o.Id % 100 == 3 ? new[] { o, o } : [o])];
    }

    /// <summary>The span a 1d trailing window with a 2h lag compares: [now − 26h, now − 2h).</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Span => (Now - Lag - Window, Now - Lag);

    public IReadOnlyList<Order> Left { get; }

    public IReadOnlyList<Order> Right { get; }

    public static bool InSpan(Order order) => order.Created >= Span.Start && order.Created < Span.End;

    public int LeftCount => Left.Count(InSpan);

    public int RightCount => Right.Count(InSpan);

    public decimal LeftSum => Left.Where(InSpan).Sum(o => o.Amount);

    public decimal RightSum => Right.Where(InSpan).Sum(o => o.Amount);

    /// <summary>Ids of the left's window that the right's window lacks.</summary>
    public IReadOnlySet<string> MissingKeys =>
        Left.Where(InSpan).Select(o => Key(o.Id)).Except(Right.Where(InSpan).Select(o => Key(o.Id))).ToHashSet();

    public static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>DuckDB statements creating <paramref name="table"/> from the rows, with the time column as <paramref name="timeType"/>.</summary>
    public static IEnumerable<string> Init(string table, IReadOnlyList<Order> rows, string timeType, string amountType)
    {
        yield return $"CREATE TABLE {table} (id BIGINT, created_at {timeType}, amount {amountType})";
        foreach (var chunk in rows.Chunk(500))
        {
            yield return $"INSERT INTO {table} VALUES " + string.Join(", ", chunk.Select(o => string.Create(CultureInfo.InvariantCulture, $"({o.Id}, '{o.Created.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}+00', {o.Amount})")));
        }
    }

    public sealed record Order(long Id, DateTimeOffset Created, decimal Amount);
}

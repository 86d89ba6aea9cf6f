using System.Globalization;
using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Monitors.History;

namespace CustomerData.Benchmarks.ReportPage;

/// <summary>
/// Fills a real SQLite history store (state.db, through SqliteHistoryStore) with results at each check's schedule over
/// a span: every tenth check hourly, the others daily at 06:00; values drift around a level per check, 2% are WARNING,
/// 1% CRITICAL and 0.5% UNKNOWN without a value; the hourly volume and null-rate checks carry a learned range, as a
/// check with "anomaly" records it.
/// </summary>
internal static class HistoryFill
{
    private const int Batch = 20_000;

    /// <summary>Returns how many results were stored.</summary>
    public static async Task<long> FillAsync(SqliteHistoryStore store, IReadOnlyList<CheckDefinition> checks, DateTimeOffset end, TimeSpan span, CancellationToken cancellationToken)
    {
        var random = new Random(8);
        var batch = new List<HistoryRecord>(Batch);
        long stored = 0;
        for (var i = 0; i < checks.Count; i++)
        {
            var check = checks[i];
            var hourly = i % 10 == 0;
            var type = Catalog.Default.CheckKindOf(check).TypeName;
            var level = type switch { "freshness" => 1800d, "null_rate" => 0.01, _ => 1000d + random.Next(9000) };
            var learned = hourly && type is "volume" or "null_rate";
            foreach (var at in Schedule(end, span, hourly))
            {
                batch.Add(Record(check, type, level, learned, at, random));
                if (batch.Count == Batch)
                {
                    await store.AppendAsync(batch, cancellationToken).ConfigureAwait(false);
                    stored += batch.Count;
                    batch.Clear();
                }
            }
        }

        await store.AppendAsync(batch, cancellationToken).ConfigureAwait(false);
        return stored + batch.Count;
    }

    private static IEnumerable<DateTimeOffset> Schedule(DateTimeOffset end, TimeSpan span, bool hourly)
    {
        var start = end - span;
        var first = hourly
            ? new DateTimeOffset(start.Year, start.Month, start.Day, start.Hour, 0, 0, TimeSpan.Zero).AddHours(1)
            : new DateTimeOffset(start.Year, start.Month, start.Day, 6, 0, 0, TimeSpan.Zero).AddDays(1);
        for (var at = first; at < end; at = at.Add(hourly ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1)))
        {
            yield return at.AddMilliseconds(200 + (at.Hour * 37));
        }
    }

    private static HistoryRecord Record(CheckDefinition check, string type, double level, bool learned, DateTimeOffset at, Random random)
    {
        var roll = random.NextDouble();
        var status = roll switch { < 0.005 => CheckStatus.Unknown, < 0.015 => CheckStatus.Critical, < 0.035 => CheckStatus.Warning, _ => CheckStatus.Ok };
        double? value = status == CheckStatus.Unknown ? null : Math.Round(level * (0.8 + (random.NextDouble() * 0.4)) * (status == CheckStatus.Ok ? 1 : 3), 4);
        var observed = value is { } v ? v.ToString("#,##0.####", CultureInfo.InvariantCulture) : "no value";
        var message = status == CheckStatus.Unknown
            ? $"{check.Name}: query failed: Catalog Error: Table with name {check.Table} does not exist!"
            : $"{check.Name}: {observed} on {check.Table} at {at:yyyy-MM-dd HH:mm} (Europe/Paris), {status.ToString().ToUpperInvariant()}";
        var (low, high) = learned && value is not null ? (level * 0.7, level * 1.3) : ((double?)null, (double?)null);
        return new HistoryRecord(
            check.Name, type, check.Source, check.Table, status, value, observed, "warning below 500; critical below 50", message,
            Math.Round(5 + (random.NextDouble() * 40), 3), null, null, null, null, at, null, null, low, high);
    }
}

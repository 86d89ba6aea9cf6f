using CustomerData.Checks.Engine;

namespace CustomerData.Monitors.History;

/// <summary>
/// One recorded result as a chart draws it: when, how it ended, its value and the learned range it was judged
/// against; what was observed only when it was not OK (a marker's label), so a long span stays small in memory. The
/// SQLite store gives instants to the millisecond (what a chart can show), PostgreSQL to its microsecond.
/// </summary>
public readonly record struct ResultPoint(
    DateTimeOffset MeasuredAt, CheckStatus Status, double? Value, double? ExpectedLow, double? ExpectedHigh, string? Observed);

/// <summary>Many checks' results over a span, read at once: each check's points, oldest first, and its newest result in full.</summary>
public sealed record HistorySpan(
    IReadOnlyDictionary<string, IReadOnlyList<ResultPoint>> Points, IReadOnlyDictionary<string, HistoryRecord> Last)
{
    public IReadOnlyList<ResultPoint> PointsOf(string check) => Points.TryGetValue(check, out var points) ? points : [];

    public HistoryRecord? LastOf(string check) => Last.GetValueOrDefault(check);

    /// <summary>Groups rows read in check order into per-check lists.</summary>
    internal static void Add(Dictionary<string, List<ResultPoint>> points, string check, ResultPoint point)
    {
        if (!points.TryGetValue(check, out var list))
        {
            points[check] = list = [];
        }

        list.Add(point);
    }

    /// <summary>Sorts a check's points by time unless they came in that order (as the stores' index reads give them).</summary>
    internal static void InTimeOrder(List<ResultPoint> points)
    {
        for (var i = 1; i < points.Count; i++)
        {
            if (points[i].MeasuredAt < points[i - 1].MeasuredAt)
            {
                points.Sort((a, b) => a.MeasuredAt.CompareTo(b.MeasuredAt));
                return;
            }
        }
    }

    internal static HistorySpan From(Dictionary<string, List<ResultPoint>> points, Dictionary<string, HistoryRecord> last) =>
        new(points.ToDictionary(p => p.Key, p => (IReadOnlyList<ResultPoint>)p.Value, StringComparer.Ordinal), last);
}

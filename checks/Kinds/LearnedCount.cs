using System.Globalization;
using System.Text;
using CustomerData.Checks.Anomaly;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Values;

namespace CustomerData.Checks.Kinds;

/// <summary>
/// A learned threshold on a count per window: plans what it still needs of its training series (one grouped read of
/// the training span on the first run or after a gap; afterwards only the last <see cref="Recheck"/> buckets, folded
/// into the table's one statement, for late rows), and judges the window's count against the learned range.
/// </summary>
internal static class LearnedCount
{
    /// <summary>How many buckets before the window every run reads again, so late rows reach the training series.</summary>
    public const int Recheck = 3;

    private const string Bars = "▁▂▃▄▅▆▇█";

    public static AnomalySettings Settings(AnomalyDefinition anomaly, TimeZoneInfo zone) => new()
    {
        Sensitivity = (AnomalySensitivity)(int)(anomaly.Sensitivity ?? AnomalySensitivityName.Medium),
        Seasonality = (AnomalySeasonality)(int)(anomaly.Seasonality ?? AnomalySeasonalityName.Auto),
        Direction = (AnomalyDirection)(int)(anomaly.Direction ?? AnomalyDirectionName.Both),
        Training = anomaly.Training?.Value,
        MinTraining = anomaly.MinTraining?.Value,
        ValueKind = AnomalyValueKind.Count,
        TimeZone = zone,
    };

    /// <summary>How far back the stored series is read: the training span and the buckets around the window.</summary>
    public static TimeSpan Lookback(AnomalyDefinition anomaly, TimeSpan width) =>
        Settings(anomaly, TimeZoneInfo.Utc).TrainingFor(width) + (width * (Recheck + 2));

    /// <summary>The span the model learns from: whole buckets ending where the window starts.</summary>
    public static DateTimeOffset TrainingStart(AnomalyDefinition anomaly, TimeWindow window, TimeZoneInfo zone)
    {
        var width = window.End - window.Start;
        var buckets = (long)Math.Ceiling(Settings(anomaly, zone).TrainingFor(width) / width);
        return window.Start - (width * buckets);
    }

    /// <summary>The series measures this run needs after the window's own count.</summary>
    /// <param name="aligned">Whether windows line up from run to run (complete alignment); trailing windows re-read their training each run.</param>
    public static IReadOnlyList<Measure> Measures(AnomalyDefinition anomaly, RowScope scope, bool aligned, CheckContext context)
    {
        var window = scope.Window!;
        var width = window.End - window.Start;
        var start = TrainingStart(anomaly, window, context.TimeZone);
        var recheckStart = window.Start - (width * Recheck);
        // Stored buckets begin where the table's data began: only a gap after the first of them is read again.
        var stored = aligned ? context.Series.Select(p => p.Start).ToHashSet() : [];
        var from = aligned && context.Series.Count > 0 && context.Series[0].Start > start ? context.Series[0].Start : start;
        var firstMissing = Starts(from, recheckStart, width).Cast<DateTimeOffset?>().FirstOrDefault(s => !stored.Contains(s!.Value));
        if (firstMissing is { } missing)
        {
            return [new Measure(MeasureFunction.BucketedRowCount, scope with { Window = window with { Start = missing, End = window.Start } }) { Bucket = width }];
        }

        return [.. Starts(recheckStart, window.Start, width).Select(s => new Measure(MeasureFunction.RowCount, scope with { Window = window with { Start = s, End = s + width } }))];
    }

    /// <summary>The training series: what was stored, overwritten by what this run read (the values after the window's count).</summary>
    public static (BucketSeries Training, List<SeriesPoint> Read) Series(IReadOnlyList<MeasuredValue> read, TimeWindow window, CheckContext context)
    {
        var width = window.End - window.Start;
        var fresh = new List<SeriesPoint>();
        if (read.Count == 1 && read[0] is SeriesValue series)
        {
            fresh.AddRange(series.Points);
        }
        else
        {
            var start = window.Start - (width * read.Count);
            fresh.AddRange(read.Select((value, i) => new SeriesPoint(start + (width * i), value.AsCount() ?? 0)));
        }

        var merged = new SortedDictionary<DateTimeOffset, double>();
        foreach (var point in context.Series.Concat(fresh))
        {
            merged[point.Start] = point.Value;
        }

        return (new BucketSeries(width, merged.Where(p => p.Key < window.Start).Select(p => new BucketValue(p.Key, p.Value))), fresh);
    }

    /// <summary>"expected 2,400–3,100 for a Monday 10:00", or why there is no range yet.</summary>
    public static string Describe(AnomalyExpectation expectation, DateTimeOffset bucket, TimeZoneInfo zone)
    {
        if (expectation.Band is not { } band)
        {
            return expectation.Note!;
        }

        var slot = Slot(expectation.Seasonality, TimeZoneInfo.ConvertTime(bucket, zone));
        return $"expected {ThresholdText.Count(Math.Max(0, Math.Round(band.Warning.Low)))}–{ThresholdText.Count(Math.Round(band.Warning.High))}{slot}";
    }

    /// <summary>The last buckets and the judged one as bars, lowest to highest of them: "▂▃▅▇█▇▅▁".</summary>
    public static string Sparkline(BucketSeries training, double value, int buckets = 24)
    {
        var values = training.Buckets.TakeLast(buckets - 1).Select(b => b.Value).Append(value).ToList();
        var (low, high) = (values.Min(), values.Max());
        var text = new StringBuilder(values.Count);
        foreach (var v in values)
        {
            text.Append(high == low ? Bars[0] : Bars[(int)Math.Round((v - low) / (high - low) * (Bars.Length - 1))]);
        }

        return text.ToString();
    }

    private static string Slot(AnomalySeasonality seasonality, DateTimeOffset local) => seasonality switch
    {
        AnomalySeasonality.HourOfWeek => string.Create(CultureInfo.InvariantCulture, $" for a {local.DayOfWeek} {local:HH:mm}"),
        AnomalySeasonality.DayOfWeek => $" for a {local.DayOfWeek}",
        AnomalySeasonality.HourOfDay => string.Create(CultureInfo.InvariantCulture, $" for {local:HH:mm}"),
        _ => string.Empty,
    };

    private static IEnumerable<DateTimeOffset> Starts(DateTimeOffset from, DateTimeOffset to, TimeSpan width)
    {
        for (var start = from; start < to; start += width)
        {
            yield return start;
        }
    }
}

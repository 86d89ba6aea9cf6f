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

    public static AnomalySettings Settings(AnomalyDefinition anomaly, TimeZoneInfo zone, AnomalyValueKind kind = AnomalyValueKind.Count) => new()
    {
        Sensitivity = (AnomalySensitivity)(int)(anomaly.Sensitivity ?? AnomalySensitivityName.Medium),
        Seasonality = (AnomalySeasonality)(int)(anomaly.Seasonality ?? AnomalySeasonalityName.Auto),
        Direction = (AnomalyDirection)(int)(anomaly.Direction ?? AnomalyDirectionName.Both),
        Training = anomaly.Training?.Value,
        MinTraining = anomaly.MinTraining?.Value,
        ValueKind = kind,
        TimeZone = zone,
    };

    /// <summary>
    /// The verdict on one window's value: the static thresholds' status when crossed, else what the range learned from
    /// the buckets before <paramref name="bucket"/> says (UNKNOWN while untrained only when the check asks for it).
    /// </summary>
    public static (CheckStatus Status, AnomalyExpectation Expectation) Judge(
        AnomalyDefinition anomaly, CheckStatus statically, double value, BucketSeries training, DateTimeOffset bucket, TimeZoneInfo zone, AnomalyValueKind kind, SeasonalityMemo? memo = null)
    {
        var expectation = AnomalyDetector.Expect(training, bucket, Settings(anomaly, zone, kind), memo);
        return (statically != CheckStatus.Ok ? statically : expectation.Judge(value).Verdict switch
        {
            AnomalyVerdict.Critical => CheckStatus.Critical,
            AnomalyVerdict.Warning => CheckStatus.Warning,
            AnomalyVerdict.NotEnoughTraining when anomaly.WhenUntrained == UntrainedStatus.Unknown => CheckStatus.Unknown,
            _ => CheckStatus.Ok,
        }, expectation);
    }

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

    /// <summary>The series measures this run needs after the window's own values: one series per scope (a count, or the
    /// counts a ratio is made of), all in one grouped read, or the last buckets again inside the table's statement.</summary>
    /// <param name="aligned">Whether windows line up from run to run (complete alignment); trailing windows re-read their training each run.</param>
    public static IReadOnlyList<Measure> Measures(AnomalyDefinition anomaly, IReadOnlyList<RowScope> scopes, bool aligned, CheckContext context)
    {
        var window = scopes[0].Window!;
        var width = window.End - window.Start;
        var start = TrainingStart(anomaly, window, context.TimeZone);
        var recheckStart = window.Start - (width * Recheck);
        // Stored buckets begin where the table's data began: only a gap after the first of them is read again.
        var stored = aligned ? context.Series.Select(p => p.Start).ToHashSet() : [];
        var from = aligned && context.Series.Count > 0 && context.Series[0].Start > start ? context.Series[0].Start : start;
        var firstMissing = Starts(from, recheckStart, width).Cast<DateTimeOffset?>().FirstOrDefault(s => !stored.Contains(s!.Value));
        if (firstMissing is { } missing)
        {
            return [.. scopes.Select(scope => new Measure(MeasureFunction.BucketedRowCount, scope with { Window = window with { Start = missing, End = window.Start } }) { Bucket = width })];
        }

        return [.. Starts(recheckStart, window.Start, width).SelectMany(s => scopes.Select(scope => new Measure(MeasureFunction.RowCount, scope with { Window = window with { Start = s, End = s + width } })))];
    }

    /// <summary>
    /// The training series: what was stored, overwritten by what this run read (the values after the window's own),
    /// <paramref name="scopes"/> counts per bucket made into one value by <paramref name="combine"/> (null: the bucket
    /// says nothing, such as a ratio over too few rows).
    /// </summary>
    public static (BucketSeries Training, List<SeriesPoint> Read) Series(IReadOnlyList<MeasuredValue> read, TimeWindow window, CheckContext context, int scopes = 1, Func<double[], double?>? combine = null)
    {
        combine ??= counts => counts[0];
        var width = window.End - window.Start;
        var fresh = new List<SeriesPoint>();
        if (read.Count == scopes && read[0] is SeriesValue first)
        {
            var series = read.Select(v => v.AsSeries()!.Points.ToDictionary(p => p.Start, p => p.Value)).ToList();
            fresh.AddRange(first.Points.Select(p => (p.Start, Value: combine([.. series.Select(s => s.GetValueOrDefault(p.Start))])))
                .Where(p => p.Value is not null).Select(p => new SeriesPoint(p.Start, p.Value!.Value)));
        }
        else
        {
            var buckets = read.Count / scopes;
            var start = window.Start - (width * buckets);
            for (var i = 0; i < buckets; i++)
            {
                if (combine([.. Enumerable.Range(0, scopes).Select(j => (double)(read[(i * scopes) + j].AsCount() ?? 0))]) is { } value)
                {
                    fresh.Add(new SeriesPoint(start + (width * i), value));
                }
            }
        }

        var merged = new SortedDictionary<DateTimeOffset, double>();
        foreach (var point in context.Series.Concat(fresh))
        {
            merged[point.Start] = point.Value;
        }

        return (new BucketSeries(width, merged.Where(p => p.Key < window.Start).Select(p => new BucketValue(p.Key, p.Value))), fresh);
    }

    /// <summary>"expected 2,400–3,100 for a Monday 10:00", or why there is no range yet.</summary>
    /// <param name="format">How a value is written (default: a count).</param>
    /// <param name="signed">Whether values may be negative (a sql number): the range is then not cut at zero.</param>
    /// <param name="value">The judged value: when a shift held over the last buckets flags it, the text says so.</param>
    public static string Describe(AnomalyExpectation expectation, DateTimeOffset bucket, TimeZoneInfo zone, Func<double, string>? format = null, bool signed = false, double? value = null)
    {
        if (expectation.Band is not { } band)
        {
            return expectation.Note!;
        }

        var slot = Slot(expectation.Seasonality, TimeZoneInfo.ConvertTime(bucket, zone));
        format ??= number => ThresholdText.Count(Math.Round(number));
        var text = $"expected {format(signed ? band.Warning.Low : Math.Max(0, band.Warning.Low))}–{format(band.Warning.High)}{slot}";
        return value is { } judged && expectation.Judge(judged).Shift is { } shift
            ? $"{text}, but the last {shift.Buckets} buckets together hold {format(shift.Observed)} where {format(shift.Expected)} were expected ({Change(shift.Observed, shift.Expected)})"
            : text;
    }

    private static string Change(double observed, double expected) =>
        expected <= 0 ? "a new level"
            : observed >= expected ? string.Create(CultureInfo.InvariantCulture, $"{observed / expected:0.0#}x")
            : string.Create(CultureInfo.InvariantCulture, $"{1 - (observed / expected):0%} fewer");

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

using CustomerData.Checks.Anomaly;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Values;

namespace CustomerData.Checks.Kinds;

/// <summary>volume: the row count of a table or of a window of it, against min/max bounds.</summary>
public sealed class VolumeKind : CheckKind<VolumeCheckDefinition>
{
    public override string TypeName => "volume";

    public override string ValueMetric => "customer_data.volume.row_count";

    protected override IReadOnlyList<Measure> Measures(VolumeCheckDefinition check, CheckContext context)
    {
        var scope = WindowResolver.Scope(check, context);
        Measure count = new(check.Mode == MeasureMode.Metadata ? MeasureFunction.MetadataRowCount : MeasureFunction.RowCount, scope);
        return check.Anomaly is { } anomaly && scope.Window is not null
            ? [count, .. LearnedCount.Measures(anomaly, [scope], Aligned(check, context), context)]
            : [count];
    }

    protected override TimeSpan? HistoryNeeded(VolumeCheckDefinition check) => check switch
    {
        { Anomaly: { } anomaly, Window: { } window } => LearnedCount.Lookback(anomaly, window.Value),
        { Anomaly: { } anomaly } => RecordedRuns.Lookback(anomaly, check.Schedule),
        _ => null,
    };

    protected override IThreshold Threshold(VolumeCheckDefinition check)
    {
        var bounds = StaticBounds.Count(check.Warn, check.Critical);
        return check.Anomaly is null ? bounds
            : check.Warn is null && check.Critical is null ? StaticBounds.None("within the learned range")
            : bounds.With(bounds.Expected + "; within the learned range");
    }

    protected override Evaluation Evaluate(VolumeCheckDefinition check, IReadOnlyList<MeasuredValue> values, CheckContext context)
    {
        var threshold = Threshold(check);
        var expected = threshold.Expected;
        var rows = values[0].AsCount() ?? 0;
        var status = threshold.Judge(rows);
        var window = WindowResolver.Resolve(check, context);
        var span = WindowResolver.Describe(window, check.Filter, context);
        if (check.Anomaly is not { } anomaly || window is null)
        {
            // Without a window the learned range comes from the check's recorded runs (the whole table's count).
            var verdict = new Evaluation(status, rows, $"{ThresholdText.Count(rows)} rows", $"{ThresholdText.Count(rows)} rows {span}; {expected}", expected);
            return RecordedAnomaly.Judge(verdict, check.Anomaly, check, context, AnomalyValueKind.Count, value => ThresholdText.Count(Math.Round(value)));
        }

        var (training, read) = LearnedCount.Series([.. values.Skip(1)], window, context);
        (status, var expectation) = Judge(check, rows, training, window.Start, context.TimeZone);
        var learned = LearnedCount.Describe(expectation, window.Start, context.TimeZone, value: rows);
        var staticText = check.Warn is null && check.Critical is null ? string.Empty : "; " + StaticBounds.Count(check.Warn, check.Critical).Expected;
        var keep = Aligned(check, context) ? [.. read, new SeriesPoint(window.Start, rows)] : new List<SeriesPoint>();
        return new Evaluation(
            status,
            status == CheckStatus.Unknown ? null : rows,
            $"{ThresholdText.Count(rows)} rows",
            $"{ThresholdText.Count(rows)} rows {span}, {learned}{staticText} {LearnedCount.Sparkline(training, rows)}",
            expected)
        {
            ExpectedRange = expectation.Band is { } band ? (Math.Max(0, band.Warning.Low), band.Warning.High) : null,
            Series = keep,
        };
    }

    /// <summary>
    /// The verdict on one window's count: the static bounds when crossed, else the range learned from the buckets
    /// before <paramref name="bucket"/> (what a run decides, and what backtest replays for every bucket).
    /// </summary>
    internal static (CheckStatus Status, AnomalyExpectation Expectation) Judge(
        VolumeCheckDefinition check, double rows, BucketSeries training, DateTimeOffset bucket, TimeZoneInfo zone, SeasonalityMemo? memo = null)
    {
        var anomaly = check.Anomaly ?? throw new ArgumentException("the check has no learned threshold", nameof(check));
        return LearnedCount.Judge(anomaly, StaticBounds.Count(check.Warn, check.Critical).Judge(rows), rows, training, bucket, zone, AnomalyValueKind.Count, memo);
    }

    private static bool Aligned(VolumeCheckDefinition check, CheckContext context) =>
        context.Defaults.WindowAlignmentOf(check.WindowAlignment) == WindowAlignment.Complete;

    protected override IEnumerable<ConfigProblem> Validate(VolumeCheckDefinition check, string path, DefaultsDefinition defaults)
    {
        foreach (var problem in WindowResolver.Validate(check, path, defaults))
        {
            yield return problem;
        }

        if (check.Mode == MeasureMode.Metadata && check.Filter is not null)
        {
            yield return new ConfigProblem(path + ".filter", "a filter cannot apply to table metadata", "remove \"filter\", or use \"mode\": \"scan\"");
        }

        if (check.Anomaly is { } anomaly)
        {
            // Without a window the count of the whole table is learned from the check's recorded runs.
            foreach (var problem in check.Window is null ? RecordedAnomaly.Validate(anomaly, check, path, defaults, AnomalyValueKind.Count)
                : LearnedCount.Settings(anomaly, TimeZoneInfo.Utc).Problem(check.Window.Value.Value) is { } wrong
                    ? [new ConfigProblem(path + ".anomaly", wrong, "see README \"Learned thresholds\" for the settings and their defaults")] : [])
            {
                yield return problem;
            }

            if (check.Mode == MeasureMode.Metadata && check.Window is not null)
            {
                yield return new ConfigProblem(path + ".anomaly", "a learned threshold counts rows per window, which table metadata cannot", "use \"mode\": \"scan\" (the default)");
            }
        }

        if (check.Warn is null && check.Critical is null && check.Anomaly is null)
        {
            yield return new ConfigProblem(path, "a volume check needs \"warn\" or \"critical\" bounds, or \"anomaly\"", "add \"critical\": { \"min\": 1 } (or the row counts at which on-call should act)");
        }

        foreach (var problem in BoundRules.Check(path, check.Warn, check.Critical, "count"))
        {
            yield return problem;
        }
    }
}

using CustomerData.Checks.Anomaly;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Values;

namespace CustomerData.Checks.Kinds;

/// <summary>freshness: lag = now - max(column); WARNING after warn_after, CRITICAL after critical_after.</summary>
public sealed class FreshnessKind : CheckKind<FreshnessCheckDefinition>
{
    public override string TypeName => "freshness";

    public override string ValueMetric => "customer_data.freshness.lag_seconds";

    protected override IReadOnlyList<Measure> Measures(FreshnessCheckDefinition check, CheckContext context) =>
        check.Mode == MeasureMode.Metadata
            ? [new Measure(MeasureFunction.MetadataLastModifiedEpochMicros, RowScope.All)]
            : [new Measure(MeasureFunction.NewestEpochMicros, new RowScope(check.Filter), check.Column)];

    protected override TimeSpan? HistoryNeeded(FreshnessCheckDefinition check) =>
        check.Anomaly is { } anomaly ? RecordedRuns.Lookback(anomaly, check.Schedule) : null;

    protected override IThreshold Threshold(FreshnessCheckDefinition check) =>
        RecordedAnomaly.Threshold(StaticBounds.Age(check.WarnAfter, check.CriticalAfter), check.WarnAfter is not null || check.CriticalAfter is not null, check.Anomaly);

    protected override Evaluation Evaluate(FreshnessCheckDefinition check, IReadOnlyList<MeasuredValue> values, CheckContext context)
    {
        var threshold = Threshold(check);
        var expected = threshold.Expected;
        var what = check.Mode == MeasureMode.Metadata ? "the table was last modified" : $"newest {check.Column} is";
        if (values[0] is OutOfRangeInstantValue far)
        {
            var side = far.IsFuture ? "after 9999-12-31, too far in the future" : "before 0001-01-01, too far in the past";
            return new Evaluation(CheckStatus.Unknown, null, far.IsFuture ? "after 9999" : "before 0001", $"{what} {side} to measure an age from; {expected}", expected);
        }

        if (values[0].AsInstant() is not { } newest)
        {
            // DuckDB reads a newest value of infinity (or -infinity) as no value at all.
            return check.Mode == MeasureMode.Metadata
                ? new Evaluation(CheckStatus.Unknown, null, "no time", "the table's metadata gives no modification time, so freshness cannot be measured", expected)
                : new Evaluation(CheckStatus.Unknown, null, "no rows", $"no rows with a {check.Column} value, or the newest is infinite, so freshness cannot be measured", expected);
        }

        var lag = context.Now - newest;
        var status = threshold.Judge(lag.TotalSeconds);
        var age = lag < TimeSpan.Zero ? $"{Duration.Format(lag.Negate())} in the future" : $"{Duration.Format(lag)} old";
        var newestText = TimeZoneInfo.ConvertTime(newest, context.TimeZone).ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture);
        var verdict = new Evaluation(status, lag.TotalSeconds, age, $"{what} {age} ({newestText}); {expected}", expected);
        return RecordedAnomaly.Judge(verdict, check.Anomaly, check, context, AnomalyValueKind.Number, RecordedAnomaly.Lag);
    }

    protected override IEnumerable<ConfigProblem> Validate(FreshnessCheckDefinition check, string path, DefaultsDefinition defaults)
    {
        // Metadata mode reads the table's modification time: "column" is neither used nor asked for.
        if (check.Mode != MeasureMode.Metadata && string.IsNullOrEmpty(check.Column))
        {
            yield return new ConfigProblem(path, "a freshness check needs \"column\": the timestamp whose newest value is measured", "add \"column\": \"updated_at\", or use \"mode\": \"metadata\" where the source supports it");
        }

        foreach (var problem in string.IsNullOrEmpty(check.Column) ? []
            : Identifiers.Check(check.Column, path + ".column", "column name"))
        {
            yield return problem;
        }

        if (check.Mode == MeasureMode.Metadata && check.Filter is not null)
        {
            yield return new ConfigProblem(path + ".filter", "a filter cannot apply to table metadata", "remove \"filter\", or use \"mode\": \"scan\"");
        }

        if (check.WarnAfter is null && check.CriticalAfter is null && check.Anomaly is null)
        {
            yield return new ConfigProblem(path, "a freshness check needs \"warn_after\" or \"critical_after\", or \"anomaly\"", "add \"critical_after\": \"6h\" (or the lag at which on-call should act)");
        }

        foreach (var problem in RecordedAnomaly.Validate(check.Anomaly, check, path, defaults, AnomalyValueKind.Number))
        {
            yield return problem;
        }

        if (check.WarnAfter is { } warn && check.CriticalAfter is { } critical && warn.Value >= critical.Value)
        {
            yield return new ConfigProblem(path + ".warn_after", $"warn_after ({warn}) must be shorter than critical_after ({critical})", "WARNING fires before CRITICAL: make warn_after the smaller duration");
        }
    }
}

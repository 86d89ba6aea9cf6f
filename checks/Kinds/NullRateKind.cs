using CustomerData.Checks.Anomaly;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Values;

namespace CustomerData.Checks.Kinds;

/// <summary>null_rate: the share of rows where the column IS NULL, UNKNOWN below min_rows.</summary>
public sealed class NullRateKind : CheckKind<NullRateCheckDefinition>
{
    public override string TypeName => "null_rate";

    public override string ValueMetric => "customer_data.null_rate.ratio";

    protected override IReadOnlyList<Measure> Measures(NullRateCheckDefinition check, CheckContext context)
    {
        var scope = WindowResolver.Scope(check, context);
        RowScope[] scopes = [scope, scope with { NullColumn = check.Column }];
        IReadOnlyList<Measure> own = [.. scopes.Select(s => new Measure(MeasureFunction.RowCount, s))];
        return check.Anomaly is { } anomaly && scope.Window is not null
            ? [.. own, .. LearnedCount.Measures(anomaly, scopes, Aligned(check, context), context)]
            : own;
    }

    protected override TimeSpan? HistoryNeeded(NullRateCheckDefinition check) => check switch
    {
        { Anomaly: { } anomaly, Window: { } window } => LearnedCount.Lookback(anomaly, window.Value),
        { Anomaly: { } anomaly } => RecordedRuns.Lookback(anomaly, check.Schedule),
        _ => null,
    };

    protected override RowCondition? Offending(NullRateCheckDefinition check) => new NullValue(check.Column);

    protected override IThreshold Threshold(NullRateCheckDefinition check)
    {
        var limits = StaticBounds.Ratio(check.Warn, check.Critical);
        return check.Anomaly is null ? limits
            : check.Warn is null && check.Critical is null ? StaticBounds.None("within the learned range")
            : limits.With(limits.Expected + "; within the learned range");
    }

    protected override Evaluation Evaluate(NullRateCheckDefinition check, IReadOnlyList<MeasuredValue> values, CheckContext context)
    {
        var rows = values[0].AsCount() ?? 0;
        var nulls = values[1].AsCount() ?? 0;
        var window = WindowResolver.Resolve(check, context);
        var span = WindowResolver.Describe(window, check.Filter, context);
        var verdict = RatioVerdict.Of(Threshold(check), nulls, rows, check.MinRows, span, ("rows", "rows", "NULL"), ratio =>
            $"{check.Column} is NULL in {ThresholdText.Count(nulls)} of {ThresholdText.Count(rows)} rows = {ThresholdText.Ratio(ratio)} {span}");
        if (check.Anomaly is not { } anomaly || window is null || verdict is not { Value: { } observed })
        {
            // Without a window the learned range comes from the check's recorded runs.
            return window is null ? RecordedAnomaly.Judge(verdict, check.Anomaly, check, context, AnomalyValueKind.Share, ThresholdText.Ratio) : verdict;
        }

        // The learned range judges what the static limits let pass; they win when crossed. A bucket with fewer rows
        // than min_rows teaches nothing.
        var minimum = Math.Max(1, check.MinRows);
        var (training, read) = LearnedCount.Series([.. values.Skip(2)], window, context, 2, counts => counts[0] >= minimum ? counts[1] / counts[0] : null);
        var (status, expectation) = LearnedCount.Judge(anomaly, verdict.Status, observed, training, window.Start, context.TimeZone, AnomalyValueKind.Share);
        var learned = LearnedCount.Describe(expectation, window.Start, context.TimeZone, ThresholdText.Ratio);
        var message = verdict.Message.Replace("; " + verdict.Expected, $", {learned}; {verdict.Expected}", StringComparison.Ordinal);
        return verdict with
        {
            Status = status,
            Message = $"{message} {LearnedCount.Sparkline(training, observed)}",
            ExpectedRange = expectation.Band is { } band ? (Math.Max(0, band.Warning.Low), band.Warning.High) : null,
            Series = Aligned(check, context) ? [.. read, new SeriesPoint(window.Start, observed)] : [],
        };
    }

    private static bool Aligned(NullRateCheckDefinition check, CheckContext context) =>
        context.Defaults.WindowAlignmentOf(check.WindowAlignment) == WindowAlignment.Complete;

    protected override IEnumerable<ConfigProblem> Validate(NullRateCheckDefinition check, string path, DefaultsDefinition defaults)
    {
        foreach (var problem in Identifiers.Check(check.Column, path + ".column", "column name").Concat(WindowResolver.Validate(check, path, defaults)))
        {
            yield return problem;
        }

        // With a learned range, neither static limit is needed.
        foreach (var problem in RatioRules.Validate(check.Warn, check.Critical, check.MinRows, path, "null_rate", "a null rate", "NULLs", check.Anomaly is not null).Concat(SampleRules.Validate(check, path)))
        {
            yield return problem;
        }

        if (check.Anomaly is { } anomaly)
        {
            // Without a window the null rate of the whole table is learned from the check's recorded runs.
            foreach (var problem in check.Window is null ? RecordedAnomaly.Validate(anomaly, check, path, defaults, AnomalyValueKind.Share)
                : LearnedCount.Settings(anomaly, TimeZoneInfo.Utc, AnomalyValueKind.Share).Problem(check.Window.Value.Value) is { } wrong
                    ? [new ConfigProblem(path + ".anomaly", wrong, "see README \"Learned thresholds\" for the settings and their defaults")] : [])
            {
                yield return problem;
            }
        }
    }
}

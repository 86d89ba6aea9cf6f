using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Values;

namespace CustomerData.Checks.Kinds.Reconciliation;

/// <summary>
/// reconciliation: the same window read on two sources (each side folded into its source's statement for the run),
/// compared as the share of the left's rows or sum missing on the right, or as how far the right's newest time trails.
/// </summary>
public sealed partial class ReconciliationKind : CheckKind<ReconciliationCheckDefinition>
{
    public override string TypeName => "reconciliation";

    /// <summary>The missing share (count, sum) or the lag in seconds (freshness_lag).</summary>
    public override string ValueMetric => "customer_data.reconciliation.difference";

    protected override IReadOnlyList<Measure> Measures(ReconciliationCheckDefinition check, CheckContext context) =>
        [ReconciliationSides.Input(check, check.Left, context).Measure];

    protected override IReadOnlyList<Input> Inputs(ReconciliationCheckDefinition check, CheckContext context) =>
        [ReconciliationSides.Input(check, check.Left, context), ReconciliationSides.Input(check, check.Right, context)];

    protected override IReadOnlyList<TableRead> Reads(ReconciliationCheckDefinition check, string path) =>
    [
        new TableRead(ReconciliationSides.View(check, check.Left), JsonPath.Property(path, "left")),
        new TableRead(ReconciliationSides.View(check, check.Right), JsonPath.Property(path, "right")),
    ];

    protected override IThreshold Threshold(ReconciliationCheckDefinition check) =>
        ReconciliationSides.CompareOf(check) == ReconciliationCompare.FreshnessLag
            ? StaticBounds.Age(check.WarnAfter, check.CriticalAfter)
            : new ShareBounds(check.Warn, check.Critical);

    protected override Evaluation Evaluate(ReconciliationCheckDefinition check, IReadOnlyList<MeasuredValue> values, CheckContext context)
    {
        var span = ReconciliationText.Span(check, ReconciliationSides.Window(check, check.Left, context), context);
        return ReconciliationSides.CompareOf(check) == ReconciliationCompare.FreshnessLag
            ? Trailing(check, values[0].AsInstant(), values[1].AsInstant(), span)
            : Missing(check, values[0].AsNumber() ?? 0, values[1].AsNumber() ?? 0, span);
    }

    protected override IEnumerable<ConfigProblem> Validate(ReconciliationCheckDefinition check, string path, DefaultsDefinition defaults) =>
        check.Anomaly is null ? ReconciliationRules.Validate(check, path, defaults)
            : ReconciliationRules.Validate(check, path, defaults).Append(new ConfigProblem(JsonPath.Property(path, "anomaly"), "a reconciliation takes no learned threshold: both sides should agree, so its bounds say how much disagreement is tolerable, and a range learned from its past would learn a lasting gap as usual", "state the tolerable share with \"warn\"/\"critical\" (such as \"critical\": { \"max\": 0.01 })"));

    private Evaluation Missing(ReconciliationCheckDefinition check, double left, double right, string span)
    {
        var threshold = Threshold(check);
        var sum = ReconciliationSides.CompareOf(check) == ReconciliationCompare.Sum;
        var what = sum
            ? $"{ReconciliationText.Side(check.Right)} sums {check.Right.Column} to {ReconciliationText.Number(right)} against {ReconciliationText.Number(left)} of {check.Left.Column} on {ReconciliationText.Side(check.Left)} {span}"
            : $"{ReconciliationText.Side(check.Right)} has {ThresholdText.Count(right)} of {ThresholdText.Count(left)} rows of {ReconciliationText.Side(check.Left)} {span}";
        if (left == 0)
        {
            return right == 0
                ? new Evaluation(CheckStatus.Ok, 0, "nothing missing", $"{what}: nothing to copy, nothing missing; {threshold.Expected}", threshold.Expected)
                : new Evaluation(CheckStatus.Unknown, null, "left is empty", $"{what}: the left has none, so no share can be computed; {threshold.Expected}", threshold.Expected);
        }

        var share = (left - right) / left;
        var observed = share >= 0 ? $"{ReconciliationText.Percent(share)} missing" : $"{ReconciliationText.Percent(-share)} more on the right";
        return new Evaluation(threshold.Judge(share), share, observed, $"{what}: {observed}; {threshold.Expected}", threshold.Expected);
    }

    private Evaluation Trailing(ReconciliationCheckDefinition check, DateTimeOffset? left, DateTimeOffset? right, string span)
    {
        var threshold = Threshold(check);
        var sides = $"the newest {check.Right.TimeColumn} of {ReconciliationText.Side(check.Right)}";
        var reference = $"the newest {check.Left.TimeColumn} of {ReconciliationText.Side(check.Left)}";
        if (left is not { } newest)
        {
            return new Evaluation(CheckStatus.Unknown, null, "left is empty", $"{reference} is missing {span}: the left has no rows to compare with; {threshold.Expected}", threshold.Expected);
        }

        if (right is not { } copied)
        {
            // Nothing arrived at all: as late as it gets, at the highest level the check sets.
            return new Evaluation(threshold.Judge(double.MaxValue), null, "right is empty", $"{ReconciliationText.Side(check.Right)} has no rows {span} while the left's newest is {newest.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC; {threshold.Expected}", threshold.Expected);
        }

        var lag = newest - copied;
        var observed = lag >= TimeSpan.Zero ? $"{Duration.Format(lag)} behind" : $"{Duration.Format(lag.Negate())} ahead";
        var how = lag >= TimeSpan.Zero ? $"trails {reference} by {Duration.Format(lag)}" : $"is {Duration.Format(lag.Negate())} ahead of {reference}";
        return new Evaluation(threshold.Judge(lag.TotalSeconds), lag.TotalSeconds, observed, $"{sides} {how} {span}; {threshold.Expected}", threshold.Expected);
    }
}

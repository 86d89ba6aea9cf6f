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
        return [new Measure(MeasureFunction.RowCount, scope), new Measure(MeasureFunction.RowCount, scope with { NullColumn = check.Column })];
    }

    protected override RowCondition? Offending(NullRateCheckDefinition check) => new NullValue(check.Column);

    protected override IThreshold Threshold(NullRateCheckDefinition check) => StaticBounds.Ratio(check.Warn, check.Critical);

    protected override Evaluation Evaluate(NullRateCheckDefinition check, IReadOnlyList<MeasuredValue> values, CheckContext context)
    {
        var rows = values[0].AsCount() ?? 0;
        var nulls = values[1].AsCount() ?? 0;
        var span = WindowResolver.Describe(WindowResolver.Resolve(check, context), check.Filter, context);
        return RatioVerdict.Of(Threshold(check), nulls, rows, check.MinRows, span, ("rows", "rows", "NULL"), ratio =>
            $"{check.Column} is NULL in {ThresholdText.Count(nulls)} of {ThresholdText.Count(rows)} rows = {ThresholdText.Ratio(ratio)} {span}");
    }

    protected override IEnumerable<ConfigProblem> Validate(NullRateCheckDefinition check, string path, DefaultsDefinition defaults)
    {
        foreach (var problem in Identifiers.Check(check.Column, path + ".column", "column name").Concat(WindowResolver.Validate(check, path, defaults)))
        {
            yield return problem;
        }

        foreach (var problem in RatioRules.Validate(check.Warn, check.Critical, check.MinRows, path, "null_rate", "a null rate", "NULLs").Concat(SampleRules.Validate(check, path)))
        {
            yield return problem;
        }
    }
}

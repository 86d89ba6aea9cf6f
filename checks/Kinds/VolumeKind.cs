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

    protected override IReadOnlyList<Measure> Measures(VolumeCheckDefinition check, CheckContext context) =>
        [new Measure(check.Mode == MeasureMode.Metadata ? MeasureFunction.MetadataRowCount : MeasureFunction.RowCount, WindowResolver.Scope(check, context))];

    protected override IThreshold Threshold(VolumeCheckDefinition check) => StaticBounds.Count(check.Warn, check.Critical);

    protected override Evaluation Evaluate(VolumeCheckDefinition check, IReadOnlyList<MeasuredValue> values, CheckContext context)
    {
        var threshold = Threshold(check);
        var expected = threshold.Expected;
        var rows = values[0].AsCount() ?? 0;
        var status = threshold.Judge(rows);
        var span = WindowResolver.Describe(WindowResolver.Resolve(check, context), check.Filter, context);
        return new Evaluation(status, rows, $"{ThresholdText.Count(rows)} rows", $"{ThresholdText.Count(rows)} rows {span}; {expected}", expected);
    }

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

        if (check.Warn is null && check.Critical is null)
        {
            yield return new ConfigProblem(path, "a volume check needs \"warn\" or \"critical\" bounds", "add \"critical\": { \"min\": 1 } (or the row counts at which on-call should act)");
        }

        foreach (var problem in BoundRules.Check(path, check.Warn, check.Critical, "count"))
        {
            yield return problem;
        }
    }
}

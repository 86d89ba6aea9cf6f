using System.Globalization;
using CustomerData.Checks.Anomaly;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Values;

namespace CustomerData.Checks.Kinds;

/// <summary>uniqueness: the share of duplicate rows, 1 − distinct keys / rows whose key has no NULL column.</summary>
public sealed class UniquenessKind : CheckKind<UniquenessCheckDefinition>
{
    public override string TypeName => "uniqueness";

    public override string ValueMetric => "customer_data.uniqueness.duplicate_ratio";

    protected override IReadOnlyList<Measure> Measures(UniquenessCheckDefinition check, CheckContext context)
    {
        var scope = WindowResolver.Scope(check, context);
        var key = new ColumnKey(check.Columns);
        return
        [
            new Measure(MeasureFunction.CountWhere, scope) { Condition = new KeyPresent(key) },
            new Measure(check.Approximate ? MeasureFunction.ApproxDistinctCount : MeasureFunction.DistinctCount, scope) { Key = key },
        ];
    }

    protected override RowCondition? Offending(UniquenessCheckDefinition check) => new DuplicateKey(new ColumnKey(check.Columns));

    protected override TimeSpan? HistoryNeeded(UniquenessCheckDefinition check) =>
        check.Anomaly is { } anomaly ? RecordedRuns.Lookback(anomaly, check.Schedule) : null;

    protected override IThreshold Threshold(UniquenessCheckDefinition check) =>
        RecordedAnomaly.Threshold(StaticBounds.Ratio(check.Warn, check.Critical), check.Warn is not null || check.Critical is not null, check.Anomaly);

    protected override Evaluation Evaluate(UniquenessCheckDefinition check, IReadOnlyList<MeasuredValue> values, CheckContext context)
    {
        var key = string.Join(", ", check.Columns);
        var rows = values[0].AsCount() ?? 0;
        var distinct = values[1].AsCount() ?? 0;
        var span = WindowResolver.Describe(WindowResolver.Resolve(check, context), check.Filter, context);

        // An estimated distinct count may exceed the rows it came from; the share of duplicates is then 0.
        var duplicates = Math.Max(0, rows - distinct);
        var estimate = values[1] is EstimatedCountValue { RelativeError: var error } && rows > 0
            ? string.Create(CultureInfo.InvariantCulture, $"; distinct keys estimated with HyperLogLog, within about ±{error * 100:0.##}%, so the share is within about ±{error * distinct / rows:0.####}")
            : string.Empty;
        var verdict = RatioVerdict.Of(Threshold(check), duplicates, rows, check.MinRows, span, ($"rows with a complete key ({key})", "rows", "duplicate"), ratio =>
            $"{key} repeats: {ThresholdText.Count(duplicates)} duplicate rows ({ThresholdText.Count(distinct)} distinct keys in {ThresholdText.Count(rows)} rows with a complete key) = {ThresholdText.Ratio(ratio)} {span}{estimate}");
        return RecordedAnomaly.Judge(verdict, check.Anomaly, check, context, AnomalyValueKind.Share, ThresholdText.Ratio);
    }

    protected override IEnumerable<ConfigProblem> Validate(UniquenessCheckDefinition check, string path, DefaultsDefinition defaults)
    {
        if (check.Columns.Count == 0)
        {
            yield return new ConfigProblem(path + ".columns", "columns is empty: a uniqueness check needs the key it counts", "name the key column, such as \"columns\": [\"order_id\"], or several read together");
        }

        for (var i = 0; i < check.Columns.Count; i++)
        {
            foreach (var problem in Identifiers.Check(check.Columns[i], JsonPath.Index(path + ".columns", i), "column name"))
            {
                yield return problem;
            }

            if (check.Columns.Take(i).Contains(check.Columns[i], StringComparer.Ordinal))
            {
                yield return new ConfigProblem(JsonPath.Index(path + ".columns", i), $"\"{PrintableText.Escape(check.Columns[i])}\" is named twice in the key", "name each key column once");
            }
        }

        foreach (var problem in WindowResolver.Validate(check, path, defaults)
            .Concat(RatioRules.Validate(check.Warn, check.Critical, check.MinRows, path, "uniqueness", "a duplicate share", "duplicate rows", check.Anomaly is not null))
            .Concat(RecordedAnomaly.Validate(check.Anomaly, check, path, defaults, AnomalyValueKind.Share))
            .Concat(SampleRules.Validate(check, path)))
        {
            yield return problem;
        }
    }
}

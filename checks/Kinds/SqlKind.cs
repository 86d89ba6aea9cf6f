using System.Text.RegularExpressions;
using CustomerData.Checks.Anomaly;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Values;

namespace CustomerData.Checks.Kinds;

/// <summary>
/// sql: the number (or the named numbers) in the one row of the team's own SELECT, against min/max bounds. One result
/// per check, whatever the number of columns: alerts, mutes, history and Datadog monitors are keyed by check name, so
/// its status is the worst column's and its message names every column, worst first.
/// </summary>
public sealed partial class SqlKind : CheckKind<SqlCheckDefinition>
{
    public override string TypeName => "sql";

    public override string ValueMetric => "customer_data.sql.value";

    protected override IReadOnlyList<Measure> Measures(SqlCheckDefinition check, CheckContext context) =>
        check.Columns is { Count: > 0 } columns
            ? [.. columns.Keys.Select(name => new Measure(MeasureFunction.QueryValue, RowScope.All, name))]
            : [new Measure(MeasureFunction.QueryValue, RowScope.All)];

    // The query is its own target, named after its check, so it is never folded with another check's reads.
    protected override IReadOnlyList<Input> Inputs(SqlCheckDefinition check, CheckContext context) =>
        [.. Measures(check, context).Select(measure => new Input(check.Source, new QueryTarget(check.Query, check.Name), measure))];

    protected override TimeSpan? HistoryNeeded(SqlCheckDefinition check) =>
        check.Anomaly is { } anomaly ? RecordedRuns.Lookback(anomaly, check.Schedule) : null;

    // With named columns, the check's value (the Datadog series) is the first column's, so its thresholds judge it.
    protected override IThreshold Threshold(SqlCheckDefinition check) => Bounded(check) switch
    {
        [var (name, only)] when name is null => only,
        var columns => new NamedThresholds(columns),
    };

    protected override Evaluation Evaluate(SqlCheckDefinition check, IReadOnlyList<MeasuredValue> values, CheckContext context)
    {
        var expected = Threshold(check).Expected;
        var judged = Bounded(check).Select((column, i) => (column.Name, column.Bounds, Value: values[i].AsNumber())).ToList();
        var empty = judged.FindIndex(c => c.Value is null);
        if (empty >= 0)
        {
            var what = judged[empty].Name is null ? "the query's value" : $"the query's column {judged[empty].Name}";
            return new Evaluation(CheckStatus.Unknown, null, "NULL", $"{what} is NULL: nothing to judge; {expected}", expected);
        }

        var verdicts = judged.Select((c, i) => (c.Name, c.Bounds, Value: c.Value!.Value, Status: c.Bounds.Judge(c.Value!.Value), Order: i)).ToList();
        if (verdicts is [var single] && single.Name is null)
        {
            var number = ThresholdText.Number(single.Value);
            var verdict = new Evaluation(single.Status, single.Value, number, $"the query returned {number}; {expected}", expected);
            return RecordedAnomaly.Judge(verdict, check.Anomaly, check, context, AnomalyValueKind.Number, ThresholdText.Number, signed: true);
        }

        // A learned threshold judges the check's value, the first column's: its range goes into that column's part.
        LearnedVerdict? learned = null;
        if (check.Anomaly is { } anomaly)
        {
            learned = RecordedAnomaly.Learn(anomaly, verdicts[0].Status, verdicts[0].Value, check, context, AnomalyValueKind.Number, ThresholdText.Number, signed: true);
            verdicts[0] = verdicts[0] with { Status = learned.Status };
        }

        var ranked = verdicts.OrderByDescending(v => v.Status).ThenBy(v => v.Order).ToList();
        var worst = ranked[0];
        var message = string.Join("; ", ranked.Select(v =>
            $"{v.Name} {ThresholdText.Number(v.Value)} is {v.Status.ToString().ToUpperInvariant()} ({(v.Order == 0 && learned is not null ? $"{learned.Text}; {v.Bounds.Expected} {learned.Sparkline}" : v.Bounds.Expected.Length == 0 ? "no bounds" : v.Bounds.Expected)})"));
        return new Evaluation(worst.Status, verdicts[0].Value, $"{worst.Name} {ThresholdText.Number(worst.Value)}", message, expected) { ExpectedRange = learned?.Range };
    }

    protected override IEnumerable<ConfigProblem> Validate(SqlCheckDefinition check, string path, DefaultsDefinition defaults)
    {
        if (check.Filter is not null)
        {
            yield return new ConfigProblem(JsonPath.Property(path, "filter"), "a sql check takes no filter: its query has its own WHERE clause", "move the condition into the query");
        }

        var bounded = check.Warn is not null || check.Critical is not null;
        if (check.Columns is null && !bounded && check.Anomaly is null)
        {
            yield return new ConfigProblem(path, "a sql check needs \"warn\" or \"critical\" bounds, or \"columns\" with bounds for each, or \"anomaly\"", "add \"critical\": { \"max\": 0.1 } (or the values at which on-call should act)");
        }

        if (check.Columns is { } columns && bounded)
        {
            yield return new ConfigProblem(JsonPath.Property(path, "columns"), "bounds are given both for the check and under \"columns\"", "a query returning one number takes \"warn\"/\"critical\"; one returning several names each under \"columns\" with its own bounds");
        }

        foreach (var problem in BoundRules.Check(path, check.Warn, check.Critical, "value"))
        {
            yield return problem;
        }

        if (check.Columns is { Count: 0 })
        {
            yield return new ConfigProblem(JsonPath.Property(path, "columns"), "\"columns\" names no column", "name each column of the query's row with its bounds, such as \"refund_ratio\": { \"critical\": { \"max\": 0.1 } }");
        }

        foreach (var problem in RecordedAnomaly.Validate(check.Anomaly, check, path, defaults, AnomalyValueKind.Number))
        {
            yield return problem;
        }

        // With a learned threshold, the first column (the check's value) needs no bounds of its own.
        foreach (var (name, bounds) in (check.Columns ?? new Dictionary<string, ColumnBounds>()).Skip(check.Anomaly is null ? 0 : 1))
        {
            var at = JsonPath.Property(JsonPath.Property(path, "columns"), name);
            if (!ColumnName().IsMatch(name))
            {
                yield return new ConfigProblem(at, $"invalid column name \"{Sql.Filters.FilterWalker.Printable(name)}\"", "name a column of the query's row: letters, digits and _ (alias it in the query with AS)");
            }

            if (bounds.Warn is null && bounds.Critical is null)
            {
                yield return new ConfigProblem(at, $"column {name} has no \"warn\" or \"critical\" bounds", "add \"critical\": { \"max\": ... } (or \"min\")");
            }

            foreach (var problem in BoundRules.Check(at, bounds.Warn, bounds.Critical, "value"))
            {
                yield return problem;
            }
        }
    }

    // Each judged number with its bounds: the one column (name null), or each named column in declared order.
    // A learned threshold stands beside the first one's bounds.
    private static List<(string? Name, StaticBounds Bounds)> Bounded(SqlCheckDefinition check) =>
        check.Columns is { Count: > 0 } columns
            ? [.. columns.Select((c, i) => ((string?)c.Key, Learned(check, c.Value.Warn, c.Value.Critical, i)))]
            : [(null, Learned(check, check.Warn, check.Critical, 0))];

    private static StaticBounds Learned(SqlCheckDefinition check, Bounds? warn, Bounds? critical, int index) =>
        RecordedAnomaly.Threshold(StaticBounds.Number(warn, critical), warn is not null || critical is not null, index == 0 ? check.Anomaly : null);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*\\z")]
    private static partial Regex ColumnName();

    /// <summary>Each column's bounds as text; as a strategy it judges the first column, whose value the check reports.</summary>
    private sealed class NamedThresholds(List<(string? Name, StaticBounds Bounds)> columns) : IThreshold
    {
        public string Expected { get; } = string.Join("; ", columns.Select(c => $"{c.Name}: {(c.Bounds.Expected.Length == 0 ? "no bounds" : c.Bounds.Expected)}"));

        public CheckStatus Judge(double value) => columns[0].Bounds.Judge(value);
    }
}

using System.Text.RegularExpressions;
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
            return new Evaluation(single.Status, single.Value, number, $"the query returned {number}; {expected}", expected);
        }

        var ranked = verdicts.OrderByDescending(v => v.Status).ThenBy(v => v.Order).ToList();
        var worst = ranked[0];
        var message = string.Join("; ", ranked.Select(v =>
            $"{v.Name} {ThresholdText.Number(v.Value)} is {v.Status.ToString().ToUpperInvariant()} ({(v.Bounds.Expected.Length == 0 ? "no bounds" : v.Bounds.Expected)})"));
        return new Evaluation(worst.Status, verdicts[0].Value, $"{worst.Name} {ThresholdText.Number(worst.Value)}", message, expected);
    }

    protected override IEnumerable<ConfigProblem> Validate(SqlCheckDefinition check, string path, DefaultsDefinition defaults)
    {
        if (check.Filter is not null)
        {
            yield return new ConfigProblem(JsonPath.Property(path, "filter"), "a sql check takes no filter: its query has its own WHERE clause", "move the condition into the query");
        }

        var bounded = check.Warn is not null || check.Critical is not null;
        if (check.Columns is null && !bounded)
        {
            yield return new ConfigProblem(path, "a sql check needs \"warn\" or \"critical\" bounds, or \"columns\" with bounds for each", "add \"critical\": { \"max\": 0.1 } (or the values at which on-call should act)");
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

        foreach (var (name, bounds) in check.Columns ?? new Dictionary<string, ColumnBounds>())
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
    private static List<(string? Name, StaticBounds Bounds)> Bounded(SqlCheckDefinition check) =>
        check.Columns is { Count: > 0 } columns
            ? [.. columns.Select(c => ((string?)c.Key, StaticBounds.Number(c.Value.Warn, c.Value.Critical)))]
            : [(null, StaticBounds.Number(check.Warn, check.Critical))];

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*\\z")]
    private static partial Regex ColumnName();

    /// <summary>Each column's bounds as text; as a strategy it judges the first column, whose value the check reports.</summary>
    private sealed class NamedThresholds(List<(string? Name, StaticBounds Bounds)> columns) : IThreshold
    {
        public string Expected { get; } = string.Join("; ", columns.Select(c => $"{c.Name}: {(c.Bounds.Expected.Length == 0 ? "no bounds" : c.Bounds.Expected)}"));

        public CheckStatus Judge(double value) => columns[0].Bounds.Judge(value);
    }
}

using System.Globalization;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Values;

namespace CustomerData.Checks.Kinds;

/// <summary>
/// schema: a table's columns and types from the source's metadata (no rows read), against the declared columns
/// (<c>expect</c>) and against the last snapshot in the history store (<c>on_change</c>). Every run stores its columns
/// as the next run's snapshot; the value is the number of differences found.
/// </summary>
public sealed class SchemaKind : CheckKind<SchemaCheckDefinition>
{
    /// <summary>How far back the last snapshot is looked for (a monthly schedule's gap and then some); past it, a run
    /// records a new first snapshot. Every result in the span is read, so it stays short.</summary>
    public static readonly TimeSpan SnapshotLookback = TimeSpan.FromDays(35);

    public override string TypeName => "schema";

    public override string ValueMetric => "customer_data.schema.differences";

    protected override IReadOnlyList<Measure> Measures(SchemaCheckDefinition check, CheckContext context) =>
        [new Measure(MeasureFunction.Columns, RowScope.All)];

    protected override TimeSpan? HistoryNeeded(SchemaCheckDefinition check) => check.OnChange is null ? null : SnapshotLookback;

    protected override IThreshold Threshold(SchemaCheckDefinition check) => new Findings(check);

    protected override Evaluation Evaluate(SchemaCheckDefinition check, IReadOnlyList<MeasuredValue> values, CheckContext context)
    {
        var expected = Threshold(check).Expected;
        if (values[0] is not ColumnsValue actual)
        {
            return new Evaluation(CheckStatus.Unknown, null, "no columns", $"{check.Table} has no columns: the table does not exist, or the source cannot see it; {expected}", expected);
        }

        var parts = new List<string>();
        var status = CheckStatus.Ok;
        var differences = 0;
        if (check.Expect is { } expect)
        {
            var found = SchemaDiff.Expected(actual, expect.Columns, expect.AllowExtra);
            parts.Add(found.Count == 0 ? "columns as expected" : "not as expected: " + string.Join("; ", found));
            status = found.Count == 0 ? status : Max(status, expect.Severity);
            differences += found.Count;
        }

        if (check.OnChange is { } onChange)
        {
            var last = context.History.LastOrDefault(past => past.Snapshot is not null);
            var before = last?.Snapshot is { } stored ? SchemaSnapshot.Read(stored) : null;
            var found = before is null ? [] : SchemaDiff.Changes(actual, before);
            var since = last is null ? string.Empty : Since(last.MeasuredAt, context);
            parts.Add(last is null ? "first snapshot recorded"
                : before is null ? "the last snapshot could not be read: a new one is recorded"
                : found.Count == 0 ? "unchanged since " + since
                : $"changed since {since}: " + string.Join("; ", found));
            status = found.Count == 0 ? status : Max(status, onChange);
            differences += found.Count;
        }

        var observed = differences == 0 ? $"{actual.Columns.Count} columns" : differences == 1 ? "1 difference" : $"{differences} differences";
        var message = $"{check.Table} has {actual.Columns.Count} columns, {string.Join("; ", parts)}; {expected}";
        return new Evaluation(status, differences, observed, message, expected, SchemaSnapshot.Write(actual.Columns));
    }

    protected override IEnumerable<ConfigProblem> Validate(SchemaCheckDefinition check, string path, DefaultsDefinition defaults)
    {
        if (check.Expect is null && check.OnChange is null)
        {
            yield return new ConfigProblem(path, "a schema check needs \"expect\" or \"on_change\" (or both)", "add \"on_change\": \"warning\" to hear of any added, removed or retyped column");
        }

        if (check.Filter is not null)
        {
            yield return new ConfigProblem(JsonPath.Property(path, "filter"), "a filter cannot apply to a table's columns", "remove \"filter\"");
        }

        if (check.Anomaly is not null)
        {
            yield return new ConfigProblem(JsonPath.Property(path, "anomaly"), "a schema check has no usual range to learn: its number counts the differences from \"expect\" and from the last snapshot, and any difference is news", "remove \"anomaly\"; \"on_change\" reports every change since the last run");
        }

        if (check.Expect is { Columns.Count: 0 })
        {
            yield return new ConfigProblem(JsonPath.Property(JsonPath.Property(path, "expect"), "columns"), "\"expect.columns\" names no column", "list each column with its type, such as \"order_id\": \"BIGINT\"");
        }

        foreach (var (name, type) in check.Expect?.Columns ?? new Dictionary<string, string>())
        {
            var at = JsonPath.Property(JsonPath.Property(JsonPath.Property(path, "expect"), "columns"), name);
            if (PrintableText.Check(name, at, "column name") is { } hidden)
            {
                yield return hidden;
            }
            else if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(type))
            {
                yield return new ConfigProblem(at, "a column needs a name and a type", "such as \"order_id\": \"BIGINT\"");
            }
        }
    }

    private static CheckStatus Max(CheckStatus status, Severity severity) =>
        (CheckStatus)Math.Max((int)status, (int)(severity == Severity.Critical ? CheckStatus.Critical : CheckStatus.Warning));

    private static string Since(DateTimeOffset at, CheckContext context) =>
        TimeZoneInfo.ConvertTime(at, context.TimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + $" ({context.TimeZone.Id})";

    /// <summary>The expected text; as a strategy, any difference is the most severe level the check sets.</summary>
    private sealed class Findings(SchemaCheckDefinition check) : IThreshold
    {
        public string Expected { get; } = ThresholdText.Join(
            check.Expect is { } expect
                ? $"{expect.Severity.ToString().ToLowerInvariant()} unless {(expect.Columns.Count == 1 ? "the declared column matches" : $"the {expect.Columns.Count} declared columns match")}{(expect.AllowExtra ? " (extra columns allowed)" : " exactly")}"
                : string.Empty,
            check.OnChange is { } change ? $"{change.ToString().ToLowerInvariant()} on any change" : string.Empty);

        public CheckStatus Judge(double value) =>
            value <= 0 ? CheckStatus.Ok
            : check.Expect?.Severity == Severity.Critical || check.OnChange == Severity.Critical ? CheckStatus.Critical
            : CheckStatus.Warning;
    }
}

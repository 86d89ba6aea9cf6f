using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources.BigQuery;

/// <summary>
/// Which checks a statement serves, so its job carries their names and the tightest of their bytes-billed caps.
/// A check is served when every aggregate it asks for is in the statement; aggregates are compared without their
/// window instants, which change from run to run.
/// </summary>
internal sealed class CheckIndex
{
    private readonly List<(CheckDefinition Check, HashSet<MeasureKey> Keys)> _checks;

    private CheckIndex(List<(CheckDefinition, HashSet<MeasureKey>)> checks) => _checks = checks;

    public static CheckIndex Empty { get; } = new([]);

    public static CheckIndex Build(MonitorConfig config, string source, DateTimeOffset now)
    {
        var context = new CheckContext(now, TimeZones.Find(config.Defaults.Timezone), config.Defaults);
        var checks = new List<(CheckDefinition, HashSet<MeasureKey>)>();
        foreach (var check in config.Checks.Where(c => c.Source == source))
        {
            var kind = Catalog.Default.CheckKinds.FirstOrDefault(k => k.DefinitionType == check.GetType());
            if (kind is not null)
            {
                checks.Add((check, [.. kind.Measures(check, context).Select(MeasureKey.Of)]));
            }
        }

        return new CheckIndex(checks);
    }

    public IReadOnlyList<CheckDefinition> Served(string table, IEnumerable<Measure> measures)
    {
        var keys = measures.Select(MeasureKey.Of).ToHashSet();
        return [.. _checks.Where(c => c.Check.Table == table && c.Keys.IsSubsetOf(keys)).Select(c => c.Check)];
    }

    /// <summary>Tables of a dataset with a windowed metadata count, to fetch their partitions in one query.</summary>
    public IReadOnlyList<string> TablesWithPartitionCounts(string dataset) =>
        [.. _checks
            .Where(c => c.Check.Table.StartsWith(dataset + ".", StringComparison.Ordinal) && c.Keys.Any(k => k.Function == MeasureFunction.MetadataRowCount && k.WindowColumn is not null))
            .Select(c => c.Check.Table)
            .Distinct(StringComparer.Ordinal)];

    private sealed record MeasureKey(MeasureFunction Function, string? Column, string? Filter, string? NullColumn, string? WindowColumn)
    {
        public static MeasureKey Of(Measure measure) =>
            new(measure.Function, measure.Column, measure.Scope.Filter, measure.Scope.NullColumn, measure.Scope.Window?.Column);
    }
}

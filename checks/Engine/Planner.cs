using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Engine;

/// <summary>A check inside a planned measurement: which of the measurement's values are its own.</summary>
public sealed record PlannedCheck(CheckDefinition Check, ICheckKind Kind, CheckContext Context, IReadOnlyList<int> Slots);

/// <summary>One read of one table slice, serving every check on it.</summary>
public sealed record PlannedMeasurement(TableMeasurement Measurement, IReadOnlyList<PlannedCheck> Checks);

/// <summary>Folds checks on the same source and table into one measurement, sharing equal aggregates.</summary>
public sealed class Planner(Catalog catalog)
{
    public IReadOnlyList<PlannedMeasurement> Plan(MonitorConfig config, IEnumerable<CheckDefinition> checks, DateTimeOffset now)
    {
        var plans = new List<PlannedMeasurement>();
        foreach (var group in checks.GroupBy(check => (check.Source, check.Table)))
        {
            var measures = new List<Measure>();
            var planned = new List<PlannedCheck>();
            foreach (var check in group)
            {
                var kind = catalog.CheckKindOf(check);
                var context = new CheckContext(now, TimeZones.Find(config.Defaults.Timezone), config.Defaults);
                var slots = kind.Measures(check, context).Select(measure => SlotOf(measure, measures)).ToList();
                planned.Add(new PlannedCheck(check, kind, context, slots));
            }

            plans.Add(new PlannedMeasurement(new TableMeasurement(group.Key.Source, group.Key.Table, measures), planned));
        }

        return plans;
    }

    private static int SlotOf(Measure measure, List<Measure> measures)
    {
        var index = measures.IndexOf(measure);
        if (index < 0)
        {
            measures.Add(measure);
            index = measures.Count - 1;
        }

        return index;
    }
}

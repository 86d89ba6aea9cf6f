using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Engine;

/// <summary>A check inside a planned measurement: which of the measurement's values are its own.</summary>
public sealed record PlannedCheck(CheckDefinition Check, ICheckKind Kind, CheckContext Context, IReadOnlyList<int> Slots);

/// <summary>One read of one table slice, serving every check on it.</summary>
public sealed record PlannedMeasurement(TableMeasurement Measurement, IReadOnlyList<PlannedCheck> Checks)
{
    /// <summary>The same read narrowed to some of its checks: only their measures, their slots renumbered.</summary>
    public PlannedMeasurement Narrow(IReadOnlyList<PlannedCheck> checks)
    {
        var kept = checks.SelectMany(c => c.Slots).Distinct().ToList();
        var renumbered = checks.Select(c => c with { Slots = [.. c.Slots.Select(s => kept.IndexOf(s))] }).ToList();
        return new(Measurement with { Measures = [.. kept.Select(i => Measurement.Measures[i])], Checks = Served(renumbered) }, renumbered);
    }

    /// <summary>The identity a source sees: each planned check with its own measures.</summary>
    internal static IReadOnlyList<ServedCheck> Served(IEnumerable<PlannedCheck> checks) =>
        [.. checks.Select(c => new ServedCheck(c.Check, c.Slots))];
}

/// <summary>A check that could not be planned (its kind threw while computing its measures), with the reason.</summary>
public sealed record UnplannedCheck(CheckDefinition Check, ICheckKind? Kind, Exception Error);

/// <summary>What a run will read, and the checks that cannot be read at all.</summary>
public sealed record RunPlan(IReadOnlyList<PlannedMeasurement> Measurements, IReadOnlyList<UnplannedCheck> Unplanned);

/// <summary>Folds checks on the same source and table into one measurement, sharing equal aggregates.</summary>
public sealed class Planner(Catalog catalog)
{
    /// <summary>Plans every check; throws if any one cannot be planned (use <see cref="PlanEach"/> to keep the others).</summary>
    public IReadOnlyList<PlannedMeasurement> Plan(MonitorConfig config, IEnumerable<CheckDefinition> checks, DateTimeOffset now)
    {
        var plan = PlanEach(config, checks, now);
        if (plan.Unplanned.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(plan.Unplanned[0].Error);
        }

        return plan.Measurements;
    }

    /// <summary>Plans each check on its own terms: one whose planning throws is set aside with its error, the others are planned.</summary>
    public RunPlan PlanEach(MonitorConfig config, IEnumerable<CheckDefinition> checks, DateTimeOffset now)
    {
        var plans = new List<PlannedMeasurement>();
        var unplanned = new List<UnplannedCheck>();
        foreach (var group in checks.GroupBy(check => (check.Source, check.Table)))
        {
            var measures = new List<Measure>();
            var planned = new List<PlannedCheck>();
            foreach (var check in group)
            {
                ICheckKind? kind = null;
                try
                {
                    kind = catalog.CheckKindOf(check);
                    var context = new CheckContext(now, TimeZones.Find(config.Defaults.Timezone), config.Defaults);
                    var own = Supported(config, check, kind.Measures(check, context));
                    var slots = own.Select(measure => SlotOf(measure, measures)).ToList();
                    planned.Add(new PlannedCheck(check, kind, context, slots));
                }
                catch (Exception error)
                {
                    unplanned.Add(new UnplannedCheck(check, kind, error));
                }
            }

            if (planned.Count > 0)
            {
                var measurement = new TableMeasurement(group.Key.Source, group.Key.Table, measures) { Checks = PlannedMeasurement.Served(planned) };
                plans.Add(new PlannedMeasurement(measurement, planned));
            }
        }

        return new RunPlan(WithCompanions(plans), unplanned);
    }

    // Each read learns the other reads of its source in this run (without theirs, so nothing nests).
    private static List<PlannedMeasurement> WithCompanions(List<PlannedMeasurement> plans) =>
        [.. plans.Select(plan => plan with
        {
            Measurement = plan.Measurement with
            {
                Companions = [.. plans.Where(other => !ReferenceEquals(other, plan) && other.Measurement.Source == plan.Measurement.Source).Select(other => other.Measurement)],
            },
        })];

    // A source that cannot compute a measure says so here, before any read, and the check is UNKNOWN with its words.
    // The source's own options are attached to the check's measures here.
    private IReadOnlyList<Measure> Supported(MonitorConfig config, CheckDefinition check, IReadOnlyList<Measure> measures)
    {
        if (!config.Sources.TryGetValue(check.Source, out var definition))
        {
            return measures; // Opening the source reports an unknown source name for every check on it.
        }

        var source = catalog.SourceKindOf(definition);
        foreach (var measure in measures)
        {
            if (!source.Supports(measure, out var reason))
            {
                throw new NotSupportedException($"{source.TypeName} sources cannot compute this: {reason}");
            }
        }

        return source.OptionsFor(check) is { } options ? [.. measures.Select(m => m with { Options = options })] : measures;
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

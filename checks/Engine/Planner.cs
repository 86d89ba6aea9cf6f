using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Engine;

/// <summary>A check inside a planned measurement: which of the measurement's values are its own.</summary>
/// <param name="Slots">The measurement's values this check reads, in the order of <see cref="Inputs"/>.</param>
public sealed record PlannedCheck(CheckDefinition Check, ICheckKind Kind, CheckContext Context, IReadOnlyList<int> Slots)
{
    /// <summary>Which of the check's inputs (<see cref="ICheckKind.Inputs"/>) each slot answers, and how many inputs the
    /// check has in all: a check reading two sources is planned into two measurements, each answering some of them.</summary>
    public IReadOnlyList<int> Inputs { get; init; } = [.. Enumerable.Range(0, Slots.Count)];

    /// <summary>How many inputs the check has over every measurement it is planned into.</summary>
    public int InputCount { get; init; } = Slots.Count;
}

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
    /// <param name="past">What the checks that asked for it read of their past (<see cref="ICheckKind.HistoryNeeded"/>).</param>
    public RunPlan PlanEach(MonitorConfig config, IEnumerable<CheckDefinition> checks, DateTimeOffset now, Func<CheckDefinition, CheckContext, CheckContext>? past = null)
    {
        // Slices in the order their first input appears; each folds equal measures of every check reading it.
        var slices = new Dictionary<(string Source, Target Target), (List<Measure> Measures, List<PlannedCheck> Checks)>();
        var order = new List<(string Source, Target Target)>();
        var unplanned = new List<UnplannedCheck>();
        foreach (var check in checks)
        {
            ICheckKind? kind = null;
            try
            {
                kind = catalog.CheckKindOf(check);
                var context = new CheckContext(now, TimeZones.Find(config.Defaults.Timezone), config.Defaults);
                context = past is null ? context : past(check, context);
                var inputs = kind.Inputs(check, context).Select(input => Supported(config, check, input)).ToList();
                foreach (var group in inputs.Select((input, index) => (Input: input, Index: index)).GroupBy(x => (x.Input.Source, x.Input.Target)))
                {
                    if (!slices.TryGetValue(group.Key, out var slice))
                    {
                        slice = slices[group.Key] = ([], []);
                        order.Add(group.Key);
                    }

                    var slots = group.Select(x => SlotOf(x.Input.Measure, slice.Measures)).ToList();
                    slice.Checks.Add(new PlannedCheck(check, kind, context, slots) { Inputs = [.. group.Select(x => x.Index)], InputCount = inputs.Count });
                }
            }
            catch (Exception error)
            {
                unplanned.Add(new UnplannedCheck(check, kind, error));
            }
        }

        var plans = order.Select(key =>
        {
            var (measures, planned) = slices[key];
            var measurement = new TableMeasurement(key.Source, key.Target.Name, measures) { Target = key.Target, Checks = PlannedMeasurement.Served(planned) };
            return new PlannedMeasurement(measurement, planned);
        }).ToList();
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
    // The source's own options are attached to the input's measure here.
    private Input Supported(MonitorConfig config, CheckDefinition check, Input input)
    {
        if (!config.Sources.TryGetValue(input.Source, out var definition))
        {
            return input; // Opening the source reports an unknown source name for every check on it.
        }

        var source = catalog.SourceKindOf(definition);
        if (!source.Reads(input.Target, out var refused))
        {
            throw new NotSupportedException($"{source.TypeName} sources cannot read this: {refused}");
        }

        if (!source.Supports(input.Measure, out var reason))
        {
            throw new NotSupportedException($"{source.TypeName} sources cannot compute this: {reason}");
        }

        return source.OptionsFor(input.OptionsFrom ?? check) is { } options ? input with { Measure = input.Measure with { Options = options } } : input;
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

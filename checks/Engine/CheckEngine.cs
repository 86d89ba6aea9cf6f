using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sources;

namespace CustomerData.Checks.Engine;

/// <summary>
/// Runs checks: plans them into one measurement per table slice, measures, and judges. Never throws for a check: a
/// check that cannot be planned, measured or judged is UNKNOWN with the reason, and a cancelled run returns what it
/// measured, the rest UNKNOWN "cancelled at shutdown before it was measured".
/// </summary>
/// <param name="history">Where kinds that judge against their past read it (<see cref="ICheckKind.HistoryNeeded"/>);
/// default: none.</param>
public sealed class CheckEngine(Catalog catalog, DataSources sources, TimeProvider time, IResultHistory? history = null)
{
    private readonly Planner _planner = new(catalog);

    /// <summary>Runs the given checks once; results come back in the order the checks were given.</summary>
    /// <param name="asOf">The instant the run evaluates for (windows, lags); a scheduled run passes its scheduled fire time,
    /// so every replica, and a fire recovered after a crash, measures the same span. Default: now.</param>
    public async Task<IReadOnlyList<CheckResult>> RunAsync(MonitorConfig config, IReadOnlyList<CheckDefinition> checks, CancellationToken cancellationToken, DateTimeOffset? asOf = null)
    {
        var now = asOf ?? time.GetUtcNow();
        var plan = _planner.PlanEach(config, checks, now);
        using var run = Telemetry.Source.StartActivity("customer_data.run");
        run?.SetTag("checks", checks.Count);
        run?.SetTag("queries", plan.Measurements.Count);

        // Sources run side by side; the measurements of one source run one after the other.
        var perSource = plan.Measurements.GroupBy(p => p.Measurement.Source)
            .Select(group => MeasureSourceAsync(config, group.Key, [.. group], now, cancellationToken));
        var outcomes = (await Task.WhenAll(perSource).ConfigureAwait(false)).SelectMany(r => r).ToList();

        // Phase 2: every slice is measured; the checks that judge against their past read it once, then all are judged.
        // A check read in several measurements (two sources) is judged once all of them were read, or is the first
        // UNKNOWN one of its reads ended with.
        var results = new Dictionary<CheckDefinition, CheckResult>();
        foreach (var result in plan.Unplanned.Select(u => CheckResults.Unplanned(u, now)).Concat(outcomes.Where(o => o.Result is not null).Select(o => o.Result!)))
        {
            results.TryAdd(result.Check, result);
        }

        var measured = outcomes.Where(o => o.Measured is { } m && !results.ContainsKey(m.Planned.Check)).Select(o => o.Measured!)
            .GroupBy(m => m.Planned.Check).Select(MeasuredCheck.Combine).ToList();
        foreach (var result in await JudgeAsync(measured, now, cancellationToken).ConfigureAwait(false))
        {
            results[result.Check] = result;
        }

        // Phase 3: each failing check that lists sample_columns fetches its offending rows, one statement each.
        var sampler = new FailedRowSampler(sources, time, check => (check.Timeout ?? config.Defaults.Timeout).Value);
        var sampled = await Task.WhenAll(measured.Where(m => FailedRowSampler.Wants(results[m.Planned.Check]))
            .Select(m => sampler.SampleAsync(results[m.Planned.Check], m.Planned, cancellationToken))).ConfigureAwait(false);
        foreach (var result in sampled)
        {
            results[result.Check] = result;
        }

        return [.. checks.Select(check => results[check])];
    }

    private async Task<IEnumerable<CheckResult>> JudgeAsync(List<MeasuredCheck> measured, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var requests = new List<HistoryRequest>();
        foreach (var check in measured)
        {
            try
            {
                if (check.Planned.Kind.HistoryNeeded(check.Planned.Check) is { } lookback)
                {
                    requests.Add(new HistoryRequest(check.Planned.Check.Name, now - lookback));
                }
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                // Judging the check fails the same way and makes it UNKNOWN with the reason.
            }
        }

        IReadOnlyDictionary<string, IReadOnlyList<PastResult>> past = new Dictionary<string, IReadOnlyList<PastResult>>();
        string? unreadable = null;
        if (requests.Count > 0)
        {
            try
            {
                past = await (history ?? IResultHistory.None).ReadAsync(requests, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                unreadable = cancellationToken.IsCancellationRequested ? CheckResults.Cancelled : "cannot read its history: " + CheckResults.Describe(error);
            }
        }

        var asked = requests.Select(r => r.Check).ToHashSet(StringComparer.Ordinal);
        return measured.Select(m => unreadable is not null && asked.Contains(m.Planned.Check.Name)
            ? CheckResults.Unknown(m.Planned, unreadable, m.Elapsed, m.Query, m.Statement, now)
            : CheckResults.Judge(
                m.Planned with { Context = m.Planned.Context with { History = past.TryGetValue(m.Planned.Check.Name, out var own) ? own : [] } },
                m.Measured, m.Elapsed, m.Query, m.Statement, now));
    }

    private async Task<List<SliceOutcome>> MeasureSourceAsync(MonitorConfig config, string name, List<PlannedMeasurement> slices, DateTimeOffset now, CancellationToken cancellationToken)
    {
        IDataSource source;
        try
        {
            source = sources[name];
            // Opening (and creating the demo warehouse) is not part of any check's time or timeout.
            await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            var reason = cancellationToken.IsCancellationRequested ? CheckResults.Cancelled : $"cannot open source \"{name}\": {CheckResults.Describe(error)}";
            return [.. slices.SelectMany(slice => slice.Checks.Select(c => (SliceOutcome)CheckResults.Unknown(c, reason, TimeSpan.Zero, null, null, now)))];
        }

        var results = new List<SliceOutcome>();
        foreach (var planned in slices)
        {
            var (slice, queries, unrenderable) = Render(source, planned, now);
            results.AddRange(unrenderable.Select(r => (SliceOutcome)r));
            if (slice is not null)
            {
                var measurer = new SliceMeasurer(source, time, check => (check.Timeout ?? config.Defaults.Timeout).Value, queries, now);
                results.AddRange(await measurer.MeasureAsync(slice, cancellationToken).ConfigureAwait(false));
            }
        }

        return results;
    }

    // Each check's own SQL, with literals, is written before anything runs; a check the source cannot write is
    // UNKNOWN on its own and the slice is planned again without it.
    private static (PlannedMeasurement? Slice, Dictionary<CheckDefinition, string?> Queries, List<CheckResult> Unrenderable) Render(IDataSource source, PlannedMeasurement slice, DateTimeOffset now)
    {
        var queries = new Dictionary<CheckDefinition, string?>();
        var failed = new List<CheckResult>();
        foreach (var check in slice.Checks)
        {
            try
            {
                queries[check.Check] = TextCap.Query(source.Reproduce(slice.Narrow([check]).Measurement));
            }
            catch (Exception error)
            {
                failed.Add(CheckResults.Unknown(check, "cannot be planned: " + CheckResults.Describe(error), TimeSpan.Zero, null, null, now));
            }
        }

        if (failed.Count == 0)
        {
            return (slice, queries, failed);
        }

        var kept = slice.Checks.Where(c => queries.ContainsKey(c.Check)).ToList();
        return (kept.Count == 0 ? null : slice.Narrow(kept), queries, failed);
    }
}

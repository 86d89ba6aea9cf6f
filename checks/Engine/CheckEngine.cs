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
        var past = await ReadPastAsync(checks, now, cancellationToken).ConfigureAwait(false);
        var plan = _planner.PlanEach(config, checks, now, past.Attach);
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
        foreach (var result in Judge(measured, now))
        {
            results[result.Check] = result;
        }

        // Then the kinds that look further into a judged check (a reconciliation's missing keys) do.
        await new FollowUps(catalog, sources, time).RunAsync(config, results, now, cancellationToken).ConfigureAwait(false);

        // Phase 3: each failing check that lists sample_columns fetches its offending rows, one statement each.
        var sampler = new FailedRowSampler(sources, time, config.TimeoutOf);
        var sampled = await Task.WhenAll(measured.Where(m => FailedRowSampler.Wants(results[m.Planned.Check]))
            .Select(m => sampler.SampleAsync(results[m.Planned.Check], m.Planned, cancellationToken))).ConfigureAwait(false);
        foreach (var result in sampled)
        {
            results[result.Check] = result;
        }

        return [.. checks.Select(check => results[check])];
    }

    // Phase 0: the checks whose kind plans or judges with its past read it once for the run, before anything is planned.
    private async Task<PastOfChecks> ReadPastAsync(IReadOnlyList<CheckDefinition> checks, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var requests = new List<HistoryRequest>();
        foreach (var check in checks)
        {
            try
            {
                if (catalog.CheckKindOf(check).HistoryNeeded(check) is { } lookback)
                {
                    requests.Add(new HistoryRequest(check.Name, now - lookback));
                }
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                // Planning the check fails the same way and makes it UNKNOWN with the reason.
            }
        }

        if (requests.Count == 0)
        {
            return PastOfChecks.Empty;
        }

        try
        {
            var store = history ?? IResultHistory.None;
            var results = await store.ReadAsync(requests, cancellationToken).ConfigureAwait(false);
            var series = await store.ReadSeriesAsync(requests, cancellationToken).ConfigureAwait(false);
            return new PastOfChecks(results, series, null, []);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            var reason = cancellationToken.IsCancellationRequested ? CheckResults.Cancelled : "cannot read its history: " + CheckResults.Describe(error);
            return new PastOfChecks(null, null, reason, [.. requests.Select(r => r.Check)]);
        }
    }

    private static IEnumerable<CheckResult> Judge(List<MeasuredCheck> measured, DateTimeOffset now) =>
        measured.Select(m => CheckResults.Judge(m.Planned, m.Measured, m.Elapsed, m.Query, m.Statement, now));

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
                var measurer = new SliceMeasurer(source, time, config.TimeoutOf, queries, now);
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

/// <summary>What the checks that asked read of their past for one run, or why it could not be read.</summary>
internal sealed record PastOfChecks(
    IReadOnlyDictionary<string, IReadOnlyList<PastResult>>? Results,
    IReadOnlyDictionary<string, IReadOnlyList<Values.SeriesPoint>>? Series,
    string? Unreadable,
    HashSet<string> Asked)
{
    public static PastOfChecks Empty { get; } = new(null, null, null, []);

    /// <summary>The check's context with its past; throws (making it UNKNOWN) when its past could not be read.</summary>
    public CheckContext Attach(CheckDefinition check, CheckContext context)
    {
        if (Unreadable is not null && Asked.Contains(check.Name))
        {
            throw new HistoryUnreadableException(Unreadable);
        }

        return context with
        {
            History = Results is not null && Results.TryGetValue(check.Name, out var results) ? results : [],
            Series = Series is not null && Series.TryGetValue(check.Name, out var series) ? series : [],
        };
    }
}

/// <summary>A check's past could not be read: the check is UNKNOWN with exactly this message.</summary>
internal sealed class HistoryUnreadableException(string message) : Exception(message);

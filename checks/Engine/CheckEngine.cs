using System.Diagnostics;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sources;

namespace CustomerData.Checks.Engine;

/// <summary>Runs checks: plans them into one measurement per table slice, measures, and evaluates; never throws for a failed check.</summary>
public sealed class CheckEngine(Catalog catalog, DataSources sources, TimeProvider time)
{
    private readonly Planner _planner = new(catalog);

    /// <summary>Runs the given checks once; results come back in the order the checks were given.</summary>
    /// <param name="asOf">The instant the run evaluates for (windows, lags); a scheduled run passes its scheduled fire time,
    /// so every replica, and a fire recovered after a crash, measures the same span. Default: now.</param>
    public async Task<IReadOnlyList<CheckResult>> RunAsync(MonitorConfig config, IReadOnlyList<CheckDefinition> checks, CancellationToken cancellationToken, DateTimeOffset? asOf = null)
    {
        var now = asOf ?? time.GetUtcNow();
        var plan = _planner.Plan(config, checks, now);
        using var run = Telemetry.Source.StartActivity("customer_data.run");
        run?.SetTag("checks", checks.Count);
        run?.SetTag("queries", plan.Count);

        // Sources run side by side; the measurements of one source run one after the other.
        var perSource = plan.GroupBy(p => p.Measurement.Source)
            .Select(group => MeasureSequentiallyAsync(config, group.ToList(), now, cancellationToken));
        var results = (await Task.WhenAll(perSource).ConfigureAwait(false)).SelectMany(r => r).ToDictionary(r => r.Check);
        return [.. checks.Select(check => results[check])];
    }

    private async Task<List<CheckResult>> MeasureSequentiallyAsync(MonitorConfig config, List<PlannedMeasurement> plans, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        try
        {
            // Opening (and creating the demo warehouse) is not part of any check's time or timeout.
            await sources[plans[0].Measurement.Source].OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            var reason = $"cannot open source \"{plans[0].Measurement.Source}\": {Describe(error)}";
            return [.. plans.SelectMany(plan => plan.Checks.Select(c => Unknown(c, reason, TimeSpan.Zero, null, now)))];
        }

        foreach (var plan in plans)
        {
            results.AddRange(await MeasureAsync(config, plan, now, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private async Task<IReadOnlyList<CheckResult>> MeasureAsync(MonitorConfig config, PlannedMeasurement plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var source = sources[plan.Measurement.Source];
        var query = string.Join("\n\n", source.Describe(plan.Measurement));
        var timeouts = plan.Checks.ToDictionary(c => c.Check, c => (c.Check.Timeout ?? config.Defaults.Timeout).Value);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeouts.Values.Max());
        var started = Stopwatch.GetTimestamp();
        using var span = Telemetry.Source.StartActivity("customer_data.query");
        span?.SetTag("source", plan.Measurement.Source);
        span?.SetTag("table", plan.Measurement.Table);
        span?.SetTag("checks", string.Join(",", plan.Checks.Select(c => c.Check.Name)));
        try
        {
            var measured = await source.MeasureAsync(plan.Measurement, deadline.Token).ConfigureAwait(false);
            span?.SetTag("bytes", measured.BytesProcessed);
            var elapsed = Stopwatch.GetElapsedTime(started);
            return [.. plan.Checks.Select(c => elapsed > timeouts[c.Check]
                ? Unknown(c, $"timed out after {Definitions.Duration.Format(timeouts[c.Check])} (the shared query took {Definitions.Duration.Format(elapsed)})", elapsed, query, now)
                : Evaluate(c, measured, elapsed, query, now))];
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            span?.SetStatus(ActivityStatusCode.Error, "timed out");
            return [.. plan.Checks.Select(c => Unknown(c, $"timed out after {Definitions.Duration.Format(timeouts[c.Check])}; the query was cancelled", elapsed, query, now))];
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            span?.SetStatus(ActivityStatusCode.Error, Describe(error));
            if (plan.Checks.Count > 1)
            {
                // One bad column or filter fails the whole shared statement: measure each check on its
                // own so only the broken one is UNKNOWN and the others still report.
                return await IsolateAsync(config, plan, now, cancellationToken).ConfigureAwait(false);
            }

            return [Unknown(plan.Checks[0], Describe(error), Stopwatch.GetElapsedTime(started), query, now)];
        }
    }

    private async Task<IReadOnlyList<CheckResult>> IsolateAsync(MonitorConfig config, PlannedMeasurement plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        foreach (var check in plan.Checks)
        {
            var single = _planner.Plan(config, [check.Check], now).Single();
            results.AddRange(await MeasureAsync(config, single, now, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private static CheckResult Evaluate(PlannedCheck planned, MeasurementResult measured, TimeSpan elapsed, string query, DateTimeOffset now)
    {
        var evaluation = planned.Kind.Evaluate(planned.Check, [.. planned.Slots.Select(slot => measured.Values[slot])], planned.Context);
        using (var span = Telemetry.Source.StartActivity("customer_data.check"))
        {
            span?.SetTag("check", planned.Check.Name);
            span?.SetTag("source", planned.Check.Source);
            span?.SetTag("table", planned.Check.Table);
            span?.SetTag("status", evaluation.Status.ToString().ToLowerInvariant());
            span?.SetTag("value", evaluation.Value);
            span?.SetTag("bytes", measured.BytesProcessed);
        }

        var notes = string.Join("; ", planned.Slots.Distinct().Where(measured.Notes.ContainsKey).Select(slot => measured.Notes[slot]));
        var cost = measured.BytesBilled is null && measured.JobIds.Count == 0 && measured.ReadUnits is null && notes.Length == 0
            ? null
            : new MeasurementCost(measured.BytesBilled, measured.JobIds, measured.ReadUnits, notes.Length == 0 ? null : notes);
        return new CheckResult(planned.Check, evaluation.Status, evaluation.Value, evaluation.Observed, evaluation.Message, evaluation.Expected, elapsed, query, now, measured.BytesProcessed, cost);
    }

    private static CheckResult Unknown(PlannedCheck planned, string reason, TimeSpan elapsed, string? query, DateTimeOffset now)
    {
        var expected = planned.Kind.Evaluate(planned.Check, [.. planned.Slots.Select(_ => (long?)null)], planned.Context).Expected;
        return new CheckResult(planned.Check, CheckStatus.Unknown, null, "unknown", reason, expected, elapsed, query, now);
    }

    // The first line says what went wrong; DuckDB appends candidate lists and hints below it.
    private static string Describe(Exception error) =>
        (error is FileNotFoundException ? error.Message : $"{error.GetType().Name}: {error.Message}").Split('\n')[0].TrimEnd();
}

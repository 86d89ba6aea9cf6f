using System.Diagnostics;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sources;

namespace CustomerData.Checks.Engine;

/// <summary>A check of a slice whose read succeeded: judged after every slice of the run is measured.</summary>
internal sealed record MeasuredCheck(PlannedCheck Planned, MeasurementResult Measured, TimeSpan Elapsed, string? Query, string? Statement)
{
    /// <summary>
    /// One check's reads from every measurement it was planned into, as one: its values in input order, the costs
    /// added up, the queries and statements one after the other. A check read in one measurement keeps its own.
    /// </summary>
    public static MeasuredCheck Combine(IEnumerable<MeasuredCheck> parts)
    {
        var all = parts.ToList();
        if (all.Count == 1 && all[0].Planned.InputCount == all[0].Planned.Slots.Count && all[0].Planned.Inputs.SequenceEqual(Enumerable.Range(0, all[0].Planned.InputCount)))
        {
            return all[0];
        }

        var first = all[0].Planned;
        var values = new Values.MeasuredValue[first.InputCount];
        Array.Fill(values, Values.MeasuredValue.Missing);
        var notes = new Dictionary<int, string>();
        foreach (var part in all)
        {
            for (var i = 0; i < part.Planned.Slots.Count; i++)
            {
                values[part.Planned.Inputs[i]] = part.Measured.Values[part.Planned.Slots[i]];
                if (part.Measured.Notes.TryGetValue(part.Planned.Slots[i], out var note))
                {
                    notes[part.Planned.Inputs[i]] = note;
                }
            }
        }

        static long? Sum(IEnumerable<long?> numbers) => numbers.Any(n => n is not null) ? numbers.Sum(n => n ?? 0) : null;
        var measured = new MeasurementResult(values)
        {
            BytesProcessed = Sum(all.Select(p => p.Measured.BytesProcessed)),
            BytesBilled = Sum(all.Select(p => p.Measured.BytesBilled)),
            JobIds = [.. all.SelectMany(p => p.Measured.JobIds)],
            ReadUnits = all.Any(p => p.Measured.ReadUnits is not null) ? all.Sum(p => p.Measured.ReadUnits ?? 0) : null,
            Notes = notes,
        };
        string? Joined(Func<MeasuredCheck, string?> text) => all.Count == 1 ? text(all[0]) : string.Join("\n\n", all.Select(text).OfType<string>());
        return new MeasuredCheck(
            first with { Slots = [.. Enumerable.Range(0, first.InputCount)], Inputs = [.. Enumerable.Range(0, first.InputCount)] },
            measured, all.Max(p => p.Elapsed), Joined(p => p.Query), Joined(p => p.Statement));
    }
}

/// <summary>What measuring did for one check: a final result (UNKNOWN: timed out, failed, cancelled), or values to judge.</summary>
internal sealed record SliceOutcome(CheckResult? Result, MeasuredCheck? Measured)
{
    public static implicit operator SliceOutcome(CheckResult result) => new(result, null);

    public static implicit operator SliceOutcome(MeasuredCheck measured) => new(null, measured);
}

/// <summary>
/// Measures one table slice: one shared read, each check held to its own deadline (counted from the start of the
/// slice), and, when the shared read fails, exactly one more round in which each check is read on its own, all at once.
/// </summary>
internal sealed class SliceMeasurer(IDataSource source, TimeProvider time, Func<CheckDefinition, TimeSpan> timeoutOf, IReadOnlyDictionary<CheckDefinition, string?> queries, DateTimeOffset now)
{
    public async Task<IReadOnlyList<SliceOutcome>> MeasureAsync(PlannedMeasurement slice, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        using var span = Telemetry.Source.StartActivity("customer_data.query");
        span?.SetTag("source", slice.Measurement.Source);
        span?.SetTag("table", slice.Measurement.Table);
        span?.SetTag("checks", string.Join(",", slice.Checks.Select(c => c.Check.Name)));
        var shared = await AttemptAsync(slice, started, span, cancellationToken).ConfigureAwait(false);
        if (shared.Error is not { } error)
        {
            return shared.Results;
        }

        span?.SetStatus(ActivityStatusCode.Error, CheckResults.Describe(error));
        if (shared.Failed.Count == 1)
        {
            return [.. shared.Results, Failure(shared.Failed[0], error, started, shared.Statement)];
        }

        // One bad column or filter fails the whole shared statement. One more round finds it: the checks are read
        // on their own (those with identical measures together), all in flight at once, so isolating costs one round
        // of reads whatever the number of checks, and each check still keeps its own deadline.
        var alone = shared.Failed
            .GroupBy(c => string.Join(',', c.Slots.Distinct().Order()))
            .Select(group => IsolatedAsync(slice.Narrow([.. group]), started, cancellationToken));
        var isolated = await Task.WhenAll(alone).ConfigureAwait(false);
        return [.. shared.Results, .. isolated.SelectMany(r => r)];
    }

    private async Task<IReadOnlyList<SliceOutcome>> IsolatedAsync(PlannedMeasurement plan, long started, CancellationToken cancellationToken)
    {
        var attempt = await AttemptAsync(plan, started, null, cancellationToken).ConfigureAwait(false);
        return attempt.Error is { } error
            ? [.. attempt.Results, .. attempt.Failed.Select(c => (SliceOutcome)Failure(c, error, started, attempt.Statement))]
            : attempt.Results;
    }

    private async Task<Attempt> AttemptAsync(PlannedMeasurement plan, long started, Activity? span, CancellationToken cancellationToken)
    {
        var results = new List<SliceOutcome>();
        var pending = new List<PlannedCheck>();
        var spent = time.GetElapsedTime(started);
        foreach (var check in plan.Checks)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                results.Add(CheckResults.Unknown(check, CheckResults.Cancelled, spent, queries[check.Check], null, now));
            }
            else if (timeoutOf(check.Check) <= spent)
            {
                results.Add(CheckResults.Unknown(check, $"timed out after {Duration.Format(timeoutOf(check.Check))} before its query could run", spent, queries[check.Check], null, now));
            }
            else
            {
                pending.Add(check);
            }
        }

        if (pending.Count == 0)
        {
            return new Attempt(results, [], null, null);
        }

        string statement;
        try
        {
            statement = string.Join("\n\n", source.Describe(plan.Measurement));
        }
        catch (Exception error)
        {
            return new Attempt(results, pending, error, null);
        }

        var longest = pending.Max(c => timeoutOf(c.Check));
        using var deadline = new CancellationTokenSource(longest - spent, time);
        using var query = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var waits = CancellationTokenSource.CreateLinkedTokenSource(query.Token);
        // The earlier deadlines are armed before the read starts, so none can be missed however fast it fails.
        var earlier = pending.Select(c => timeoutOf(c.Check)).Where(t => t < longest).Distinct().Order()
            .Select(t => (Timeout: t, Passed: Task.Delay(t - spent, time, waits.Token))).ToList();
        var reading = ReadAsync(plan, query.Token);
        try
        {
            foreach (var (timeout, passed) in earlier)
            {
                if (await Task.WhenAny(reading, passed).ConfigureAwait(false) == reading || !passed.IsCompletedSuccessfully)
                {
                    break;
                }

                // Its deadline passed while the read goes on for checks that allow longer: it is reported now.
                foreach (var check in pending.Where(c => timeoutOf(c.Check) == timeout).ToList())
                {
                    results.Add(CheckResults.Unknown(check, $"timed out after {Duration.Format(timeout)}; the shared query went on for the checks with longer timeouts", time.GetElapsedTime(started), queries[check.Check], statement, now));
                    pending.Remove(check);
                }
            }

            var measured = await reading.ConfigureAwait(false);
            span?.SetTag("bytes", measured.BytesProcessed);
            var elapsed = time.GetElapsedTime(started);
            results.AddRange(pending.Select(c => elapsed > timeoutOf(c.Check)
                ? (SliceOutcome)CheckResults.Unknown(c, $"timed out after {Duration.Format(timeoutOf(c.Check))} (the shared query took {Duration.Format(elapsed)})", elapsed, queries[c.Check], statement, now)
                : new MeasuredCheck(c, measured, elapsed, queries[c.Check], statement)));
            return new Attempt(results, [], null, statement);
        }
        catch (Exception error)
        {
            var elapsed = time.GetElapsedTime(started);
            if (cancellationToken.IsCancellationRequested)
            {
                results.AddRange(pending.Select(c => (SliceOutcome)CheckResults.Unknown(c, CheckResults.Cancelled, elapsed, queries[c.Check], statement, now)));
                return new Attempt(results, [], null, statement);
            }

            if (deadline.IsCancellationRequested)
            {
                span?.SetStatus(ActivityStatusCode.Error, "timed out");
                results.AddRange(pending.Select(c => (SliceOutcome)CheckResults.Unknown(c, $"timed out after {Duration.Format(timeoutOf(c.Check))}; the query was cancelled", elapsed, queries[c.Check], statement, now)));
                return new Attempt(results, [], null, statement);
            }

            return new Attempt(results, pending, error, statement);
        }
        finally
        {
            // Releases the timers of deadlines that never came.
            await waits.CancelAsync().ConfigureAwait(false);
        }
    }

    // A source that throws before its first await still fails the task, never the caller.
    private Task<MeasurementResult> ReadAsync(PlannedMeasurement plan, CancellationToken cancellationToken)
    {
        try
        {
            return source.MeasureAsync(plan.Measurement, cancellationToken);
        }
        catch (Exception error)
        {
            return Task.FromException<MeasurementResult>(error);
        }
    }

    private CheckResult Failure(PlannedCheck check, Exception error, long started, string? statement) =>
        CheckResults.Unknown(check, CheckResults.Describe(error), time.GetElapsedTime(started), queries[check.Check], statement, now);

    /// <summary>What one read settled: results made, the checks its error leaves unsettled, and the statement it ran.</summary>
    private sealed record Attempt(List<SliceOutcome> Results, List<PlannedCheck> Failed, Exception? Error, string? Statement);
}

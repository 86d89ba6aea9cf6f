using CustomerData.Checks.Engine;

namespace CustomerData.Tests.Soak;

/// <summary>A message the monitor should send: its channel, check (null for a digest), kind and the run's schedule slot.</summary>
internal sealed record MessageKey(string Channel, string? Check, string Kind, DateTimeOffset At)
{
    public override string ToString() => $"{Kind} {Check ?? "(digest)"} {Channel} @ {At:HH:mm:ss.fff}";
}

/// <summary>What the history says on-call should have heard, and the runs whose alerting a stop cut off.</summary>
internal sealed record OracleVerdict(
    IReadOnlyList<MessageKey> Expected, IReadOnlyList<MessageKey> NeverAlerted, int Runs, int InterruptedRuns);

/// <summary>
/// Replays the recorded results, in the order serve alerted on them, through the README's alert rules, written again
/// here independently of alerts/State/AlertStateMachine.cs: a failure after alert_after non-OK results in a row, a
/// change when the severity differs from the one announced, a reminder every renotify_after, a recovery when an
/// announced check is OK again; and, per run and channel, one digest instead when more than digest_after are due.
/// A run interrupted by a stop (no completion logged) whose due messages are not in the outbox at all was recorded
/// but never reached the alert state: its messages are lost, and the replay goes on without it, as the monitor did.
/// </summary>
internal static class AlertOracle
{
    public static OracleVerdict Replay(
        IReadOnlyList<HistoryRow> history, IReadOnlyList<OutboxRow> outbox, IReadOnlyList<ProcessLife> processes)
    {
        var checks = SoakCheck.All.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var states = new Dictionary<string, State>(StringComparer.Ordinal);
        var enqueued = outbox.Select(o => (o.Channel, o.CreatedAt)).ToHashSet();
        var expected = new List<MessageKey>();
        var neverAlerted = new List<MessageKey>();
        // In the order serve alerted on them: a schedule's fires run one at a time, so by completion (a fire cut off
        // by a stop is its process's last); a catch-up fire can complete after later slots, and was alerted on then.
        var runs = history.Where(r => checks.ContainsKey(r.Check))
            .GroupBy(r => (checks[r.Check].Schedule, r.MeasuredAt))
            .OrderBy(g => AlertedAt(g.Key.Schedule, g.Key.MeasuredAt, processes))
            .ThenBy(g => g.Key.MeasuredAt)
            .ToList();
        var interrupted = 0;
        foreach (var run in runs)
        {
            var at = run.Key.MeasuredAt;
            var decisions = run
                .Select(r => (Check: checks[r.Check], Next: Next(states.GetValueOrDefault(r.Check) ?? State.Initial, r.Status, checks[r.Check], at)))
                .ToList();
            var messages = decisions.Where(d => d.Next.Kind is not null)
                .GroupBy(d => d.Check.Channel, StringComparer.Ordinal)
                .SelectMany(channel => channel.Count() > SoakCheck.DigestAfter
                    ? [new MessageKey(channel.Key, null, "digest", at)]
                    : channel.Select(d => new MessageKey(channel.Key, d.Check.Name, d.Next.Kind!, at)))
                .ToList();
            var cut = processes.Any(p => !p.Refused && p.Interrupted(run.Key.Schedule, at));
            interrupted += cut ? 1 : 0;
            if (cut && messages.Count > 0 && !messages.Any(m => enqueued.Contains((m.Channel, at))))
            {
                neverAlerted.AddRange(messages);
                continue;
            }

            expected.AddRange(messages);
            foreach (var (check, next) in decisions)
            {
                states[check.Name] = next.State;
            }
        }

        return new OracleVerdict(expected, neverAlerted, runs.Count, interrupted);
    }

    private static DateTimeOffset AlertedAt(string schedule, DateTimeOffset fire, IReadOnlyList<ProcessLife> processes)
    {
        foreach (var process in processes.Where(p => !p.Refused && p.Started <= fire && fire <= p.Ended))
        {
            return process.Completed.TryGetValue((schedule, fire), out var completed) ? completed : process.Ended;
        }

        return fire;
    }

    private static (State State, string? Kind) Next(State previous, CheckStatus status, SoakCheck check, DateTimeOffset at)
    {
        if (status == CheckStatus.Ok)
        {
            return (State.Initial, previous.Announced is null ? null : "recovery");
        }

        var failures = previous.Status == CheckStatus.Ok ? 1 : previous.Failures + 1;
        string? kind = previous.Announced switch
        {
            null => failures >= check.AlertAfter ? "failure" : null,
            { } announced when announced != status => "change",
            _ => check.RenotifyAfter is { } every && at - previous.AnnouncedAt >= every ? "reminder" : null,
        };
        return kind is null
            ? (previous with { Status = status, Failures = failures }, null)
            : (new State(status, failures, status, at), kind);
    }

    private sealed record State(CheckStatus Status, int Failures, CheckStatus? Announced, DateTimeOffset? AnnouncedAt)
    {
        public static State Initial { get; } = new(CheckStatus.Ok, 0, null, null);
    }
}

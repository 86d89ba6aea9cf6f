using Quartz;

namespace CustomerData.Tests.Soak;

/// <summary>Schedule slots per check: recorded other than once (missing or doubled), and what was legitimately folded.</summary>
internal sealed record SlotVerdict(
    int Owed, IReadOnlyList<string> Missing, IReadOnlyList<string> Doubled, int FoldedWhileBusy, int OffSlotRuns);

/// <summary>
/// Each check must be recorded once per schedule slot while serve runs. A result maps to the slot at or before its
/// measured_at (catch-up and misfired fires run late, off the slot). A slot is owed when a serve had registered the
/// schedule before it (0.5 s margin) and was not stopped around it (SIGTERM: 2 s after the slot, since graceful
/// shutdown must finish a running fire; SIGKILL or a crash: 3 s after). A slot that passed while an earlier fire of
/// its schedule had not completed (still delivering to Slack, or waiting behind such a fire: a job never overlaps
/// itself), or whose next fire ran off its slot's time (a misfire), is folded into the one late fire Quartz runs for
/// it, as the README promises ("a missed fire runs once, not once per missed fire"): counted apart, not as missing.
/// Anything else unrecorded is missing; two results mapping to one slot are doubled (a catch-up run at start
/// colliding with the regular fire, for instance).
/// </summary>
internal static class SlotAccounting
{
    private static readonly TimeSpan AfterRegistration = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan BeforeTerm = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan BeforeKill = TimeSpan.FromSeconds(3);

    public static SlotVerdict Count(
        IReadOnlyList<HistoryRow> history, IReadOnlyList<ProcessLife> processes, DateTimeOffset from, DateTimeOffset until)
    {
        var missing = new List<string>();
        var doubled = new List<string>();
        var (owed, folded, offSlot) = (0, 0, 0);
        foreach (var schedule in SoakCheck.Schedules)
        {
            var slots = Slots(schedule, from, until);
            var checks = SoakCheck.All.Where(c => c.Schedule == schedule).Select(c => c.Name).ToList();
            var rows = history.Where(r => checks.Contains(r.Check)).ToList();
            var fires = rows.Select(r => r.MeasuredAt).Distinct().Order().ToList();
            offSlot += fires.Count(f => Floor(slots, f) != f);
            var counts = rows.GroupBy(r => (r.Check, Slot: Floor(slots, r.MeasuredAt)))
                .ToDictionary(g => g.Key, g => g.Select(r => r.MeasuredAt).ToList());
            doubled.AddRange(counts.Where(c => c.Value.Count > 1).Select(c =>
                $"{c.Key.Check} slot {c.Key.Slot:HH:mm:ss}: recorded {c.Value.Count}x ({string.Join(", ", c.Value.Select(Milliseconds))})"));
            foreach (var process in processes.Where(p => !p.Refused && p.ScheduledAt.ContainsKey(schedule)))
            {
                var end = process.Signalled is { } signalled
                    ? signalled - (process.Signal == StopSignal.Term ? BeforeTerm : BeforeKill)
                    : process.Ended - BeforeKill;
                var busy = fires.Where(f => f >= process.Started && f <= process.Ended)
                    .Select(f => (Fire: f, End: process.Completed.TryGetValue((schedule, f), out var done) ? done : (DateTimeOffset?)null))
                    .ToList();
                foreach (var slot in slots.Where(s => s > process.ScheduledAt[schedule] + AfterRegistration && s <= end))
                {
                    // An earlier fire not yet completed (running, or waiting behind one: a job never overlaps itself).
                    var pending = busy.FirstOrDefault(b => b.Fire < slot && (b.End is not { } done || done > slot));
                    owed += checks.Count;
                    // Or the next fire ran off its slot's time: Quartz's one late fire for a fire missed by more than its threshold.
                    var next = fires.FirstOrDefault(f => f > slot && f <= process.Ended);
                    var late = next != default && Floor(slots, next) != next;
                    foreach (var check in checks.Where(c => !counts.ContainsKey((c, slot))))
                    {
                        if (pending != default || late)
                        {
                            folded++;
                            continue;
                        }

                        missing.Add($"{check} slot {slot:HH:mm:ss}: not recorded by serve #{process.Number}, whose schedule was idle"
                            + (next != default ? $"; next fire {next:HH:mm:ss.fff}" : "; no fire followed"));
                    }
                }
            }
        }

        return new SlotVerdict(owed, missing, doubled, folded, offSlot);
    }

    private static string Milliseconds(DateTimeOffset time) =>
        time.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);

    private static List<DateTimeOffset> Slots(string schedule, DateTimeOffset from, DateTimeOffset until)
    {
        var cron = new CronExpression(schedule, TimeZoneInfo.Utc);
        var slots = new List<DateTimeOffset>();
        for (var next = cron.GetNextValidTimeAfter(from); next is { } slot && slot <= until; next = cron.GetNextValidTimeAfter(slot))
        {
            slots.Add(slot);
        }

        return slots;
    }

    private static DateTimeOffset Floor(List<DateTimeOffset> slots, DateTimeOffset at)
    {
        var index = slots.BinarySearch(at);
        return index >= 0 ? slots[index] : index == -1 ? at : slots[~index - 1];
    }
}

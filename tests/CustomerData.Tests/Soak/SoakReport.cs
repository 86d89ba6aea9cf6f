using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace CustomerData.Tests.Soak;

/// <summary>The soak's figures: the three that must be 0, what was injected, and a line of explanation for every loss and duplicate.</summary>
internal sealed record SoakReport(SoakObservations Observations, OracleVerdict Oracle, DeliveryVerdict Delivery, SlotVerdict Slots)
{
    private const int DetailLines = 40;

    public int Lost => Delivery.Lost.Count;

    public int DuplicatedOtherwise => Delivery.DuplicatedOtherwise.Count;

    public int SlotsOtherThanOnce => Slots.Missing.Count + Slots.Doubled.Count;

    public static SoakReport From(SoakObservations observations)
    {
        var oracle = AlertOracle.Replay(observations.History, observations.Outbox, observations.Processes);
        return new SoakReport(
            observations,
            oracle,
            DeliveryAccounting.Match(oracle, observations.Outbox, observations.Requests, observations.Processes),
            SlotAccounting.Count(
                observations.History, observations.Processes, observations.Started - TimeSpan.FromSeconds(10), observations.Ended));
    }

    public string Render()
    {
        var o = Observations;
        var started = o.Processes.Count;
        var stops = o.Processes.Where(p => p.Signal != StopSignal.None).ToList();
        var terms = stops.Where(p => p.Signal == StopSignal.Term).ToList();
        var answers = Enum.GetValues<WebhookAnswer>().ToDictionary(a => a, a => o.Requests.Count(r => r.Answer == a));
        var webhookFaults = o.Requests.Count - answers[WebhookAnswer.Ok];
        var brokenEdits = o.Edits.Where(e => e.Key != EditKind.Valid).Sum(e => e.Value);
        var text = new StringBuilder();
        var (seed, chaos, total) = (o.Settings.Seed, o.Settings.Chaos.TotalSeconds, (o.Ended - o.Started).TotalSeconds);
        Line(text, $"CustomerData soak, seed {seed}, {o.Started:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores visible, {RuntimeInformation.OSDescription}");
        Line(text, $"chaos {chaos:0} s, then final delivery; {total:0} s in all; files in {o.Directory}");
        Line(text, $"rerun: CUSTOMERDATA_SOAK_SEED={seed} CUSTOMERDATA_SOAK_SECONDS={chaos:0} (timing still varies)");
        text.AppendLine();
        Line(text, $"| figure | value |");
        Line(text, $"| --- | --- |");
        Row(text, "**lost** (must be 0)", Lost);
        Row(text, "duplicated after an ambiguous delivery", Delivery.DuplicatedAfterAmbiguous.Count);
        Row(text, "**duplicated otherwise** (must be 0)", DuplicatedOtherwise);
        Row(text, "**schedule slots recorded other than once** (must be 0)",
            $"{SlotsOtherThanOnce} (missing {Slots.Missing.Count}, doubled {Slots.Doubled.Count}, of {Slots.Owed} owed check-slots)");
        Row(text, "messages due from the recorded results / enqueued", $"{Delivery.Expected} / {Delivery.Enqueued}");
        Row(text, "enqueued but not due / posts matching no outbox row", $"{Delivery.Unexpected.Count} / {Delivery.UnknownPosts.Count}");
        Row(text, "runs recorded (check results) / interrupted by a stop", $"{Oracle.Runs} ({o.History.Count}) / {Oracle.InterruptedRuns}");
        Row(text, "slots folded into one late fire while busy / off-slot fires", $"{Slots.FoldedWhileBusy} / {Slots.OffSlotRuns}");
        Row(text, "serve processes / restarts (SIGTERM, SIGKILL)", $"{started} / {stops.Count - 1} ({terms.Count - 1}, {stops.Count - terms.Count})");
        var exits = string.Join(", ", terms.GroupBy(p => p.ExitCode).Select(g => $"{g.Key}: {g.Count()}"));
        Row(text, "SIGTERM exit codes / SIGTERM needing SIGKILL", $"{exits} / {terms.Count(p => p.StopTimedOut)}");
        var (refused, died) = (o.Processes.Count(p => p.Refused), o.Processes.Count(p => p.Signal == StopSignal.None && !p.Refused));
        Row(text, "starts refused on a broken checks.json (exit 2) / exited by themselves", $"{refused} / {died}");
        Row(text, "checks.json edits", $"{o.Edits.Values.Sum()} ({string.Join(", ", o.Edits.Select(e => $"{e.Key} {e.Value}"))})");
        Row(text, "warehouse rewrites between processes", o.WarehouseRewrites);
        Row(text, "webhook requests", $"{o.Requests.Count} ({string.Join(", ", answers.Select(a => $"{a.Key} {a.Value}"))})");
        Row(text, "rate-limit storms (every request 429 for 10 to 20 s)", o.RateLimitStorms);
        var restarts = stops.Count - 1;
        Row(text, "faults injected (webhook, stops, broken edits)", $"{webhookFaults + restarts + brokenEdits} ({webhookFaults}, {restarts}, {brokenEdits})");
        Row(text, "final delivery drained the outbox", o.FinalDeliveryDrained ? "yes" : "no");
        Details(text, "Lost", Delivery.Lost);
        Details(text, "Duplicated otherwise", Delivery.DuplicatedOtherwise);
        Details(text, "Slots missing", Slots.Missing);
        Details(text, "Slots doubled", Slots.Doubled);
        Details(text, "Enqueued but not due", Delivery.Unexpected);
        Details(text, "Posts matching no outbox row", Delivery.UnknownPosts);
        Details(text, "Duplicated after an ambiguous delivery", Delivery.DuplicatedAfterAmbiguous);
        Details(text, "Processes", [.. o.Processes.Select(Describe)]);
        return text.ToString();
    }

    private static string Describe(ProcessLife p)
    {
        var registered = string.Join(", ", p.ScheduledAt.Values.Select(t => t.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)));
        var stop = p.Signal == StopSignal.None ? "not signalled" : $"{p.Signal} at {p.Signalled:HH:mm:ss.fff}{(p.StopTimedOut ? " then SIGKILL" : "")}";
        return string.Create(CultureInfo.InvariantCulture,
            $"serve #{p.Number}: {p.Started:HH:mm:ss.fff} to {p.Ended:HH:mm:ss.fff}, schedules registered {registered}; {p.Completed.Count} fires completed; {stop}; exit {p.ExitCode}");
    }

    private static void Row(StringBuilder text, string figure, object value) =>
        Line(text, $"| {figure} | {value} |");

    private static void Details(StringBuilder text, string title, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"{title} ({lines.Count}):");
        foreach (var line in lines.Take(DetailLines))
        {
            text.AppendLine("- " + line);
        }

        if (lines.Count > DetailLines)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- ... and {lines.Count - DetailLines} more");
        }
    }

    private static void Line(StringBuilder text, FormattableString line) =>
        text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
}

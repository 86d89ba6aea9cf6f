using System.Globalization;

namespace CustomerData.Tests.Soak;

/// <summary>The messages' fate: each counter with the lines that explain it.</summary>
internal sealed record DeliveryVerdict(
    int Expected,
    int Enqueued,
    IReadOnlyList<string> Lost,
    IReadOnlyList<string> DuplicatedAfterAmbiguous,
    IReadOnlyList<string> DuplicatedOtherwise,
    IReadOnlyList<string> Unexpected,
    IReadOnlyList<string> UnknownPosts);

/// <summary>
/// Matches what should have been sent with what Slack showed. The history's expected messages are paired with outbox
/// rows by (channel, check, kind, schedule slot): the outbox row says what was rendered, and a webhook request is that
/// message when its body is the row's payload, byte for byte, on the channel's URL. Slack showed a request it answered
/// 200 and one it read whole before cutting or hanging (ambiguous: the sender could not know). Identical payloads
/// are counted as a multiset, so the counts stay exact even when two messages render the same text.
/// lost = expected but never shown; duplicated = shown more often than enqueued, "after an ambiguous delivery" as far
/// as deliveries whose outcome the sender could not know explain it (a cut after reading, a hang past its timeout, or
/// a 200 answered while SIGKILL was taking its process down: the README's one window left), "otherwise" beyond that.
/// </summary>
internal static class DeliveryAccounting
{
    private static readonly TimeSpan KillWindow = TimeSpan.FromSeconds(1);

    public static DeliveryVerdict Match(
        OracleVerdict oracle, IReadOnlyList<OutboxRow> outbox, IReadOnlyList<WebhookRequest> requests, IReadOnlyList<ProcessLife> processes)
    {
        var lost = oracle.NeverAlerted
            .Select(k => $"{k}: recorded, but the run was stopped before its alert state and messages were saved")
            .ToList();
        var byKey = outbox.GroupBy(Key).ToDictionary(g => g.Key, g => new Queue<OutboxRow>(g));
        var paired = new HashSet<long>();
        foreach (var key in oracle.Expected)
        {
            if (byKey.TryGetValue(key, out var rows) && rows.Count > 0)
            {
                paired.Add(rows.Dequeue().Id);
            }
            else
            {
                lost.Add($"{key}: due from the recorded results, never enqueued");
            }
        }

        var unexpected = outbox.Where(o => !paired.Contains(o.Id))
            .Select(o => $"{Key(o)} (outbox #{o.Id}): enqueued, but the recorded results do not call for it")
            .ToList();
        var afterAmbiguous = new List<string>();
        var otherwise = new List<string>();
        var shown = requests.Where(r => r.Answer == WebhookAnswer.Ok || r.Ambiguous).ToLookup(r => (r.Channel, r.Body));
        foreach (var group in outbox.GroupBy(o => (o.Channel, o.Payload)))
        {
            var rows = group.OrderBy(o => paired.Contains(o.Id) ? 0 : 1).ThenBy(o => o.Id).ToList();
            var posts = shown[group.Key].OrderBy(r => r.At).ToList();
            foreach (var row in rows.Skip(posts.Count).Where(r => paired.Contains(r.Id)))
            {
                lost.Add($"{Key(row)} (outbox #{row.Id}): {Fate(row)}");
            }

            // Unknown to the sender: an ambiguous answer, or a 200 its process was killed before recording.
            var ambiguous = posts.Where((p, i) => p.Ambiguous
                || (p.Answer == WebhookAnswer.Ok && KilledBeforeRecording(p, i + 1 < posts.Count ? posts[i + 1] : null, processes))).Count();
            var extra = Math.Max(0, posts.Count - rows.Count);
            var explained = Math.Min(extra, ambiguous);
            var label = $"{Key(rows[0])} (outbox #{string.Join(",", rows.Select(r => r.Id))})";
            var timeline = string.Join(", ", posts.Select(p => $"{p.At:HH:mm:ss.fff} {p.Answer}"));
            for (var i = 0; i < explained; i++)
            {
                afterAmbiguous.Add($"{label}: shown {posts.Count}x for {rows.Count} enqueued [{timeline}]");
            }

            for (var i = posts.Count - (extra - explained); i < posts.Count; i++)
            {
                var cause = Cause(posts[i - 1], posts[i], processes);
                otherwise.Add($"{label}: shown {posts.Count}x for {rows.Count} enqueued, {cause} [{timeline}]");
            }
        }

        var payloads = outbox.Select(o => (o.Channel, o.Payload)).ToHashSet();
        var unknown = requests.Where(r => !payloads.Contains((r.Channel, r.Body)))
            .Select(r => $"{r.At:HH:mm:ss.fff} {r.Channel} {r.Answer}: a body matching no outbox row ({r.Body.Length} characters)")
            .ToList();
        var expected = oracle.Expected.Count + oracle.NeverAlerted.Count;
        return new DeliveryVerdict(expected, outbox.Count, lost, afterAmbiguous, otherwise, unexpected, unknown);
    }

    /// <summary>
    /// Answered 200 while its sender was being killed (SIGKILL within a second after), and posted next by a later
    /// process: the sender never learnt the answer.
    /// </summary>
    private static bool KilledBeforeRecording(WebhookRequest post, WebhookRequest? next, IReadOnlyList<ProcessLife> processes) =>
        processes.Any(p => p.Started <= post.At && post.At <= p.Ended && (p.Signal == StopSignal.Kill || p.StopTimedOut)
            && p.Signalled is { } killed && post.At >= killed - KillWindow && (next is null || next.At > p.Ended));

    private static MessageKey Key(OutboxRow row) => new(row.Channel, row.Check, row.Kind, row.CreatedAt);

    private static string Fate(OutboxRow row) =>
        row.DroppedAt is not null ? $"dropped after {row.Attempts} attempts: {row.LastError}"
        : row.SentAt is not null ? $"marked sent, but Slack never read it ({row.Attempts} attempts, last error: {row.LastError})"
        : $"still in the outbox at the end ({row.Attempts} attempts, last error: {row.LastError})";

    /// <summary>Why a message was shown again without an ambiguous answer in between.</summary>
    private static string Cause(WebhookRequest before, WebhookRequest again, IReadOnlyList<ProcessLife> processes)
    {
        var stop = processes.FirstOrDefault(p => p.Started <= before.At && p.Ended >= before.At && p.Ended <= again.At);
        if (stop is not null)
        {
            var after = (stop.Ended - before.At).TotalMilliseconds;
            return string.Create(CultureInfo.InvariantCulture,
                $"serve #{stop.Number} got Slack's answer and exited {after:0} ms later ({stop.Signal}, exit {stop.ExitCode}) without marking it sent");
        }

        var process = processes.FirstOrDefault(p => p.Started <= before.At && p.Ended >= again.At);
        return process is null
            ? "shown again by another process without a stop in between"
            : string.Create(CultureInfo.InvariantCulture,
                $"serve #{process.Number} posted it again {(again.At - before.At).TotalMilliseconds:0} ms after Slack's answer (overlapping deliveries)");
    }
}

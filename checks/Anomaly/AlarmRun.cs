namespace CustomerData.Checks.Anomaly;

/// <summary>Consecutive flagged buckets: one alarm as on-call hears it (one message when it starts, one when it ends).</summary>
/// <param name="First">Start of the first flagged bucket.</param>
/// <param name="Last">Start of the last flagged bucket.</param>
internal sealed record AlarmRun(DateTimeOffset First, DateTimeOffset Last, int Buckets, AnomalyVerdict Worst)
{
    /// <summary>
    /// The runs of flagged (WARNING or CRITICAL) buckets in judged buckets ordered by start: an OK bucket (or one without
    /// enough training) ends a run; a bucket never judged (missing) does not, as no recovery was heard in between.
    /// </summary>
    public static IReadOnlyList<AlarmRun> Of(IEnumerable<(DateTimeOffset Start, AnomalyVerdict Verdict)> judged)
    {
        var runs = new List<AlarmRun>();
        AlarmRun? open = null;
        foreach (var (start, verdict) in judged)
        {
            if (verdict is not (AnomalyVerdict.Warning or AnomalyVerdict.Critical))
            {
                if (open is not null)
                {
                    runs.Add(open);
                    open = null;
                }

                continue;
            }

            open = open is null
                ? new AlarmRun(start, start, 1, verdict)
                : open with { Last = start, Buckets = open.Buckets + 1, Worst = verdict > open.Worst ? verdict : open.Worst };
        }

        if (open is not null)
        {
            runs.Add(open);
        }

        return runs;
    }
}

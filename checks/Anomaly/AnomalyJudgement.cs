namespace CustomerData.Checks.Anomaly;

/// <summary>A value judged against its expectation.</summary>
internal sealed record AnomalyJudgement(double Value, AnomalyVerdict Verdict, AnomalyExpectation Expectation)
{
    /// <summary>WARNING or CRITICAL: what on-call hears about.</summary>
    public bool Flagged => Verdict is AnomalyVerdict.Warning or AnomalyVerdict.Critical;

    /// <summary>When the verdict comes from a shift held over the last buckets rather than from the bucket's own band.</summary>
    public SustainedShift? Shift { get; init; }
}

namespace CustomerData.Checks.Engine;

/// <summary>What a check kind concluded from its measured values.</summary>
/// <param name="Status">OK, WARNING, CRITICAL or UNKNOWN.</param>
/// <param name="Value">The measured number, when there is one.</param>
/// <param name="Observed">The measurement in a few words ("1,833 rows", "8h12m old").</param>
/// <param name="Message">One sentence: what was seen against what was expected, or why it is unknown.</param>
/// <param name="Expected">The thresholds, as text.</param>
/// <param name="Snapshot">What the kind remembers for its next run (a schema's columns), stored with the result.</param>
public sealed record Evaluation(CheckStatus Status, double? Value, string Observed, string Message, string Expected, string? Snapshot = null)
{
    /// <summary>The learned range the value was judged against (WARNING band), when a learned threshold judged it.</summary>
    public (double Low, double High)? ExpectedRange { get; init; }

    /// <summary>Series buckets to keep for the next runs (a learned threshold's training), newest values winning.</summary>
    public IReadOnlyList<Values.SeriesPoint> Series { get; init; } = [];
}

using System.Globalization;

namespace CustomerData.Checks.Anomaly;

/// <summary>
/// What the model expects of one bucket: the band, the seasonality it used and how much it learned from; no band when
/// the history is shorter than the minimum training (<see cref="Note"/> says what is missing).
/// </summary>
/// <param name="Band">Null when there is not enough training.</param>
/// <param name="TrainingPoints">Buckets of the training span with a value.</param>
/// <param name="TrainingCovered">From the oldest training bucket to the judged bucket's start.</param>
/// <param name="ExcludedPoints">Training buckets left out as anomalous.</param>
internal sealed record AnomalyExpectation(
    AnomalyBand? Band,
    AnomalySeasonality Seasonality,
    int TrainingPoints,
    TimeSpan TrainingCovered,
    TimeSpan MinimumTraining,
    int ExcludedPoints,
    AnomalyDirection Direction)
{
    /// <summary>Why there is no band, such as "not enough training: needs 7 days of history, has 2.5 days (60 buckets)".</summary>
    public string? Note => Band is null
        ? string.Create(CultureInfo.InvariantCulture, $"not enough training: needs {Days(MinimumTraining)} of history, has {Days(TrainingCovered)} ({TrainingPoints} buckets)")
        : null;

    /// <summary>The test of a shift held over the last buckets (null when the history cannot serve it).</summary>
    public SustainedTest? Sustained { get; init; }

    public AnomalyJudgement Judge(double value)
    {
        if (Band is null)
        {
            return new AnomalyJudgement(value, AnomalyVerdict.NotEnoughTraining, this);
        }

        var alone = Level(Band.Critical, value) ? AnomalyVerdict.Critical
            : Level(Band.Warning, value) ? AnomalyVerdict.Warning
            : AnomalyVerdict.Ok;
        var held = Sustained?.Judge(value, Direction);

        // The bucket's own band first; a shift held over the last buckets raises the verdict when the band alone does not.
        return held is not null && held.Verdict > alone
            ? new AnomalyJudgement(value, held.Verdict, this) { Shift = held }
            : new AnomalyJudgement(value, alone, this);
    }

    private bool Level(AnomalyRange range, double value) =>
        (value > range.High && Direction != AnomalyDirection.Down) || (value < range.Low && Direction != AnomalyDirection.Up);

    private static string Days(TimeSpan span) =>
        span.TotalDays == 1 ? "1 day" : string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0.#} days");
}

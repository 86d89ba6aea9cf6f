namespace CustomerData.Checks.Anomaly;

/// <summary>
/// What the numbers are. Counts are modelled on a log scale (their noise grows with their level) with a Poisson floor
/// so small counts do not alarm; other numbers (ratios, lags) on their own scale.
/// </summary>
internal enum AnomalyValueKind
{
    Count,
    Number,
}

namespace CustomerData.Checks.Anomaly;

/// <summary>
/// What the numbers are. Counts are modelled on a log scale (their noise grows with their level) with a Poisson floor
/// so small counts do not alarm; other numbers (lags, query results) on their own scale; shares of rows (null,
/// duplicate, invalid rates) on their own scale too, with a floor under their spread (<see cref="AnomalyBandWidth"/>) so
/// a share that was always 0 does not alarm on one row in a million.
/// </summary>
internal enum AnomalyValueKind
{
    Count,
    Number,
    Share,
}

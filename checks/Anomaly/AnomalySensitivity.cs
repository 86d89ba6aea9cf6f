namespace CustomerData.Checks.Anomaly;

/// <summary>How far from the expected value a bucket may stray before WARNING and CRITICAL (see <see cref="AnomalyBandWidth"/>).</summary>
internal enum AnomalySensitivity
{
    Low,
    Medium,
    High,
}

namespace CustomerData.Checks.Anomaly;

/// <summary>Which side of the band fires: both, only values above it (spikes) or only values below it (drops).</summary>
internal enum AnomalyDirection
{
    Both,
    Up,
    Down,
}

namespace CustomerData.Checks.Anomaly;

/// <summary>The learned expectation for one bucket: the expected value and the WARNING and CRITICAL ranges around it.</summary>
/// <param name="Expected">The model's expected value (on the value's own scale).</param>
/// <param name="Warning">Values inside stay OK.</param>
/// <param name="Critical">Values outside are CRITICAL; between the two ranges, WARNING. Always contains <paramref name="Warning"/>.</param>
internal sealed record AnomalyBand(double Expected, AnomalyRange Warning, AnomalyRange Critical);

namespace CustomerData.Checks.Anomaly;

/// <summary>
/// The model's scale: log(1 + x) for counts, whose noise grows with their level (a 10% dip is as unusual at 100 as at
/// 10,000), so one spread serves the night's and the day's buckets; numbers as they are.
/// </summary>
internal static class Scale
{
    public static double To(AnomalyValueKind kind, double value) =>
        kind == AnomalyValueKind.Count ? Math.Log(1 + Math.Max(0, value)) : value;

    public static double From(AnomalyValueKind kind, double scaled) =>
        kind == AnomalyValueKind.Count ? Math.Max(0, Math.Exp(scaled) - 1) : scaled;
}

namespace CustomerData.Checks.Anomaly;

/// <summary>One measured bucket: its start (an instant) and its value.</summary>
internal readonly record struct BucketValue(DateTimeOffset Start, double Value);

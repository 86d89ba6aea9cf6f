namespace CustomerData.Benchmarks.AnomalyDetection;

/// <summary>The planted problems of the labelled benchmark.</summary>
internal enum AnomalyKind
{
    /// <summary>A share of the rows missing for a few hours or days.</summary>
    Drop,

    /// <summary>Several times the usual rows (a duplicate load, a bot).</summary>
    Spike,

    /// <summary>A lasting change of level; only its first day (hourly) or week (daily) is the anomaly, after that it is the new normal.</summary>
    LevelShift,

    /// <summary>A slow decline to 40% of the usual over one to two days (hourly) or one to two weeks (daily), then back.</summary>
    Drift,

    /// <summary>Nothing arrives (daily: a twentieth of the rows).</summary>
    Stall,
}

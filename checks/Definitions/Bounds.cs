using System.ComponentModel;

namespace CustomerData.Checks.Definitions;

/// <summary>Inclusive limits a measured number must stay within; either side may be open.</summary>
public sealed record Bounds
{
    [Description("The smallest acceptable value; below it the level fires.")]
    public double? Min { get; init; }

    [Description("The largest acceptable value; above it the level fires.")]
    public double? Max { get; init; }

    /// <summary>Whether the value lies outside these bounds.</summary>
    public bool IsViolatedBy(double value) => value < Min || value > Max;
}

/// <summary>An upper limit on a ratio between 0 and 1.</summary>
public sealed record RatioLimit
{
    [Description("The largest acceptable ratio, between 0 and 1 (0.01 is 1%).")]
    public required double Max { get; init; }
}

using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;

namespace CustomerData.Checks.Kinds;

/// <summary>Fixed warning and critical bounds (inclusive limits; outside them the level fires), as checks.json states them.</summary>
public sealed class StaticBounds : IThreshold
{
    private readonly Bounds? _warning;
    private readonly Bounds? _critical;

    private StaticBounds(Bounds? warning, Bounds? critical, string expected)
    {
        _warning = warning;
        _critical = critical;
        Expected = expected;
    }

    public string Expected { get; }

    /// <summary>Row counts: "warning below 1,000, critical above 5,000".</summary>
    public static StaticBounds Count(Bounds? warning, Bounds? critical) => new(warning, critical, ThresholdText.Join(
        ThresholdText.Bounds("warning", warning, ThresholdText.Count),
        ThresholdText.Bounds("critical", critical, ThresholdText.Count)));

    /// <summary>Any number (a custom SQL metric): "warning above 0.2; critical above 0.3".</summary>
    public static StaticBounds Number(Bounds? warning, Bounds? critical) => new(warning, critical, ThresholdText.Join(
        ThresholdText.Bounds("warning", warning, ThresholdText.Number),
        ThresholdText.Bounds("critical", critical, ThresholdText.Number)));

    /// <summary>Ratios with an upper limit: "warning above 0.01 (1%)".</summary>
    public static StaticBounds Ratio(RatioLimit? warning, RatioLimit? critical) => new(
        warning is null ? null : new Bounds { Max = warning.Max },
        critical is null ? null : new Bounds { Max = critical.Max },
        ThresholdText.Join(
            warning is null ? string.Empty : $"warning above {ThresholdText.Ratio(warning.Max)}",
            critical is null ? string.Empty : $"critical above {ThresholdText.Ratio(critical.Max)}"));

    /// <summary>An age in seconds with upper limits: "warning after 2h; critical after 6h".</summary>
    public static StaticBounds Age(Duration? warning, Duration? critical) => new(
        warning is null ? null : new Bounds { Max = warning.Value.Value.TotalSeconds },
        critical is null ? null : new Bounds { Max = critical.Value.Value.TotalSeconds },
        ThresholdText.Join(
            warning is null ? string.Empty : $"warning after {warning.Value}",
            critical is null ? string.Empty : $"critical after {critical.Value}"));

    /// <summary>No static bounds: every value passes; the expected text says what judges instead.</summary>
    public static StaticBounds None(string expected) => new(null, null, expected);

    /// <summary>The same bounds, described otherwise (a learned range beside them).</summary>
    public StaticBounds With(string expected) => new(_warning, _critical, expected);

    public CheckStatus Judge(double value) =>
        _critical?.IsViolatedBy(value) == true ? CheckStatus.Critical
        : _warning?.IsViolatedBy(value) == true ? CheckStatus.Warning
        : CheckStatus.Ok;
}

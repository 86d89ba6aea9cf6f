using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;

namespace CustomerData.Checks.Kinds.Reconciliation;

/// <summary>Static bounds on a share written as a percentage: "warning above 0.1%; critical above 1%".</summary>
internal sealed class ShareBounds(Bounds? warning, Bounds? critical) : IThreshold
{
    public string Expected { get; } = ThresholdText.Join(
        ThresholdText.Bounds("warning", warning, ReconciliationText.Percent),
        ThresholdText.Bounds("critical", critical, ReconciliationText.Percent));

    public CheckStatus Judge(double value) =>
        critical?.IsViolatedBy(value) == true ? CheckStatus.Critical
        : warning?.IsViolatedBy(value) == true ? CheckStatus.Warning
        : CheckStatus.Ok;
}

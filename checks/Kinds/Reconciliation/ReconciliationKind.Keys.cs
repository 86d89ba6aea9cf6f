using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;

namespace CustomerData.Checks.Kinds.Reconciliation;

/// <summary>The key sample of a reconciliation: after a failing verdict (or every run with "always").</summary>
public sealed partial class ReconciliationKind : IFollowUp
{
    public string FollowUpName => "key sample";

    public bool Wants(CheckDefinition check, CheckResult result) =>
        check is ReconciliationCheckDefinition { Keys: { } keys }
        && (result.Status is CheckStatus.Warning or CheckStatus.Critical || (keys.Always && result.Status == CheckStatus.Ok));

    public Task<CheckResult> FollowUpAsync(CheckResult result, FollowUpContext context, CancellationToken cancellationToken) =>
        KeySampler.RunAsync((ReconciliationCheckDefinition)result.Check, result, context, cancellationToken);
}

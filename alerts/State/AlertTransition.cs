using CustomerData.Checks.Engine;

namespace CustomerData.Alerts.State;

/// <summary>The outcome of one result for one check: its next state, and what (if anything) to tell on-call.</summary>
/// <param name="Next">The state to remember.</param>
/// <param name="PreviousStatus">The status before this result.</param>
/// <param name="Notify">The message to send, or null.</param>
/// <param name="BrokenFor">For a recovery, how long the check was failing.</param>
public sealed record AlertTransition(AlertState Next, CheckStatus PreviousStatus, NotificationKind? Notify, TimeSpan? BrokenFor)
{
    /// <summary>Whether the status changed: Datadog gets an event for each change, muted or not.</summary>
    public bool StatusChanged => Next.Status != PreviousStatus;
}

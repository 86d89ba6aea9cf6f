using CustomerData.Checks.Engine;

namespace CustomerData.Alerts.State;

/// <summary>
/// Decides, from a check's remembered state and its new result, what on-call hears: one message when it
/// starts failing (after alert_after failures in a row), one on each change of severity, a reminder every
/// renotify_after while it stays broken, and one when it recovers. Muting silences messages, not state.
/// </summary>
public static class AlertStateMachine
{
    public static AlertTransition Next(AlertState previous, CheckStatus status, AlertPolicy policy, DateTimeOffset now)
    {
        if (status == CheckStatus.Ok)
        {
            var recovered = previous.NotifiedStatus is not null;
            return new AlertTransition(
                new AlertState(previous.Check, CheckStatus.Ok, 0, null, null, null),
                previous.Status,
                recovered && !policy.Muted ? NotificationKind.Recovery : null,
                recovered ? now - previous.FailingSince : null);
        }

        var wasFailing = previous.Status != CheckStatus.Ok;
        var failing = new AlertState(
            previous.Check,
            status,
            wasFailing ? previous.ConsecutiveFailures + 1 : 1,
            wasFailing ? previous.FailingSince : now,
            previous.NotifiedStatus,
            previous.LastNotifiedAt);

        NotificationKind? notify = previous.NotifiedStatus switch
        {
            null when failing.ConsecutiveFailures >= policy.AlertAfter => NotificationKind.Failure,
            { } told when told != status => NotificationKind.Change,
            not null when policy.RenotifyAfter is { } every && now - previous.LastNotifiedAt >= every => NotificationKind.Reminder,
            _ => null,
        };

        // A muted check keeps its incident unannounced, so the message goes out once it is unmuted.
        if (notify is null || policy.Muted)
        {
            return new AlertTransition(failing, previous.Status, null, null);
        }

        return new AlertTransition(failing with { NotifiedStatus = status, LastNotifiedAt = now }, previous.Status, notify, null);
    }
}

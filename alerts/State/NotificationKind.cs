namespace CustomerData.Alerts.State;

/// <summary>Why on-call is being told something.</summary>
public enum NotificationKind
{
    /// <summary>The check started failing (after alert_after failures in a row).</summary>
    Failure,

    /// <summary>The failing check changed severity, such as WARNING to CRITICAL.</summary>
    Change,

    /// <summary>The check is still failing, renotify_after after the last message.</summary>
    Reminder,

    /// <summary>The check is OK again after a failure on-call was told about.</summary>
    Recovery,
}

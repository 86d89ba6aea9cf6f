namespace CustomerData.Alerts.DogStatsd;

/// <summary>Why a datagram was not sent; the tag reason:&lt;name&gt; of customer_data.dogstatsd.dropped.</summary>
internal enum DropReason
{
    /// <summary>The bounded queue was full: the caller produced faster than the agent took.</summary>
    QueueFull,

    /// <summary>Larger than a packet even after its free text was cut (huge tags or name).</summary>
    TooLarge,

    /// <summary>Refused as malformed: a separator in a name, tag or field, an unknown status.</summary>
    Invalid,

    /// <summary>The transport failed: socket error, agent socket missing, agent host that does not resolve.</summary>
    SendFailed,

    /// <summary>Sent after the client was disposed.</summary>
    Stopped,
}

/// <summary>The tag values of <see cref="DropReason"/>.</summary>
internal static class DropReasons
{
    public static readonly DropReason[] All = Enum.GetValues<DropReason>();

    public static string Tag(DropReason reason) => reason switch
    {
        DropReason.QueueFull => "queue_full",
        DropReason.TooLarge => "too_large",
        DropReason.Invalid => "invalid",
        DropReason.SendFailed => "send_failed",
        _ => "stopped",
    };
}

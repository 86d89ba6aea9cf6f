namespace CustomerData.Tests.Soak;

/// <summary>One check of the soak's checks.json, with the policy the oracle replays (it never changes during a soak).</summary>
internal sealed record SoakCheck(string Name, string Schedule, string Channel, int AlertAfter, TimeSpan? RenotifyAfter, string Body)
{
    public const string ScheduleA = "*/2 * * * * ?";
    public const string ScheduleB = "*/3 * * * * ?";
    public const string ChannelA = "#soak-a";
    public const string ChannelB = "#soak-b";
    public const int DigestAfter = 2;

    /// <summary>
    /// Two schedules (they fire together every 6 s), one Slack channel each; windows trail the schedule slot over a
    /// table whose rows are spread in time, so each slot sees new counts and NULL shares: OK, WARNING, CRITICAL and
    /// (below min_rows) UNKNOWN. Three checks per channel and digest_after 2 make digests happen too.
    /// </summary>
    public static IReadOnlyList<SoakCheck> All { get; } =
    [
        new("a_volume", ScheduleA, ChannelA, 1, TimeSpan.FromSeconds(10),
            """ "type": "volume", "window": "2s", "warn": { "min": 12 }, "critical": { "min": 5 } """),
        new("a_nulls", ScheduleA, ChannelA, 2, TimeSpan.FromSeconds(10),
            """ "type": "null_rate", "column": "v", "window": "2s", "min_rows": 4, "warn": { "max": 0.1 }, "critical": { "max": 0.3 }, "alert_after": 2 """),
        new("a_spike", ScheduleA, ChannelA, 1, TimeSpan.FromSeconds(10),
            """ "type": "volume", "window": "2s", "warn": { "max": 24 }, "critical": { "max": 30 } """),
        new("b_volume", ScheduleB, ChannelB, 1, TimeSpan.FromSeconds(12),
            """ "type": "volume", "window": "3s", "warn": { "min": 18 }, "critical": { "min": 8 }, "renotify_after": "12s" """),
        new("b_nulls", ScheduleB, ChannelB, 2, TimeSpan.FromSeconds(12),
            """ "type": "null_rate", "column": "v", "window": "3s", "min_rows": 6, "warn": { "max": 0.1 }, "critical": { "max": 0.3 }, "alert_after": 2, "renotify_after": "12s" """),
        new("b_filled", ScheduleB, ChannelB, 1, TimeSpan.FromSeconds(12),
            """ "type": "volume", "window": "3s", "filter": "v IS NOT NULL", "warn": { "min": 15 }, "critical": { "min": 6 }, "renotify_after": "12s" """),
    ];

    public static IReadOnlyList<string> Schedules { get; } = [ScheduleA, ScheduleB];

    public static IReadOnlyList<string> Channels { get; } = [ChannelA, ChannelB];

    /// <summary>The environment variable holding each channel's webhook URL.</summary>
    public static string WebhookVariable(string channel) => channel == ChannelA ? "SOAK_SLACK_A" : "SOAK_SLACK_B";
}

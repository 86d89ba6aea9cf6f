namespace CustomerData.Monitors.Cli;

/// <summary>A mute in force: from the store (`mute`) or from checks.json's muted_until.</summary>
internal sealed record ActiveMute(string Check, DateTimeOffset Until, string? Reason, bool InStore);

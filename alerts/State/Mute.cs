namespace CustomerData.Alerts.State;

/// <summary>A check silenced from the command line until an instant.</summary>
public sealed record Mute(string Check, DateTimeOffset Until, string? Reason);

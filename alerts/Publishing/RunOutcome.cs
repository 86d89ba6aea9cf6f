using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;

namespace CustomerData.Alerts.Publishing;

/// <summary>What one run produced, handed to every publisher.</summary>
public sealed record RunOutcome(MonitorConfig Config, IReadOnlyList<CheckResult> Results, DateTimeOffset At);

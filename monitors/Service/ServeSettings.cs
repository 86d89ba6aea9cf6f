namespace CustomerData.Monitors.Service;

/// <summary>How `serve` was started: the health endpoint, start-up run, and the environment it reads secrets from.</summary>
internal sealed record ServeSettings(int? HealthPort, string HealthHost, bool RunAtStartup, Func<string, string?> Environment);

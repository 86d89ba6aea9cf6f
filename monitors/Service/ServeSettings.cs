namespace CustomerData.Monitors.Service;

/// <summary>How `serve` was started: the health endpoint, start-up run, and the environment it reads secrets from.</summary>
/// <param name="InstanceId">This node's id in a cluster; generated (host and time) when null.</param>
/// <param name="HeartbeatInterval">How often the heartbeat goes to Datadog (default 60 s; shorter in tests).</param>
internal sealed record ServeSettings(int? HealthPort, string HealthHost, bool RunAtStartup, Func<string, string?> Environment, string? InstanceId = null, TimeSpan? HeartbeatInterval = null);

using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CustomerData.Monitors.Service;

/// <summary>Healthy while the store (history, alert state, outbox) answers a query.</summary>
internal sealed class StoreHealthCheck(ServiceState state) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (state.Runtime.Stores is not { } stores)
        {
            return HealthCheckResult.Healthy("no store configured");
        }

        try
        {
            await stores.History.LastMeasuredAsync(["health"], cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy(stores.Description);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"store unreachable: {error.GetType().Name}");
        }
    }
}

/// <summary>Ready once a configuration is installed and scheduled.</summary>
internal sealed class ConfigurationHealthCheck(ServiceState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsReady
            ? HealthCheckResult.Healthy(state.Config.Config.Checks.Count == 1 ? "1 check" : $"{state.Config.Config.Checks.Count} checks")
            : HealthCheckResult.Unhealthy("no configuration installed yet"));
}

/// <summary>Unhealthy while anything keeps the service from its whole job (a rejected checks.json, blocked delivery).</summary>
internal sealed class ReadinessHealthCheck(Readiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.Problems is { Count: > 0 } problems
            ? HealthCheckResult.Unhealthy(string.Join("; ", problems))
            : HealthCheckResult.Healthy("nothing blocks the service"));
}

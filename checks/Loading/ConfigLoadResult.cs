using CustomerData.Checks.Definitions;

namespace CustomerData.Checks.Loading;

/// <summary>A loaded configuration, or every error found in it.</summary>
public sealed record ConfigLoadResult(MonitorConfig? Config, IReadOnlyList<ConfigError> Errors)
{
    public bool IsValid => Config is not null && Errors.Count == 0;
}

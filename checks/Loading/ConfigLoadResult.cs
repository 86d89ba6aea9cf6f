using CustomerData.Checks.Definitions;

namespace CustomerData.Checks.Loading;

/// <summary>A loaded configuration, or every error found in it.</summary>
/// <param name="ContentHash">SHA-256 of the bytes that were validated, when the file could be read: a watcher compares
/// the file on disk with what was loaded, not with what it finds on disk later.</param>
public sealed record ConfigLoadResult(MonitorConfig? Config, IReadOnlyList<ConfigError> Errors, byte[]? ContentHash = null)
{
    public bool IsValid => Config is not null && Errors.Count == 0;
}

using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;

namespace CustomerData.Checks.Sources;

/// <summary>A source that can check its checks against the warehouse itself: tables and columns exist, user SQL is a SELECT.</summary>
public interface IRemoteValidatingSource
{
    /// <summary>Problems found remotely, each at the JSON path of the check (or field) it concerns.</summary>
    Task<IReadOnlyList<RemoteFinding>> ValidateRemoteAsync(IReadOnlyList<(CheckDefinition Check, string Path)> checks, CancellationToken cancellationToken);
}

/// <summary>A problem found by asking the warehouse; warnings (such as a scan that cannot prune partitions) do not fail validation.</summary>
public sealed record RemoteFinding(ConfigProblem Problem, bool IsWarning = false);

